// The default simulator lives in the server process. Its state is kept in the
// data directory, so a server restarted on the same BLOX_DATA_DIR finds its
// simulated tasks where they were: a rollout goes on, an Active environment
// stays Active (before, a restart showed 0 of 5 healthy and started over).

import { expect } from "chai";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createBloxClient, type BloxClient } from "../../client/client.js";
import { EnvironmentStatus, type EnvironmentStatusView } from "../../gen/blox/v1/environment_pb.js";
import { WALKTHROUGH_ENV as ENV, WALKTHROUGH_SPEC } from "../watch/support/watch-server.js";
import { FAST_SIM_CONFIG, startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";

const client = (server: ServerProcess): BloxClient => createBloxClient({ endpoint: server.endpoint, protocol: "grpc", timeoutMs: 10_000 });

async function statusOf(server: ServerProcess): Promise<EnvironmentStatusView> {
  return (await client(server).describeEnvironmentStatus({ environmentName: ENV, instances: true })).status!;
}

async function waitFor(server: ServerProcess, what: string, predicate: (s: EnvironmentStatusView) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await statusOf(server);
    if (predicate(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last status ${s.status} ${s.healthy}/${s.total}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const taskArns = (s: EnvironmentStatusView) => s.instances.flatMap((i) => i.tasks.map((t) => `${i.ec2InstanceId} ${t.taskArn} r${t.revision}`)).sort();

/** Every event after `afterSequence` (the journal's own sequence numbers). */
async function eventsAfter(server: ServerProcess, afterSequence: bigint) {
  const { events } = await client(server).listEnvironmentEvents({ environmentName: ENV, afterSequence, pageSize: 1000 });
  return events;
}

describe("simulator state survives a server restart (real processes, same data dir)", function () {
  this.timeout(120_000);
  afterEach(() => stopAllProcesses());

  for (const how of ["stop", "kill"] as const) {
    it(`${how === "stop" ? "SIGTERM" : "SIGKILL"}: an Active environment keeps its tasks, healthy throughout`, async () => {
      const server = await startServerProcess();
      await client(server).createEnvironment({ spec: WALKTHROUGH_SPEC });
      await client(server).deployEnvironment({ environmentName: ENV, revision: 1n });
      const before = await waitFor(server, "Active", (s) => s.status === EnvironmentStatus.ACTIVE && s.healthy === 5);
      const { sequence } = await client(server).describeEnvironmentStatus({ environmentName: ENV });
      // The state file is written within a fraction of a second of a change; a SIGKILL only loses that much.
      await new Promise((r) => setTimeout(r, 500));
      if (how === "stop") await server.stop();
      else await server.kill();

      await server.restart();
      // Give the scheduler several passes (resync 200 ms) on the restored cluster.
      await new Promise((r) => setTimeout(r, 1500));
      const after = await statusOf(server);
      expect(after.status).to.equal(EnvironmentStatus.ACTIVE);
      expect(`${after.healthy}/${after.total}`).to.equal("5/5");
      expect(taskArns(after), "the same tasks on the same instances").to.deep.equal(taskArns(before));
      const later = await eventsAfter(server, sequence);
      expect(later.map((e) => e.message), "nothing happened to the environment across the restart").to.deep.equal([]);
      expect(existsSync(join(server.dataDir, "simulator.json")), "simulator.json in the data dir").to.equal(true);
    });
  }

  it("a rollout under way goes on where it stood", async () => {
    const server = await startServerProcess({ simConfig: { ...FAST_SIM_CONFIG, latencies: { start: "1500ms", stop: "50ms" } } });
    await client(server).createEnvironment({ spec: WALKTHROUGH_SPEC });
    await client(server).deployEnvironment({ environmentName: ENV, revision: 1n });
    const pending = await waitFor(server, "5 pending tasks", (s) => s.instances.flatMap((i) => i.tasks).length === 5);
    expect(pending.healthy).to.equal(0);
    await server.stop();
    await server.restart();
    const active = await waitFor(server, "Active", (s) => s.status === EnvironmentStatus.ACTIVE);
    expect(taskArns(active), "the pending tasks came up; none started again").to.deep.equal(taskArns(pending));
  });
});
