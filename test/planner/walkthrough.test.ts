// The design doc's walkthrough (create, deploy, update, instance group,
// rollback, freeze, delete) on the planner harness: status columns as the
// doc's tables show them, checked with the invariants after every step.

import { expect } from "chai";
import { PlannerHarness, type DeploymentOptions } from "../support/planner-harness.js";
import type { EnvironmentStatusSnapshot } from "../../server/domain/status.js";

/** The doc's table lines: "STATUS OUTDATED DESIRED HEALTHY TOTAL" and "rev:STATUS DESIRED/HEALTHY/TOTAL". */
function envLine(s: EnvironmentStatusSnapshot): string {
  return `${s.status} ${s.outdated} ${s.desired} ${s.healthy} ${s.total}`;
}
function revLines(s: EnvironmentStatusSnapshot): string[] {
  return s.revisions.map((r) => `${r.revision}:${r.status} ${r.desired}/${r.healthy}/${r.total}`);
}

/** 5 instances stack=prod and 3 stack=gamma, as `npm start` has them. */
function cluster(deployment: DeploymentOptions = { method: "ReplaceThenTerminate", minHealthyPercent: 80, maxOverPercent: 25 }) {
  const instances = [
    ...Array.from({ length: 5 }, () => ({ attributes: { stack: "prod" } })),
    ...Array.from({ length: 3 }, () => ({ attributes: { stack: "gamma" } })),
  ];
  return new PlannerHarness({ instances, deployment });
}

