// The scheduler in ECS mode: real SDK over real HTTP to the local endpoint,
// a restart in the middle of a rollout, ownership rebuilt from tags alone.

import { ECSClient } from "@aws-sdk/client-ecs";
import { expect } from "chai";
import { TAG_ENVIRONMENT_ID } from "../../server/domain/cluster.js";
import { createEcsBackend, type EcsBackend } from "../../server/cluster/ecs/ecs-backend.js";
import { createEcsEndpoint, type EcsEndpoint } from "../../tools/ecs-endpoint/ecs-endpoint.js";
import { createScheduler, type SchedulerService } from "../../server/reconciler/scheduler-service.js";
import { assertNoDoubleStarts } from "../reconciler/support/invariants.js";
import { createHarness, daemonSpec, deploy, ENV, simConfig, type Harness } from "../reconciler/support/harness.js";

/** Steps the fake clock until `predicate` holds, giving sockets real time to move between steps. */
async function until(h: Harness, predicate: () => Promise<boolean>, maxMs: number, what: string): Promise<void> {
  const start = h.clock.now();
  for (;;) {
    for (let i = 0; i < 3; i++) await new Promise<void>((r) => setTimeout(r, 1));
    if (await predicate()) return;
    if (h.clock.now() - start > maxMs) throw new Error(`timed out after ${maxMs} ms of clock time waiting for ${what}`);
    h.clock.advance(250);
  }
}

describe("scheduler in ECS mode (local endpoint, real SDK)", function () {
  this.timeout(60_000);
  let h: Harness;
  let endpoint: EcsEndpoint;
  let url: string;
  const clients: ECSClient[] = [];
  const schedulers: SchedulerService[] = [];

  function backend(): EcsBackend {
    const client = new ECSClient({ region: "us-east-1", endpoint: url, credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
    clients.push(client);
    return createEcsBackend({ client, clock: h.clock, rateLimitPerSecond: 1000 });
  }

  async function activeAt(revision: number): Promise<boolean> {
    const s = (await h.store.latestJournal(ENV))?.status;
    return s?.status === "Active" && s.targetRevision === revision;
  }

  beforeEach(async () => {
    h = await createHarness(simConfig(20));
    endpoint = createEcsEndpoint({ cluster: h.sim, clock: h.clock });
    url = await endpoint.listen(0);
  });
  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop();
    for (const c of clients.splice(0)) c.destroy();
    await endpoint.close();
    await h.sim.close();
    await h.store.close();
  });

  it("completes a rollout across a restart without double starts, near the StartTask lower bound", async () => {
    const spec = daemonSpec({ deployment: { ...daemonSpec().deployment, method: "ReplaceThenTerminate", limits: { minHealthyPercent: 80, maxOverPercent: 50 } } });
    await h.store.createEnvironment(spec, h.clock.now());
    const b1 = backend();
    const s1 = createScheduler({ store: h.store, backend: b1, clock: h.clock, owner: "r1" });
    schedulers.push(s1);
    await s1.start();
    await deploy(h.store, h.clock, ENV, 1);
    await until(h, () => activeAt(1), 120_000, "rev 1 Active");
    expect(b1.callCounts().StartTask).to.equal(2); // ceil(20/10)

    await h.store.updateEnvironment(ENV, 1, (s) => ({ ...s, taskDefinition: "log-daemon:2" }), h.clock.now());
    const before = h.sim.actionLog().length;
    await deploy(h.store, h.clock, ENV, 2);
    await until(h, async () => h.sim.actionLog().length >= before + 2, 60_000, "rollout under way");
    await s1.stop();
    schedulers.splice(schedulers.indexOf(s1), 1);
    expect(await activeAt(2), "the restart falls in the middle of the rollout").to.equal(false);

    // A new process: a fresh backend with no memory, so ownership comes from tags.
    const b2 = backend();
    const s2 = createScheduler({ store: h.store, backend: b2, clock: h.clock, owner: "r2" });
    schedulers.push(s2);
    await s2.start();
    await until(h, () => activeAt(2), 240_000, "rev 2 Active after restart");

    assertNoDoubleStarts(h);
    const env = (await h.store.getEnvironment(ENV))!;
    const live = h.sim.listAllTasks("default").filter((t) => t.tags[TAG_ENVIRONMENT_ID] === env.environmentId && t.lastStatus !== "STOPPED");
    expect(live.map((t) => t.taskDefinition).sort()).to.deep.equal(Array(20).fill("log-daemon:2"));
    const starts2 = h.sim.actionLog().slice(before).filter((e) => e.action === "startTasks");
    const stops2 = h.sim.actionLog().slice(before).filter((e) => e.action === "stopTask");
    expect(starts2.flatMap((e) => e.result!.started)).to.have.length(20);
    expect(stops2).to.have.length(20);
    // Surge 50% of 20 = 10 per step: one StartTask per step, plus at most one per restart.
    expect(starts2.length).to.be.at.most(3);
  });
});
