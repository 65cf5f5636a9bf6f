// The design doc's walkthrough through the real API service (in process),
// the real reconciler and planner, on both cluster backends (the simulator
// directly, and real ECS SDK calls over HTTP to the local endpoint), with
// the cluster invariants checked after every step:
//
//   create → Created, TOTAL 5; deploy 1 → Active 5/5/5; update to
//   log-daemon:2 and deploy → rev 1 Inactive, rev 2 Active; group →
//   `attribute:stack in (prod, gamma)` and deploy → TOTAL 8, the 5 prod tasks
//   adopted without restart, 3 started; rollback to 2 → rev 3 Reverting →
//   Reverted; freeze in the middle of a rollout → Frozen, no cluster action
//   until thaw; delete --terminate-tasks → Deleting → Deleted, 0 tasks.

import { expect } from "chai";
import { EnvironmentStatus } from "../../gen/blox/v1/environment_pb.js";
import { assertNoDoubleStarts } from "../reconciler/support/invariants.js";
import type { Harness } from "../reconciler/support/harness.js";
import { BACKENDS, createEngine, ENV, statusLine, type Engine } from "./support/engine.js";
import { deploy, specInit } from "./support/scenario.js";

const line = async (e: Engine) => statusLine((await e.status())!);

async function walkthrough(e: Engine): Promise<void> {
  // create → Created; nothing moves before the first deploy.
  await e.api.createEnvironment({ spec: specInit({ method: "TerminateThenReplace", minHealthyPercent: 60 }) });
  await e.reconcile();
  expect(await line(e)).to.equal("Created 0 0 0 5 | 1:Created 0/0/5");
  await e.advance();
  expect(e.sim.actionLog()).to.have.length(0);

  // deploy 1 → Active 5/5/5.
  await deploy(e, 1);
  expect(await line(e)).to.match(/^Deploying 0 5 \d 5 \| 1:Deploying 5\/\d\/5$/);
  await e.runToConvergence();
  expect(await line(e)).to.equal("Active 0 5 5 5 | 1:Active 5/5/5");
  const described = (await e.api.describeEnvironmentStatus({ environmentName: ENV })).status!;
  expect([EnvironmentStatus[described.status], described.desired, described.healthy, described.total]).to.deep.equal(["ACTIVE", 5, 5, 5]);

  // update to log-daemon:2: nothing moves until deploy; deploy 2 replaces all 5.
  await e.api.updateEnvironment({ environmentName: ENV, baseRevision: 1n, taskDefinition: "log-daemon:2" });
  const beforeUpdate = e.sim.actionLog().length;
  await e.advance();
  expect(e.sim.actionLog().length).to.equal(beforeUpdate);
  expect(await line(e)).to.equal("Active 0 5 5 5 | 1:Active 5/5/5 2:Created 0/0/0");
  await deploy(e, 2);
  await e.runToConvergence();
  expect(await line(e)).to.equal("Active 0 5 5 5 | 1:Inactive 0/0/0 2:Active 5/5/5");
  const prodTasks = (await e.liveTasks()).map((t) => t.arn).sort();
  expect(prodTasks).to.have.length(5);

  // group → prod and gamma: TOTAL 8, the 5 prod tasks adopted (no stop), 3 started on gamma.
  await e.api.updateEnvironment({ environmentName: ENV, baseRevision: 2n, instanceGroupQuery: "attribute:stack in (prod, gamma)" });
  const beforeGroup = e.sim.actionLog().length;
  await deploy(e, 3);
  const groupActions = e.sim.actionLog().slice(beforeGroup);
  expect(groupActions.filter((a) => a.action === "stopTask"), "adopted, not restarted").to.deep.equal([]);
  const gammaStarts = groupActions.flatMap((a) => a.result?.started ?? []);
  expect(gammaStarts).to.have.length(3);
  for (const arn of gammaStarts) {
    const on = e.sim.getTask("default", arn)!.containerInstanceArn;
    expect(e.sim.getInstance("default", on)!.attributes.stack).to.equal("gamma");
  }
  expect(await line(e)).to.equal("Deploying 0 8 5 8 | 1:Inactive 0/0/0 2:Inactive 0/0/0 3:Deploying 8/5/8");
  await e.runToConvergence();
  expect(await line(e)).to.equal("Active 0 8 8 8 | 1:Inactive 0/0/0 2:Inactive 0/0/0 3:Active 8/8/8");
  const eight = await e.liveTasks();
  expect(eight).to.have.length(8);
  expect(eight.map((t) => t.arn).filter((a) => prodTasks.includes(a)).sort(), "the prod tasks still run").to.deep.equal(prodTasks);

  // rollback to 2 (prod only, same task definition): the gamma tasks are
  // stopped, the prod tasks adopted back; rev 3 Reverting → Reverted.
  const traceMark = e.trace.length;
  await deploy(e, 2, true);
  await e.runToConvergence();
  const rollbackTrace = e.trace.slice(traceMark);
  expect(rollbackTrace.some((l) => / 3:Reverting /.test(`${l} `)), `rev 3 Reverting in ${JSON.stringify(rollbackTrace)}`).to.equal(true);
  expect(await line(e)).to.equal("Active 0 5 5 5 | 1:Inactive 0/0/0 2:Active 5/5/5 3:Reverted 0/0/0");
  expect((await e.liveTasks()).map((t) => t.arn).sort(), "prod tasks untouched by the rollback").to.deep.equal(prodTasks);

  // freeze mid-rollout: nothing moves until thaw.
  await e.api.updateEnvironment({ environmentName: ENV, baseRevision: 3n, taskDefinition: "log-daemon:3", instanceGroupQuery: "attribute:stack == prod" });
  await deploy(e, 4);
  await e.advance();
  await e.api.freezeEnvironment({ environmentName: ENV });
  await e.reconcile();
  const frozenAt = e.sim.actionLog().length;
  for (let k = 0; k < 20; k++) {
    await e.advance();
    expect((await e.status())!.status, `frozen step ${k}`).to.equal("Frozen");
  }
  expect(e.sim.actionLog().length, "no cluster action while frozen").to.equal(frozenAt);
  const frozen = await line(e);
  expect(frozen).to.match(/^Frozen /);
  expect(frozen).to.match(/ 4:Deploying /);
  await e.api.thawEnvironment({ environmentName: ENV });
  await e.reconcile();
  await e.runToConvergence();
  // Reverted lasts while the rollback is the target; after a forward deploy the planner shows rev 3 as Inactive.
  expect(await line(e)).to.equal("Active 0 5 5 5 | 1:Inactive 0/0/0 2:Inactive 0/0/0 3:Inactive 0/0/0 4:Active 5/5/5");

  // delete --terminate-tasks → Deleting → Deleted with 0 tasks.
  await e.api.deleteEnvironment({ environmentName: ENV, terminateTasks: true });
  await e.reconcile();
  expect((await e.status())!.status).to.equal("Deleting");
  await e.runUntil(async () => (await e.status())?.status === "Deleted", 20, "Deleted");
  expect(await e.liveTasks()).to.deep.equal([]);
  expect((await e.environment()).lifecycle).to.equal("deleted");
  const last = (await e.status())!;
  expect([last.desired, last.healthy, last.total]).to.deep.equal([0, 0, 0]);

  // The whole story, as events.
  const events = (await e.store.listEvents(ENV, { pageSize: 1000, pageToken: "" })).items.map((x) => x.type);
  for (const t of ["deployment_started", "deployment_completed", "rollback_started", "frozen", "thawed", "deleting", "deleted"] as const) {
    expect(events, t).to.include(t);
  }
}

describe("engine: the doc's walkthrough on both cluster backends", function () {
  this.timeout(60_000);
  const traces = new Map<string, string[]>();
  for (const kind of BACKENDS) {
    it(`${kind} backend`, async () => {
      const e = await createEngine({ backend: kind, prod: 5, gamma: 3 });
      try {
        await walkthrough(e);
        assertNoDoubleStarts({ sim: e.sim } as unknown as Harness);
        traces.set(kind, e.trace);
      } finally {
        await e.close();
      }
    });
  }
  it("both backends: the same status trace", function () {
    if (traces.size < 2) this.skip();
    expect(traces.get("ecs")).to.deep.equal(traces.get("simulator"));
  });
});
