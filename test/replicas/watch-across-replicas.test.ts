// A watcher connected to replica A sees the whole transition sequence of a
// deployment that replica B's scheduler drives: in order, no gap, with the
// sequence numbers of B's journal (checked against DescribeEnvironmentStatus
// and ListEnvironmentEvents on B). Both watch paths of A: plain gRPC (the
// hand-written fast path) and the Connect protocol.
//
// B holds the lease because it runs alone while the environment is created;
// A starts afterwards and, finding the lease held by a live replica, takes
// nothing (leases are only taken when free or expired). The lease is checked
// before and after: owner B, epoch 1 throughout, so only B ever acted.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "chai";
import {
  EnvironmentService,
  EnvironmentStatus,
  EventType,
  WatchMessageKind,
  type EnvironmentEvent,
  type WatchEnvironmentStatusResponse,
} from "../../gen/blox/v1/environment_pb.js";
import type { BloxStore, Lease } from "../../server/store/store.js";
import { startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";
import { storeParams, type SharedStore } from "./support/stores.js";
import { eventually } from "./support/wait.js";

const ENV = "Replicas/Watched";
type Blox = Client<typeof EnvironmentService>;

const SIM_CONFIG = `
clusters:
  - name: default
    instances:
      - count: 6
        attributes: { stack: prod }
latencies: { start: 150ms, stop: 100ms }
`;

interface Watcher {
  messages: WatchEnvironmentStatusResponse[];
  done: Promise<void>;
  abort(): void;
}

function watch(client: Blox): Watcher {
  const controller = new AbortController();
  const messages: WatchEnvironmentStatusResponse[] = [];
  const done = (async () => {
    try {
      for await (const m of client.watchEnvironmentStatus({ environmentName: ENV }, { signal: controller.signal })) messages.push(m);
    } catch (err) {
      if (ConnectError.from(err).code !== Code.Canceled) throw err;
    }
  })();
  return { messages, done, abort: () => controller.abort() };
}

async function eventsAfter(client: Blox, after: bigint): Promise<EnvironmentEvent[]> {
  const out: EnvironmentEvent[] = [];
  let pageToken = "";
  do {
    const page = await client.listEnvironmentEvents({ environmentName: ENV, afterSequence: after, pageSize: 50, pageToken });
    out.push(...page.events);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return out;
}

const eventKey = (e: EnvironmentEvent) => ({
  sequence: e.sequence,
  index: e.index,
  type: EventType[e.type],
  revision: e.revision,
  deploymentId: e.deploymentId,
  message: e.message,
});

async function leaseOf(store: BloxStore): Promise<Lease | undefined> {
  return (await store.listLeases()).find((l) => l.environmentName === ENV);
}

for (const param of storeParams()) {
  describe(`replicas: a watcher on replica A follows a deployment driven by replica B (${param.name})`, function () {
    this.timeout(60_000);
    let shared: SharedStore | undefined;
    let store: BloxStore;
    let a: ServerProcess;
    let b: ServerProcess;

    before(async function () {
      shared = await param.create();
      store = await shared.open();
    });

    after(async () => {
      await stopAllProcesses();
      await shared?.dispose();
    });

    it("gRPC fast path and Connect: every transition, in order, with B's sequence numbers, no gaps", async () => {
      const simConfig = join(shared!.dir, "sim.yaml");
      writeFileSync(simConfig, SIM_CONFIG);
      const env = { BLOX_LEASE_TTL: "3s", BLOX_RESYNC_INTERVAL: "1s" };

      b = await startServerProcess({ replicaId: "replica-b", storeEnv: shared!.env, simConfig, env });
      const viaB = createClient(EnvironmentService, createGrpcTransport({ baseUrl: b.endpoint }));
      await viaB.createEnvironment({
        spec: { name: ENV, taskDefinition: "log-daemon:1", cluster: "default", instanceGroup: { query: "attribute:stack == prod" } },
      });
      const leaseBefore = await eventually(() => leaseOf(store), (l) => l?.owner === "replica-b", 10_000, "B takes the lease");

      a = await startServerProcess({ replicaId: "replica-a", storeEnv: shared!.env, simConfig, env });
      const grpcA = createClient(EnvironmentService, createGrpcTransport({ baseUrl: a.endpoint }));
      const connectA = createClient(EnvironmentService, createConnectTransport({ baseUrl: a.endpoint, httpVersion: "1.1" }));
      const watchers = { grpc: watch(grpcA), connect: watch(connectA) };
      for (const w of Object.values(watchers)) await eventually(async () => w.messages.length, (n) => n > 0, 10_000, "the first snapshot");

      // Deploy (through B: B's scheduler drives it, A only serves the watchers).
      const { deploymentId } = await viaB.deployEnvironment({ environmentName: ENV, revision: 1n });
      const final = await eventually(
        () => viaB.describeEnvironmentStatus({ environmentName: ENV }),
        (d) => d.status?.status === EnvironmentStatus.ACTIVE && d.status.targetRevision === 1n,
        30_000,
        "Active on B",
      );
      for (const [name, w] of Object.entries(watchers)) {
        await eventually(
          async () => w.messages.at(-1)?.sequence ?? 0n,
          (s) => s >= final.sequence,
          10_000,
          `${name} watcher reaches B's sequence ${final.sequence}`,
        );
        w.abort();
        await w.done;
      }

      const leaseAfter = await leaseOf(store);
      expect(leaseBefore).to.include({ owner: "replica-b", epoch: 1 });
      expect(leaseAfter, "B held the lease throughout: no takeover happened").to.include({ owner: "replica-b", epoch: 1 });

      for (const [name, w] of Object.entries(watchers)) {
        const msgs = w.messages.filter((m) => m.kind !== WatchMessageKind.HEARTBEAT);
        expect(msgs[0]!.kind, `${name}: first message`).to.equal(WatchMessageKind.SNAPSHOT);
        expect(msgs.slice(1).map((m) => WatchMessageKind[m.kind]), `${name}: then updates only`).to.satisfy((ks: string[]) =>
          ks.every((k) => k === "UPDATE"),
        );
        expect(msgs.some((m) => m.coalesced), `${name}: nothing coalesced`).to.equal(false);
        const start = msgs[0]!.sequence;
        const seqs = msgs.map((m) => m.sequence);
        expect(seqs, `${name}: consecutive sequences`).to.deep.equal(seqs.map((_, i) => start + BigInt(i)));
        expect(seqs.at(-1), `${name}: ends at B's latest`).to.equal(final.sequence);
        expect(msgs.at(-1)!.status?.status).to.equal(EnvironmentStatus.ACTIVE);
        expect(msgs.at(-1)!.status?.healthy).to.equal(6);

        // The events that came with the updates are exactly B's journal after the snapshot.
        const watched = msgs.slice(1).flatMap((m) => m.events.map((e) => ({ ...eventKey(e), carriedBy: m.sequence })));
        for (const e of watched) expect(e.sequence, `${name}: event under its own transition`).to.equal(e.carriedBy);
        const journal = (await eventsAfter(viaB, start)).filter((e) => e.sequence <= final.sequence);
        expect(watched.map(({ carriedBy: _, ...e }) => e), `${name}: events vs B's ListEnvironmentEvents`).to.deep.equal(
          journal.map(eventKey),
        );
        const types = watched.map((e) => e.type);
        expect(types, `${name}: the deployment's start and completion`).to.include.members(["DEPLOYMENT_STARTED", "DEPLOYMENT_COMPLETED"]);
        expect(types.indexOf("DEPLOYMENT_STARTED")).to.be.below(types.indexOf("DEPLOYMENT_COMPLETED"));
        expect(watched.filter((e) => e.deploymentId === deploymentId).length, `${name}: events of ${deploymentId}`).to.be.greaterThan(0);
        // Statuses walk Created/Deploying → Active without going back.
        const statuses = msgs.map((m) => EnvironmentStatus[m.status!.status]);
        expect(statuses).to.include("DEPLOYING");
        expect(statuses.lastIndexOf("DEPLOYING")).to.be.below(statuses.indexOf("ACTIVE"));
        console.log(`      ${name} on A: sequences ${start}..${seqs.at(-1)}, ${watched.length} events, statuses ${statuses.join(" ")}`);
      }
      // Both protocols saw the same transitions.
      const strip = (w: Watcher) =>
        w.messages.filter((m) => m.kind === WatchMessageKind.UPDATE).map((m) => ({ seq: m.sequence, events: m.events.map(eventKey) }));
      const grpcUpdates = strip(watchers.grpc);
      const connectUpdates = strip(watchers.connect);
      const common = grpcUpdates.filter((u) => connectUpdates.some((c) => c.seq === u.seq));
      expect(common.length).to.be.greaterThan(0);
      for (const u of common) expect(connectUpdates.find((c) => c.seq === u.seq)).to.deep.equal(u);
    });
  });
}
