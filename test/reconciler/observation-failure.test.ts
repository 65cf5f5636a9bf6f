// A reconciler that has never observed the cluster (a restarted replica, or
// one that just took a lease over) and whose first observation fails must not
// plan as if the cluster were empty: that would mark the deployment completed
// (0 of 0 healthy), or a Deleting environment Deleted while its tasks run on.

import { expect } from "chai";
import { ClusterError, type ClusterBackend } from "../../server/cluster/backend.js";
import { plan } from "../../server/planner/plan.js";
import type { PlanInput } from "../../server/planner/types.js";
import { createEnvironmentReconciler } from "../../server/reconciler/environment-reconciler.js";
import { createHarness, daemonSpec, deploy, ENV, type Harness } from "./support/harness.js";

const reconciler = (h: Harness) =>
  createEnvironmentReconciler({ environmentName: ENV, store: h.store, clock: h.clock, plan, deletedRetentionMs: 60_000 });

/** The simulator, with listInstances failing while `broken.on`. */
function flaky(h: Harness, broken: { on: boolean }): ClusterBackend {
  return {
    listInstances: async (c) => {
      if (broken.on) throw new ClusterError("AccessDeniedException: expired credentials", "AccessDenied");
      return h.sim.listInstances(c);
    },
    listTasks: (c, id) => h.sim.listTasks(c, id),
    startTasks: (r) => h.sim.startTasks(r),
    stopTask: (c, t, why) => h.sim.stopTask(c, t, why),
  };
}

describe("reconciler: first observation fails after a restart", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await h.store.createEnvironment(daemonSpec(), h.clock.now());
  });
  afterEach(async () => h.store.close());

  /** Revision 1 deployed and its 5 tasks started (pending) by a first replica. */
  async function midDeploy(): Promise<string> {
    const id = await deploy(h.store, h.clock, ENV, 1);
    const first = reconciler(h);
    await first.pass({ backend: h.sim, canAct: () => true });
    h.clock.advance(500);
    await first.pass({ backend: h.sim, canAct: () => true });
    const s = (await h.store.latestJournal(ENV))!.status;
    expect(`${s.status} ${s.desired}/${s.healthy}/${s.total}`).to.equal("Deploying 5/0/5");
    return id;
  }

  const cases: { name: string; setup: () => Promise<string | undefined>; check: (deploymentId: string | undefined) => Promise<void> }[] = [
    {
      name: "a deployment in progress is not completed, and the status keeps its counts",
      setup: midDeploy,
      check: async (id) => {
        expect((await h.store.getDeployment(id!))!.state).to.equal("in_progress");
        const latest = (await h.store.latestJournal(ENV))!;
        const s = latest.status;
        expect(`${s.status} ${s.desired}/${s.healthy}/${s.total}`).to.equal("Deploying 5/0/5");
        expect(s.revisions.map((r) => `${r.revision}:${r.status} ${r.tasks}`)).to.deep.equal(["1:Deploying 5"]);
        expect(latest.events.map((e) => e.type)).to.deep.equal(["cluster_error"]);
      },
    },
    {
      name: "a Deleting environment stays Deleting",
      setup: async () => {
        await midDeploy();
        const env = (await h.store.getEnvironment(ENV))!;
        await h.store.updateEnvironmentRecord(ENV, env.version, { lifecycle: "deleting", terminateTasks: true }, h.clock.now());
        return undefined;
      },
      check: async () => {
        expect((await h.store.getEnvironment(ENV))!.lifecycle).to.equal("deleting");
        const s = (await h.store.latestJournal(ENV))!.status;
        expect(s.status).to.not.equal("Deleted");
      },
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const id = await c.setup();
      const broken = { on: true };
      const restarted = reconciler(h);
      const before = h.sim.actionLog().length;
      for (let k = 0; k < 3; k++) {
        await restarted.pass({ backend: flaky(h, broken), canAct: () => true });
        h.clock.advance(1000);
      }
      await c.check(id);
      const s = (await h.store.latestJournal(ENV))!.status;
      expect(s.conditions.find((x) => x.type === "ClusterError")?.reason).to.match(/expired credentials/);
      expect(h.sim.actionLog().length, "no action on a failed observation").to.equal(before);

      // Once the cluster answers again, the reconciler carries on from the real state.
      broken.on = false;
      await restarted.pass({ backend: flaky(h, broken), canAct: () => true });
      const after = (await h.store.latestJournal(ENV))!.status;
      expect(after.conditions.find((x) => x.type === "ClusterError")).to.equal(undefined);
    });
  }

  it("deployed before the cluster ever answered: Deploying with the ClusterError, the deployment not completed", async () => {
    const id = await deploy(h.store, h.clock, ENV, 1);
    await reconciler(h).pass({ backend: flaky(h, { on: true }), canAct: () => true });
    const latest = (await h.store.latestJournal(ENV))!;
    expect(latest.status.status).to.equal("Deploying");
    expect(latest.status.conditions.map((x) => x.type)).to.deep.equal(["ClusterError"]);
    expect(latest.events.map((e) => e.type)).to.not.include("deployment_completed");
    expect((await h.store.getDeployment(id))!.state).to.equal("in_progress");
  });

  it("a brand-new environment whose cluster cannot be observed still shows the ClusterError", async () => {
    await reconciler(h).pass({ backend: flaky(h, { on: true }), canAct: () => true });
    const s = (await h.store.latestJournal(ENV))!.status;
    expect(s.status).to.equal("Created");
    expect(s.conditions.map((x) => x.type)).to.deep.equal(["ClusterError"]);
  });
});

describe("reconciler: starts that keep failing", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    const spec = daemonSpec();
    await h.store.createEnvironment({ ...spec, deployment: { ...spec.deployment, stuckTimeoutMs: 60_000 } }, h.clock.now());
  });
  afterEach(async () => h.store.close());

  it("remembers at most the first and the latest failure per instance and reason, however many retries", async () => {
    await deploy(h.store, h.clock, ENV, 1);
    const instances = await h.sim.listInstances("default");
    for (const i of instances) h.sim.injectFault({ kind: "out-of-resources", instanceArn: i.arn });
    const inputs: PlanInput[] = [];
    const r = createEnvironmentReconciler({
      environmentName: ENV,
      store: h.store,
      clock: h.clock,
      plan: (input) => {
        inputs.push(input);
        return plan(input);
      },
      deletedRetentionMs: 60_000,
    });
    for (let k = 0; k < 30; k++) {
      await r.pass({ backend: h.sim, canAct: () => true });
      h.clock.advance(5_000);
    }
    const last = inputs[inputs.length - 1]!.startFailures!;
    // Before: one entry per instance per pass (145 here; millions on a large fleet in 10 minutes).
    expect(last.length).to.equal(2 * instances.length);
    const events = [];
    for (let seq = 1; ; seq++) {
      const page = await h.store.readJournal(ENV, seq - 1, 1);
      if (page.length === 0) break;
      events.push(...page[0]!.events);
    }
    const failed = events.filter((e) => e.type === "task_failed");
    expect(failed.map((e) => e.message.replace(/ on .*:/, ":"))).to.have.length(instances.length);
    const stuck = (await h.store.latestJournal(ENV))!.status.revisions[0]!.conditions.find((c) => c.type === "Stuck");
    expect(stuck?.reason).to.match(/^5 tasks failed to start: RESOURCE/);
  });
});
