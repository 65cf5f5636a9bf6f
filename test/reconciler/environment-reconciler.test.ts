import { expect } from "chai";
import { ClusterError, type ClusterBackend } from "../../server/cluster/backend.js";
import { aborted, unavailable } from "../../server/errors.js";
import { plan } from "../../server/planner/plan.js";
import type { PlanInput } from "../../server/planner/types.js";
import { createEnvironmentReconciler, statusEquivalent } from "../../server/reconciler/environment-reconciler.js";
import { createScheduler, type SchedulerService } from "../../server/reconciler/scheduler-service.js";
import type { BloxStore } from "../../server/store/store.js";
import { createHarness, daemonSpec, deploy, ENV, run, until, type Harness } from "./support/harness.js";
import { silentLogger } from "../../server/observability/logger.js";

const reconcilerFor = (h: Harness, store: BloxStore = h.store, inputs: PlanInput[] = []) =>
  createEnvironmentReconciler({
    environmentName: ENV,
    store,
    clock: h.clock,
    plan: (input) => {
      inputs.push(input);
      return plan(input);
    },
    deletedRetentionMs: 60_000,
  });

describe("environment reconciler: one pass", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await h.store.createEnvironment(daemonSpec(), h.clock.now());
  });
  afterEach(async () => h.store.close());

  it("groups starts into one startTasks call per (revision, task definition) and tags the tasks", async () => {
    await deploy(h.store, h.clock, ENV, 1);
    const r = reconcilerFor(h);
    const result = await r.pass({ backend: h.sim, canAct: () => true });
    expect(result.outcome).to.equal("ok");
    expect(result.acted).to.equal(5);
    const calls = h.sim.actionLog().filter((e) => e.action === "startTasks");
    expect(calls).to.have.length(1);
    expect(calls[0]!.request!.containerInstanceArns).to.have.length(5);
    expect(result.appended).to.equal(1);
    expect(r.lastObservation()!.instances).to.have.length(5);
  });

  it("does not act when another writer took the journal sequence (ABORTED)", async () => {
    await deploy(h.store, h.clock, ENV, 1);
    const racing: BloxStore = { ...h.store, appendJournal: async () => Promise.reject(aborted("sequence 1 taken")) };
    const result = await reconcilerFor(h, racing).pass({ backend: h.sim, canAct: () => true });
    expect(result.outcome).to.equal("aborted");
    expect(h.sim.actionLog()).to.have.length(0);
  });

  it("does not act once canAct() says the lease may run out", async () => {
    await deploy(h.store, h.clock, ENV, 1);
    const result = await reconcilerFor(h).pass({ backend: h.sim, canAct: () => false });
    expect(result.outcome).to.equal("lease-expiring");
    expect(h.sim.actionLog()).to.have.length(0);
  });

  it("does not act when the store fails before the status is persisted", async () => {
    await deploy(h.store, h.clock, ENV, 1);
    const down: BloxStore = { ...h.store, appendJournal: async () => Promise.reject(unavailable("database down")) };
    let failed = false;
    await reconcilerFor(h, down)
      .pass({ backend: h.sim, canAct: () => true })
      .catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(h.sim.actionLog()).to.have.length(0);
  });

  it("passes StartTask failures to the next plan (they never create a task)", async () => {
    await deploy(h.store, h.clock, ENV, 1);
    const arn = h.sim.listInstances("default").then((i) => i[0]!.arn);
    h.sim.injectFault({ kind: "out-of-resources", instanceArn: await arn });
    const inputs: PlanInput[] = [];
    const r = reconcilerFor(h, h.store, inputs);
    await r.pass({ backend: h.sim, canAct: () => true });
    expect(inputs[0]!.startFailures).to.equal(undefined);
    await r.pass({ backend: h.sim, canAct: () => true });
    const failures = inputs[1]!.startFailures!;
    expect(failures).to.have.length(1);
    expect(failures[0]!.containerInstanceArn).to.equal(await arn);
    expect(failures[0]!.reason).to.match(/RESOURCE/);
    expect(failures[0]!.revision).to.equal(1);
  });

  it("shows an observation ClusterError as a condition, journals it once, and clears it", async () => {
    await deploy(h.store, h.clock, ENV, 1);
    let broken = true;
    const flaky: ClusterBackend = {
      ...h.sim,
      listInstances: async (c) => {
        if (broken) throw new ClusterError("cluster 'default' not found", "ClusterNotFound");
        return h.sim.listInstances(c);
      },
      listTasks: (c, id) => h.sim.listTasks(c, id),
      startTasks: (r) => h.sim.startTasks(r),
      stopTask: (c, t, why) => h.sim.stopTask(c, t, why),
    };
    const warnings: string[] = [];
    const r = createEnvironmentReconciler({
      environmentName: ENV,
      store: h.store,
      clock: h.clock,
      plan,
      deletedRetentionMs: 60_000,
      logger: { ...silentLogger, warn: (m) => void warnings.push(m) },
    });
    for (let i = 0; i < 5; i++) {
      await r.pass({ backend: flaky, canAct: () => true });
      h.clock.advance(1000);
    }
    const latest = (await h.store.latestJournal(ENV))!;
    const condition = latest.status.conditions.find((c) => c.type === "ClusterError");
    expect(condition?.reason).to.match(/not found/);
    expect(latest.sequence, "an unchanged condition is not re-journaled").to.equal(1);
    expect(warnings, "logged once, not on every pass").to.have.length(1);
    expect(h.sim.actionLog(), "never acts on a failed observation").to.have.length(0);

    broken = false;
    await r.pass({ backend: flaky, canAct: () => true });
    const after = (await h.store.latestJournal(ENV))!;
    expect(after.status.conditions.find((c) => c.type === "ClusterError")).to.equal(undefined);
    expect(h.sim.actionLog().length).to.be.greaterThan(0);
  });

  it("shows a ClusterError from StartTask (bad task definition) as a condition", async () => {
    await deploy(h.store, h.clock, ENV, 1);
    const badTd: ClusterBackend = {
      listInstances: (c) => h.sim.listInstances(c),
      listTasks: (c, id) => h.sim.listTasks(c, id),
      startTasks: async () => Promise.reject(new ClusterError("task definition log-daemon:1 not found", "InvalidTaskDefinition")),
      stopTask: (c, t, why) => h.sim.stopTask(c, t, why),
    };
    const r = reconcilerFor(h);
    const first = await r.pass({ backend: badTd, canAct: () => true });
    expect(first.again, "re-plans at once so the error shows").to.equal(true);
    await r.pass({ backend: badTd, canAct: () => true });
    const status = (await h.store.latestJournal(ENV))!.status;
    expect(status.conditions.map((c) => c.type)).to.include("ClusterError");
  });

  it("statusEquivalent ignores observedAt and the instance view only", async () => {
    await reconcilerFor(h).pass({ backend: h.sim, canAct: () => true });
    const s = (await h.store.latestJournal(ENV))!.status;
    expect(statusEquivalent(s, { ...s, observedAt: s.observedAt + 5, instances: [] })).to.equal(true);
    expect(statusEquivalent(s, { ...s, healthy: s.healthy + 1 })).to.equal(false);
    expect(statusEquivalent(s, { ...s, timers: { x: 1 } })).to.equal(false);
  });
});

