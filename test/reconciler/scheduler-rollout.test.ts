import { expect } from "chai";
import { TAG_ENVIRONMENT_ID, TAG_REVISION, type ClusterTask } from "../../server/domain/cluster.js";
import { createScheduler, type SchedulerService } from "../../server/reconciler/scheduler-service.js";
import { assertNoDoubleStarts } from "./support/invariants.js";
import { createHarness, daemonSpec, deploy, ENV, run, until, type Harness } from "./support/harness.js";

/** Live (not stopped) tasks of the environment in the simulator. */
function liveTasks(h: Harness, environmentId: string): ClusterTask[] {
  return h.sim.listAllTasks("default").filter((t) => t.tags[TAG_ENVIRONMENT_ID] === environmentId && t.lastStatus !== "STOPPED");
}

describe("scheduler: rollouts on the simulator", function () {
  let h: Harness;
  let scheduler: SchedulerService;

  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await scheduler?.stop();
    await h.store.close();
  });

  const status = async () => (await h.store.latestJournal(ENV))?.status;

  it("deploy 1 converges to Active 5/5/5, then update + deploy 2 converges", async () => {
    const { environment } = await h.store.createEnvironment(daemonSpec(), h.clock.now());
    scheduler = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r1" });
    await scheduler.start();
    await until(h.clock, async () => (await status())?.status === "Created", 10_000, 100, "Created");
    expect((await status())!.revisions.find((r) => r.revision === 1)!.total).to.equal(5);

    const d1 = await deploy(h.store, h.clock, ENV, 1);
    scheduler.poke(ENV);
    await until(h.clock, async () => (await status())?.status === "Active", 60_000, 100, "Active after deploy 1");
    const s1 = (await status())!;
    expect([s1.desired, s1.healthy, s1.total]).to.deep.equal([5, 5, 5]);
    expect(liveTasks(h, environment.environmentId)).to.have.length(5);
    expect((await h.store.getDeployment(d1))!.state).to.equal("completed");

    await h.store.updateEnvironment(ENV, 1, (s) => ({ ...s, taskDefinition: "log-daemon:2" }), h.clock.now());
    const d2 = await deploy(h.store, h.clock, ENV, 2);
    scheduler.poke(ENV);
    await until(
      h.clock,
      async () => {
        const s = await status();
        return s?.status === "Active" && s.targetRevision === 2;
      },
      120_000,
      100,
      "Active after deploy 2",
    );
    const s2 = (await status())!;
    expect(s2.revisions.find((r) => r.revision === 1)!.status).to.equal("Inactive");
    const r2 = s2.revisions.find((r) => r.revision === 2)!;
    expect([r2.status, r2.desired, r2.healthy, r2.total]).to.deep.equal(["Active", 5, 5, 5]);
    const live = liveTasks(h, environment.environmentId);
    expect(live.map((t) => t.taskDefinition)).to.deep.equal(Array(5).fill("log-daemon:2"));
    expect((await h.store.getDeployment(d2))!.state).to.equal("completed");
    assertNoDoubleStarts(h);

    // Sequences have no gaps and every action carries the lease's actor.
    const journal = await h.store.readJournal(ENV, 0, 10_000);
    expect(journal.map((e) => e.sequence)).to.deep.equal(journal.map((_, i) => i + 1));
    expect(new Set(h.sim.actionLog().map((e) => e.actor))).to.deep.equal(new Set(["r1#1"]));
    // Tasks carry the group and a startedBy that fits ECS.
    const started = h.sim.actionLog().find((e) => e.action === "startTasks")!.request!;
    expect(started.group).to.equal(`blox:${environment.environmentId}`);
    expect(started.startedBy.length).to.be.at.most(36);
    expect(started.tags[TAG_REVISION]).to.equal("1");
  });

  it("reaches steady state: no journal entries or actions while nothing changes", async () => {
    await h.store.createEnvironment(daemonSpec(), h.clock.now());
    scheduler = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r1" });
    await scheduler.start();
    await deploy(h.store, h.clock, ENV, 1);
    scheduler.poke(ENV);
    await until(h.clock, async () => (await status())?.status === "Active", 60_000);
    const seq = (await h.store.latestJournal(ENV))!.sequence;
    const actions = h.sim.actionLog().length;
    await run(h.clock, 60_000, 1000);
    expect((await h.store.latestJournal(ENV))!.sequence).to.equal(seq);
    expect(h.sim.actionLog().length).to.equal(actions);
  });
});
