// Read your writes: once a mutating RPC has returned, a new watch's first
// message reflects it, even before the scheduler journals the change. The
// scheduler's journal writes are held back here, so the test does not depend
// on who wins a race: before the fix the first snapshot was the stale entry.

import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBloxClient, type BloxClient, type BloxProtocol } from "../../client/client.js";
import { EnvironmentStatus, RevisionStatus } from "../../gen/blox/v1/environment_pb.js";
import { createBloxApp, type BloxApp } from "../../server/app.js";
import { systemClock } from "../../server/clock.js";
import { createSimulatedCluster, DEFAULT_SIM_CONFIG } from "../../server/cluster/simulator/index.js";
import { loadConfig } from "../../server/config.js";
import { silentLogger } from "../../server/observability/logger.js";
import { createStoreFromConfig } from "../../server/store/create-store.js";
import type { BloxStore } from "../../server/store/store.js";
import { WALKTHROUGH_ENV as ENV, WALKTHROUGH_SPEC } from "./support/watch-server.js";

/** The store, with journal appends parked while `held` (they complete when released). */
function holdingJournal(store: BloxStore) {
  let held = false;
  let parked: (() => void)[] = [];
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (key !== "appendJournal" || typeof v !== "function") return typeof v === "function" ? v.bind(target) : v;
      return async (...args: unknown[]) => {
        if (held) await new Promise<void>((resolve) => parked.push(resolve));
        return v.apply(target, args);
      };
    },
  });
  return {
    store: wrapped,
    hold: () => void (held = true),
    release: () => {
      held = false;
      const p = parked;
      parked = [];
      for (const r of p) r();
    },
  };
}

describe("watch: read your writes", function () {
  this.timeout(30_000);
  let dir: string;
  let app: BloxApp;
  let gate: ReturnType<typeof holdingJournal>;
  let endpoint: string;
  const backend = () => createSimulatedCluster({ clock: systemClock, config: { ...DEFAULT_SIM_CONFIG, latencies: { startMs: 50, stopMs: 30 } } });
  let sim: ReturnType<typeof backend>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "blox-read-your-writes-"));
    const config = loadConfig({ BLOX_LISTEN: "127.0.0.1:0", BLOX_DATA_DIR: dir, BLOX_REPLICA_ID: "ryw" }, []);
    gate = holdingJournal(createStoreFromConfig({ kind: "sqlite", dataDir: dir, logger: silentLogger }));
    sim = backend();
    app = createBloxApp(config, { backend: sim, store: gate.store, logger: silentLogger, shutdownGraceMs: 200 });
    const { host, port } = await app.start();
    endpoint = `http://${host}:${port}`;
  });
  afterEach(async () => {
    gate.release();
    await app.stop();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const firstMessage = async (client: BloxClient, instances = false) => {
    const controller = new AbortController();
    try {
      for await (const m of client.watchEnvironmentStatus({ environmentName: ENV, instances }, { signal: controller.signal })) return m;
    } finally {
      controller.abort();
    }
    throw new Error("the watch ended without a message");
  };

  /** Waits until the scheduler has journaled the environment's first status. */
  const journaled = async (client: BloxClient) => {
    for (let i = 0; i < 200; i++) {
      if ((await client.describeEnvironmentStatus({ environmentName: ENV })).sequence > 0n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("nothing journaled");
  };

  const protocols: BloxProtocol[] = ["grpc", "connect"];
  for (const protocol of protocols) {
    it(`${protocol}: the first message after a deploy, a freeze and an update shows them`, async () => {
      const client = createBloxClient({ endpoint, protocol, timeoutMs: 10_000 });
      await client.createEnvironment({ spec: WALKTHROUGH_SPEC });
      await journaled(client);
      gate.hold(); // from here on the scheduler cannot journal anything

      await client.deployEnvironment({ environmentName: ENV, revision: 1n });
      let m = await firstMessage(client);
      expect(m.status?.status).to.equal(EnvironmentStatus.DEPLOYING);
      expect(m.status?.targetRevision).to.equal(1n);
      expect(m.status?.revisions.map((r) => r.status)).to.deep.equal([RevisionStatus.DEPLOYING]);

      await client.freezeEnvironment({ environmentName: ENV });
      m = await firstMessage(client);
      expect(m.status?.status).to.equal(EnvironmentStatus.FROZEN);

      await client.updateEnvironment({ environmentName: ENV, baseRevision: 1n, taskDefinition: "log-daemon:2" });
      m = await firstMessage(client, true);
      expect(m.status?.latestRevision).to.equal(2n);
      expect(m.status?.instances.length, "with the instance view").to.be.greaterThan(0);

      // The journal has not moved: the stream's sequence is still that of the held-back journal.
      const d = await client.describeEnvironmentStatus({ environmentName: ENV });
      expect(m.sequence).to.equal(d.sequence);
    });
  }
});