describe("planner: the doc's walkthrough", () => {
  it("create -> deploy -> update -> instance group with adoption, with the doc's status columns", () => {
    const h = cluster();
    h.planAndApply();
    // "Created 0 0 0 5" / "SomeEnvironment/Prod:1 Created 0 0 5"
    expect(envLine(h.previous!)).to.equal("Created 0 0 0 5");
    expect(revLines(h.previous!)).to.deep.equal(["1:Created 0/0/5"]);
    expect(h.last!.actions).to.deep.equal([]);

    h.deploy(1);
    h.planAndApply();
    expect(envLine(h.previous!)).to.equal("Deploying 0 5 0 5");
    expect(revLines(h.previous!)).to.deep.equal(["1:Deploying 5/0/5"]);
    h.runToConvergence();
    expect(envLine(h.previous!)).to.equal("Active 0 5 5 5");
    expect(revLines(h.previous!)).to.deep.equal(["1:Active 5/5/5"]);

    // update-environment: nothing moves until deploy.
    const r2 = h.update({ taskDefinition: "log-daemon:2" });
    h.planAndApply();
    expect(h.last!.actions).to.deep.equal([]);
    expect(revLines(h.previous!)).to.deep.equal(["1:Active 5/5/5", "2:Created 0/0/0"]);
    h.deploy(r2);
    h.runToConvergence();
    expect(envLine(h.previous!)).to.equal("Active 0 5 5 5");
    expect(revLines(h.previous!)).to.deep.equal(["1:Inactive 0/0/0", "2:Active 5/5/5"]);

    // Instance group widened to gamma: the 5 prod tasks are adopted without a
    // restart, 3 are started on gamma. Departure: the doc's intermediate table
    // has only 3 prod tasks adopted and 2 "no longer matching", which
    // contradicts its own query (prod is in (prod, gamma)); all 5 are adopted,
    // so revision 2 is empty (Inactive) at once.
    const r3 = h.update({ instanceGroupQuery: "attribute:stack in (prod, gamma)" });
    h.planAndApply();
    expect(revLines(h.previous!)).to.deep.equal(["1:Inactive 0/0/0", "2:Active 5/5/5", "3:Created 0/0/0"]);
    const prodTasks = h.liveTasks().map((t) => t.arn);
    h.deploy(r3);
    h.planAndApply();
    expect(h.last!.actions.filter((a) => a.kind === "stop")).to.deep.equal([]);
    expect(h.last!.actions.filter((a) => a.kind === "start")).to.have.length(3);
    expect(envLine(h.previous!)).to.equal("Deploying 0 8 5 8");
    expect(revLines(h.previous!)).to.deep.equal(["1:Inactive 0/0/0", "2:Inactive 0/0/0", "3:Deploying 8/5/8"]);
    h.runToConvergence();
    expect(envLine(h.previous!)).to.equal("Active 0 8 8 8");
    expect(revLines(h.previous!)).to.deep.equal(["1:Inactive 0/0/0", "2:Inactive 0/0/0", "3:Active 8/8/8"]);
    const live = h.liveTasks().map((t) => t.arn);
    expect(prodTasks.every((arn) => live.includes(arn)), "prod tasks kept").to.equal(true);
    expect(h.events.filter((e) => e.type === "deployment_completed").map((e) => e.revision)).to.deep.equal([1, 2, 3]);
  });

  it("rollback uses RollbackConfiguration: newer revisions go Reverting -> Reverted", () => {
    // Normal method: ReplaceThenTerminate at 100% (one at a time). Rollback: TerminateThenReplace, 0%.
    const h = cluster({
      method: "ReplaceThenTerminate",
      minHealthyPercent: 100,
      maxOverPercent: 10,
      rollback: { method: "TerminateThenReplace", minHealthyPercent: 0 },
    });
    h.deploy(1);
    h.runToConvergence();
    const r2 = h.update({ taskDefinition: "log-daemon:2" });
    h.deploy(r2);
    h.runToConvergence();
    const r3 = h.update({ taskDefinition: "log-daemon:3" });
    const r4 = h.update({ taskDefinition: "log-daemon:4" }); // never deployed
    h.deploy(r3);
    h.advance();
    h.advance();
    expect(revLines(h.previous!)[2]).to.match(/^3:Deploying/);

    h.deploy(1, { rollback: true });
    const wanted = h.liveTasks().filter((t) => t.desiredStatus === "RUNNING").length;
    const out = h.advance();
    // Rollback configuration: every old task stopped at once (0% floor), no surge.
    const stops = out.actions.filter((a) => a.kind === "stop");
    expect(wanted).to.be.at.least(5);
    expect(stops.length).to.equal(wanted);
    expect(out.actions.filter((a) => a.kind === "start")).to.deep.equal([]);
    const s = h.previous!;
    expect(s.revisions.find((r) => r.revision === 2)!.status).to.equal("Reverting");
    expect(s.revisions.find((r) => r.revision === 3)!.status).to.equal("Reverting");
    expect(s.revisions.find((r) => r.revision === r4)!.status).to.equal("Created");
    const types = out.events.map((e) => e.type);
    expect(types).to.include("rollback_started");
    expect(types).to.include("deployment_superseded");
    expect(types).not.to.include("deployment_started");

    h.runToConvergence();
    expect(revLines(h.previous!)).to.deep.equal(["1:Active 5/5/5", "2:Reverted 0/0/0", "3:Reverted 0/0/0", "4:Created 0/0/0"]);
  });

  it("freeze: no actions, status Frozen, counts still computed; thaw resumes", () => {
    const h = cluster({ method: "TerminateThenReplace", minHealthyPercent: 60 });
    h.deploy(1);
    h.runToConvergence();
    h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
    h.advance();
    h.advance(); // new tasks pending on i1, i2
    h.freeze();
    for (let k = 0; k < 5; k++) {
      const out = h.advance();
      expect(out.actions, `frozen step ${k}`).to.deep.equal([]);
      expect(h.previous!.status).to.equal("Frozen");
    }
    // Observation goes on: the pending tasks came up while frozen.
    expect(envLine(h.previous!)).to.equal("Frozen 3 5 5 5");
    expect(h.events.filter((e) => e.type === "frozen")).to.have.length(1);
    h.thaw();
    h.runToConvergence();
    expect(h.events.filter((e) => e.type === "thawed")).to.have.length(1);
  });

  it("delete --terminate-tasks: Deleting (no budget) until no task is left, then Deleted", () => {
    const h = cluster({ method: "ReplaceThenTerminate", minHealthyPercent: 100 });
    h.deploy(1);
    h.runToConvergence();
    h.delete(true);
    const out = h.advance();
    expect(out.actions.filter((a) => a.kind === "stop")).to.have.length(5);
    expect(out.deletionFinished).to.equal(undefined);
    // Departure: the doc shows "Deleting 5 0 5 0"; a task told to stop is never healthy.
    expect(envLine(h.previous!)).to.equal("Deleting 5 0 0 0");
    const done = h.advance();
    expect(done.deletionFinished).to.equal(true);
    expect(envLine(h.previous!)).to.equal("Deleted 0 0 0 0");
    expect(h.environment.lifecycle).to.equal("deleted");
    h.advance();
    expect(h.last!.actions).to.deep.equal([]);
    expect(h.events.filter((e) => e.type === "deleting")).to.have.length(1);
    expect(h.events.filter((e) => e.type === "deleted")).to.have.length(1);
  });

  it("delete --terminate-tasks after an adoption counts the adopted tasks under the adopting revision", () => {
    const h = cluster();
    h.deploy(1);
    h.runToConvergence();
    // Same task definition, wider group: revision 2 adopts the 5 tasks started by revision 1.
    h.deploy(h.update({ instanceGroupQuery: "attribute:stack in (prod, gamma)" }));
    h.runToConvergence();
    const before = h.events.length;
    h.delete(true);
    h.advance();
    const deleting = h.previous!;
    expect(deleting.revisions.find((r) => r.revision === 1)!.tasks).to.equal(0);
    expect(deleting.revisions.find((r) => r.revision === 2)!.tasks).to.be.greaterThan(0);
    const revision1Changes = h.events.slice(before).filter((e) => e.type === "revision_status_changed" && e.revision === 1);
    expect(revision1Changes.map((e) => e.message)).to.deep.equal([]);
  });

  it("delete without --terminate-tasks leaves the tasks running", () => {
    const h = cluster();
    h.deploy(1);
    h.runToConvergence();
    h.delete(false);
    const out = h.advance();
    expect(out.actions).to.deep.equal([]);
    expect(out.deletionFinished).to.equal(true);
    expect(h.previous!.status).to.equal("Deleted");
    expect(h.liveTasks()).to.have.length(5);
  });

  it("a deploy superseding a deploy keeps the budgets across both (every non-target task is old)", () => {
    const h = cluster({ method: "TerminateThenReplace", minHealthyPercent: 60 });
    h.deploy(1);
    h.runToConvergence();
    const first = h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
    h.advance();
    h.advance();
    h.advance();
    const second = h.deploy(h.update({ taskDefinition: "log-daemon:3" }));
    const out = h.advance();
    const superseded = out.events.find((e) => e.type === "deployment_superseded")!;
    expect(superseded.deploymentId).to.equal(first);
    expect(out.events.find((e) => e.type === "deployment_started")!.deploymentId).to.equal(second);
    const lines = revLines(h.previous!);
    expect(lines[0]).to.match(/^1:Undeploying/);
    expect(lines[1]).to.match(/^2:Undeploying/);
    h.runToConvergence();
    expect(revLines(h.previous!)).to.deep.equal(["1:Inactive 0/0/0", "2:Inactive 0/0/0", "3:Active 5/5/5"]);
  });
});