describe("scheduler: deletion and purge", () => {
  let h: Harness;
  let scheduler: SchedulerService | undefined;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await scheduler?.stop();
    await h.store.close();
  });

  it("delete --terminate-tasks: Deleting → Deleted with 0 tasks, then purged after the retention", async () => {
    const { environment } = await h.store.createEnvironment(daemonSpec(), h.clock.now());
    scheduler = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r1", deletedRetentionMs: 60_000 });
    await scheduler.start();
    await deploy(h.store, h.clock, ENV, 1);
    await until(h.clock, async () => (await h.store.latestJournal(ENV))?.status.status === "Active", 60_000);
    const env = (await h.store.getEnvironment(ENV))!;
    await h.store.updateEnvironmentRecord(ENV, env.version, { lifecycle: "deleting", terminateTasks: true }, h.clock.now());
    scheduler.poke(ENV);
    await until(h.clock, async () => (await h.store.latestJournal(ENV))?.status.status === "Deleted", 60_000, 100, "Deleted");
    const record = (await h.store.getEnvironment(ENV))!;
    expect(record.lifecycle).to.equal("deleted");
    expect(record.purgeAfter! - record.deletedAt!).to.equal(60_000);
    const live = h.sim.listAllTasks("default").filter((t) => t.tags["blox:environment-id"] === environment.environmentId && t.lastStatus !== "STOPPED");
    expect(live).to.have.length(0);
    await until(h.clock, () => scheduler!.held().length === 0, 10_000, 100, "lease released");

    const actions = h.sim.actionLog().length;
    await run(h.clock, 70_000, 1000);
    expect(await h.store.getEnvironment(ENV)).to.equal(undefined);
    expect(h.sim.actionLog().length).to.equal(actions);
  });
});
