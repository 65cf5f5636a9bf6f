import { expect } from "chai";
import { createScheduler, type SchedulerService } from "../../server/reconciler/scheduler-service.js";
import { createObservationBoard } from "../../server/status/observation.js";
import { createStatusReader } from "../../server/status/status-reader.js";
import { createHarness, daemonSpec, deploy, ENV, until, type Harness } from "../reconciler/support/harness.js";

describe("status reader", function () {
  let h: Harness;
  let scheduler: SchedulerService | undefined;

  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await h.store.close();
  });

  const status = async () => (await h.store.latestJournal(ENV))?.status;

  it("describe: latest journaled status, the instance view, NOT_FOUND", async () => {
    await h.store.createEnvironment(daemonSpec(), h.clock.now());
    const observations = createObservationBoard();
    scheduler = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r1", observations });
    const reader = createStatusReader({ store: h.store, backend: h.sim, clock: h.clock, observations });
    // Before start: nothing journaled, describe plans without acting.
    const before = await reader.describe(ENV, { instances: false });
    expect(before.sequence).to.equal(0);
    expect(before.status.status).to.equal("Created");
    expect(h.sim.actionLog()).to.have.length(0);

    await scheduler.start();
    await deploy(h.store, h.clock, ENV, 1);
    scheduler.poke(ENV);
    await until(h.clock, async () => (await status())?.status === "Active", 60_000);
    const d = await reader.describe(ENV, { instances: true });
    expect(d.sequence).to.equal((await h.store.latestJournal(ENV))!.sequence);
    const rows = d.status.instances!;
    expect(rows).to.have.length(5);
    for (const row of rows) {
      expect(row.inGroup).to.equal(true);
      expect(row.tasks.filter((t) => t.state === "running" && t.revision === 1 && t.healthy)).to.have.length(1);
    }
    // The instance view came from the loop's own observation, not from another look at the cluster.
    expect(observations.latest(ENV), "the loop records its observation").to.not.equal(undefined);
    const plain = await reader.describe(ENV, { instances: false });
    expect(plain.status.instances).to.equal(undefined);
    try {
      await reader.describe("Nope", { instances: false });
      expect.fail("describe of an unknown environment must fail");
    } catch (err) {
      expect(String(err)).to.match(/not found/);
      expect((err as { code?: number }).code).to.equal(5); // NOT_FOUND
    }
  });

  it("nothing journaled yet: plans once from the recorded observation, without a cluster call or an action", async () => {
    const { environment } = await h.store.createEnvironment(daemonSpec(), h.clock.now());
    await deploy(h.store, h.clock, ENV, 1);
    const observations = createObservationBoard();
    observations.record(ENV, {
      instances: await h.sim.listInstances(environment.cluster),
      tasks: await h.sim.listTasks(environment.cluster, environment.environmentId),
      at: h.clock.now(),
    });
    let backendCalls = 0;
    const counting = new Proxy(h.sim, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        return typeof v === "function" ? (...args: unknown[]) => (backendCalls++, v.apply(target, args)) : v;
      },
    });
    const reader = createStatusReader({ store: h.store, backend: counting, clock: h.clock, observations });
    const d = await reader.describe(ENV, { instances: true });
    expect(d.sequence).to.equal(0);
    expect(d.status.targetRevision).to.equal(1);
    expect(d.status.status).to.equal("Deploying");
    expect(d.status.instances).to.have.length(5);
    expect(backendCalls, "served from the recorded observation").to.equal(0);
    expect(h.sim.actionLog()).to.have.length(0);
    // Without a recorded observation, the reader looks at the cluster itself.
    await createStatusReader({ store: h.store, backend: counting, clock: h.clock }).describe(ENV, { instances: false });
    expect(backendCalls).to.be.greaterThan(0);
  });

  it("forgets a loop's observation when the loop stops", async () => {
    await h.store.createEnvironment(daemonSpec(), h.clock.now());
    const observations = createObservationBoard();
    scheduler = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r1", observations });
    await scheduler.start();
    await until(h.clock, async () => observations.latest(ENV) !== undefined, 10_000);
    await scheduler.stop();
    scheduler = undefined;
    expect(observations.latest(ENV)).to.equal(undefined);
  });
});
