// Canary steps: the target holds at each step's share of TOTAL until the step
// passes (bake time or promote), the budgets hold inside each step, a waiting
// step is never Stuck, joiners get the old revision's spec until covered.
// Every plan is checked by the harness's invariants, canary ones included
// (checkCanaryProgress).

import { expect } from "chai";
import { TAG_REVISION } from "../../server/domain/cluster.js";
import type { CanarySettings } from "../../server/domain/environment.js";
import { canaryOrder, canaryShare } from "../../server/planner/canary.js";
import { plan } from "../../server/planner/plan.js";
import { InvariantError, PlannerHarness, type DeploymentOptions, type InstanceOptions } from "../support/planner-harness.js";

const RTT: DeploymentOptions = { method: "ReplaceThenTerminate", minHealthyPercent: 80, maxOverPercent: 25 };
const PAUSE_25_50: CanarySettings = {
  instancesQuery: "",
  steps: [
    { percent: 25, bakeMs: 0, pause: true },
    { percent: 50, bakeMs: 0, pause: true },
  ],
};

/** Revision 1 Active on `instances`, revision 2 (log-daemon:2, with `canary`) deployed. */
function canaryRollout(canary: CanarySettings, options: { instances?: number | InstanceOptions[]; deployment?: DeploymentOptions } = {}) {
  const deployment = options.deployment ?? RTT;
  const h = new PlannerHarness({ instances: options.instances ?? 8, deployment });
  h.deploy(1);
  h.runToConvergence();
  const r = h.update({ taskDefinition: "log-daemon:2", deployment: { ...deployment, canary } });
  h.deploy(r);
  return h;
}

const paused = (step: number) => (h: PlannerHarness) => h.canary()?.state === "paused" && h.canary()?.step === step;

/** Instances holding a live task of log-daemon:2. */
const onRev2 = (h: PlannerHarness) => h.holding(2);

describe("planner: canary step shares", () => {
  const table: { total: number; percent: number; share: number }[] = [
    { total: 8, percent: 25, share: 2 },
    { total: 8, percent: 1, share: 1 },
    { total: 8, percent: 50, share: 4 },
    { total: 8, percent: 60, share: 5 },
    { total: 8, percent: 100, share: 8 },
    { total: 5, percent: 25, share: 2 },
    { total: 3, percent: 10, share: 1 },
    { total: 9, percent: 25, share: 3 },
    { total: 0, percent: 25, share: 0 },
  ];
  for (const row of table) {
    it(`${row.percent}% of ${row.total} is ${row.share} (of TOTAL, rounded up, at least 1)`, () => {
      expect(canaryShare(row.total, row.percent)).to.equal(row.share);
    });
  }

  // Each step boundary, through the planner: the rollout stops at exactly the step's share.
  for (const row of table.filter((r) => r.total === 8 && r.percent < 100)) {
    it(`holds at ${row.share} of 8 instances for a ${row.percent}% step, then the next step's share after a promote`, () => {
      const h = canaryRollout({ instancesQuery: "", steps: [{ percent: row.percent, bakeMs: 0, pause: true }, { percent: 100, bakeMs: 0, pause: true }] });
      h.runUntil(paused(1));
      // Held: many steps later, still exactly the share, and never Stuck (stuck timeout 10 min = 60 steps).
      for (let k = 0; k < 70; k++) h.advance();
      expect(onRev2(h)).to.equal(row.share);
      expect(h.previous!.status).to.equal("Paused");
      expect(h.canary()).to.deep.include({ step: 1, steps: 2, percent: row.percent, allowed: row.share, state: "paused" });
      expect(h.revisionStatus(2).desired).to.equal(row.share);
      expect(h.revisionStatus(2).conditions).to.deep.equal([]);
      h.promote();
      h.runUntil(paused(2));
      expect(onRev2(h)).to.equal(8);
      expect(h.revisionStatus(2).status, "a 100% step still holds completion until it passes").to.equal("Deploying");
      h.promote();
      h.runToConvergence();
    });
  }
});

describe("planner: canary steps", () => {
  it("25% then 50% on 8 instances: 2, promote, 4, promote, Active; events name each step", () => {
    const h = canaryRollout(PAUSE_25_50);
    h.runUntil(paused(1));
    expect(onRev2(h)).to.equal(2);
    expect(h.previous!.status).to.equal("Paused");
    expect(h.previous!.healthy, "the floor held inside the step").to.be.at.least(7);
    h.promote();
    h.runUntil(paused(2));
    expect(onRev2(h)).to.equal(4);
    h.promote();
    h.runToConvergence();
    expect(h.canary()).to.equal(undefined);
    const types = h.events.filter((e) => e.type.startsWith("canary_")).map((e) => `${e.type}: ${e.message}`);
    expect(types).to.deep.equal([
      "canary_step_started: revision 2: canary step 1/2 (25%): up to 2 of 8 instances",
      "canary_waiting: revision 2: canary step 1/2 is healthy; paused until promote-environment",
      "canary_promoted: revision 2: promoted past canary step 1/2",
      "canary_step_started: revision 2: canary step 2/2 (50%): up to 4 of 8 instances",
      "canary_waiting: revision 2: canary step 2/2 is healthy; paused until promote-environment",
      "canary_promoted: revision 2: promoted past every canary step",
      "canary_step_started: revision 2: every canary step passed; rolling out to all 8 instances",
    ]);
  });

  it("the surge budget holds inside a step: 50% of 8 with MaxOverPercent 13 (budget 2) starts 2 at a time", () => {
    const h = canaryRollout(
      { instancesQuery: "", steps: [{ percent: 50, bakeMs: 0, pause: true }] },
      { deployment: { ...RTT, maxOverPercent: 13 } },
    );
    let most = 0;
    h.runUntil((x) => {
      most = Math.max(most, x.last!.actions.filter((a) => a.kind === "start").length);
      return paused(1)(x);
    });
    expect(most).to.equal(2);
    expect(onRev2(h)).to.equal(4);
  });

  it("bake: the step passes by itself once every step task stayed healthy for the bake time", () => {
    const h = canaryRollout({ instancesQuery: "", steps: [{ percent: 25, bakeMs: 60_000, pause: false }, { percent: 50, bakeMs: 0, pause: true }] });
    h.runUntil((x) => x.canary()?.state === "baking");
    const bakeUntil = h.canary()!.bakeUntil!;
    const bakeStart = h.now;
    expect(bakeUntil).to.equal(bakeStart + 60_000);
    expect(h.last!.wakeAt).to.equal(bakeUntil);
    expect(h.previous!.status, "baking is Deploying, not Paused").to.equal("Deploying");
    // Still step 1 until the bake time is up.
    h.runUntil((x) => x.now >= bakeUntil - 10_000);
    expect(h.canary()).to.deep.include({ step: 1, state: "baking" });
    expect(onRev2(h)).to.equal(2);
    h.advance(); // now == bakeUntil
    expect(h.canary()).to.deep.include({ step: 2 });
    h.runUntil(paused(2));
    expect(onRev2(h)).to.equal(4);
  });

  it("a target task that fails during the bake restarts it; the step goes on only after a full bake", () => {
    const h = canaryRollout({ instancesQuery: "", steps: [{ percent: 25, bakeMs: 60_000, pause: false }, { percent: 50, bakeMs: 0, pause: true }] });
    h.runUntil((x) => x.canary()?.state === "baking");
    const firstUntil = h.canary()!.bakeUntil!;
    h.advance();
    h.advance();
    const victim = h.liveTasks().find((t) => t.tags[TAG_REVISION] === "2")!;
    h.killTask(victim.arn);
    h.advance();
    expect(h.canary()).to.deep.include({ step: 1, state: "progressing" });
    h.runUntil((x) => x.canary()?.state === "baking");
    const secondUntil = h.canary()!.bakeUntil!;
    expect(secondUntil).to.be.greaterThan(firstUntil);
    expect(secondUntil).to.equal(h.now + 60_000);
    h.runUntil((x) => x.canary()?.step === 2);
    expect(h.now).to.be.at.least(secondUntil);
  });

  it("a failed task that was already replaced between two plans still restarts the bake", () => {
    const h = canaryRollout({ instancesQuery: "", steps: [{ percent: 25, bakeMs: 60_000, pause: false }, { percent: 50, bakeMs: 0, pause: true }] });
    h.runUntil((x) => x.canary()?.state === "baking");
    const until = h.canary()!.bakeUntil!;
    // The step looks complete, but a target task stopped on its own after the bake began.
    const victim = h.liveTasks().find((t) => t.tags[TAG_REVISION] === "2")!;
    const input = h.planInput();
    const stoppedCopy = { ...victim, arn: `${victim.arn}-old`, lastStatus: "STOPPED" as const, desiredStatus: "STOPPED" as const, stoppedAt: h.now + 1, stoppedReason: "Essential container in task exited" };
    h.step++;
    h.now += h.stepMs;
    input.now = h.now;
    input.tasks = [...input.tasks, stoppedCopy];
    const out = h.planner(input);
    const c = out.status.revisions.find((r) => r.revision === 2)!.canary!;
    expect(c.state).to.equal("baking");
    expect(c.bakeUntil).to.equal(h.now + 60_000);
    expect(c.bakeUntil).to.be.greaterThan(until);
  });

  it("a promote during a step that is not complete passes it at once", () => {
    const h = canaryRollout(PAUSE_25_50);
    h.advance();
    expect(h.canary()).to.deep.include({ step: 1, state: "progressing" });
    h.promote();
    h.advance();
    expect(h.canary()).to.deep.include({ step: 2, allowed: 4 });
    h.runUntil(paused(2));
    expect(onRev2(h)).to.equal(4);
  });

  it("a repeated promote before the rollout moved promotes one step, not two", () => {
    const h = canaryRollout(PAUSE_25_50);
    h.runUntil(paused(1));
    h.promote();
    h.promote();
    h.runUntil(paused(2));
    expect(onRev2(h)).to.equal(4);
  });

  it("--full passes every remaining step", () => {
    const h = canaryRollout(PAUSE_25_50);
    h.runUntil(paused(1));
    h.promote({ full: true });
    h.runToConvergence();
    expect(h.history.some((r) => r.status.revisions.find((x) => x.revision === 2)?.canary?.step === 2 && r.status.status === "Paused")).to.equal(false);
  });

  it("a rollback mid-canary rolls back at once, without steps", () => {
    const h = canaryRollout(PAUSE_25_50);
    h.runUntil(paused(1));
    h.deploy(1, { rollback: true });
    h.runToConvergence();
    expect(h.revisionStatus(1).status).to.equal("Active");
    expect(h.revisionStatus(1).canary).to.equal(undefined);
    expect(h.revisionStatus(2).status).to.equal("Reverted");
  });

  it("a deploy mid-canary starts the new revision's own steps from step 1", () => {
    const h = canaryRollout(PAUSE_25_50);
    h.runUntil(paused(1));
    h.promote();
    h.runUntil(paused(2));
    const r3 = h.update({ taskDefinition: "log-daemon:3" });
    h.deploy(r3);
    h.runUntil((x) => x.canary()?.step === 1 && x.canary()?.state === "paused");
    expect(h.holding(3)).to.equal(2);
  });

  it("an instance joining during a paused step gets the old revision's spec, not the target", () => {
    const h = canaryRollout(PAUSE_25_50);
    h.runUntil(paused(1));
    const joiner = h.addInstance();
    h.advance();
    const started = h.last!.actions.filter((a) => a.kind === "start" && a.containerInstanceArn === joiner.arn);
    expect(started).to.deep.equal([{ kind: "start", containerInstanceArn: joiner.arn, revision: 1, taskDefinition: "log-daemon:1" }]);
    // TOTAL 9: 25% is 3 now; the third canary instance is an old one, the joiner comes last.
    h.runUntil(paused(1));
    expect(onRev2(h)).to.equal(3);
    expect(h.tasksOn(joiner.arn).map((t) => t.taskDefinition)).to.deep.equal(["log-daemon:1"]);
    h.promote({ full: true });
    h.runToConvergence();
    expect(h.tasksOn(joiner.arn).map((t) => t.taskDefinition)).to.deep.equal(["log-daemon:2"]);
  });

  it("the Instances query picks the canary instances first", () => {
    const instances: InstanceOptions[] = [];
    for (let k = 0; k < 8; k++) instances.push({ attributes: { stack: "prod", zone: k >= 6 ? "a" : "b" } });
    const h = canaryRollout({ ...PAUSE_25_50, instancesQuery: "attribute:zone == a" }, { instances });
    h.runUntil(paused(1));
    const zoneA = h.instances.filter((i) => i.attributes.zone === "a").map((i) => i.arn);
    const onTarget = h.liveTasks().filter((t) => t.taskDefinition === "log-daemon:2").map((t) => t.containerInstanceArn);
    expect(onTarget.sort()).to.deep.equal(zoneA.sort());
  });

  it("canary order: holders first, then the query's instances, then by registration time and ARN", () => {
    const h = new PlannerHarness({ instances: 0 });
    const a = h.addInstance({ attributes: { zone: "b" } });
    h.now += 1;
    const b = h.addInstance({ attributes: { zone: "a" } });
    h.now += 1;
    const c = h.addInstance({ attributes: { zone: "b" } });
    const order = canaryOrder([c, b, a], (arn) => arn === c.arn, "attribute:zone == a").map((i) => i.arn);
    expect(order).to.deep.equal([c.arn, b.arn, a.arn]);
  });

  it("a step whose tasks never become healthy is Stuck after the stuck timeout, as without a canary", () => {
    const h = canaryRollout(PAUSE_25_50);
    h.startFaults.push({ kind: "crash", reason: "CannotPullContainerError" });
    h.runUntil((x) => x.previous!.status === "Stuck", 120);
    expect(h.canary()).to.deep.include({ step: 1, state: "progressing" });
    expect(onRev2(h)).to.be.at.most(2);
  });

  it("a first deploy (nothing was Active) skips the steps", () => {
    const h = new PlannerHarness({ instances: 8, deployment: { ...RTT, canary: PAUSE_25_50 } });
    h.deploy(1);
    h.runToConvergence();
    expect(h.history.every((r) => r.status.status !== "Paused")).to.equal(true);
  });

  it("frozen while paused shows Frozen; thaw shows Paused again", () => {
    const h = canaryRollout(PAUSE_25_50);
    h.runUntil(paused(1));
    h.freeze();
    h.advance();
    expect(h.previous!.status).to.equal("Frozen");
    h.thaw();
    h.advance();
    expect(h.previous!.status).to.equal("Paused");
  });

  it("TerminateThenReplace keeps the floor inside the step", () => {
    const h = canaryRollout(PAUSE_25_50, { deployment: { method: "TerminateThenReplace", minHealthyPercent: 75 } });
    h.runUntil(paused(1));
    expect(onRev2(h)).to.equal(2);
    h.promote({ full: true });
    h.runToConvergence();
  });
});

describe("planner: the canary invariants can fail", () => {
  it("a planner that ignores the step's share is caught", () => {
    const h = new PlannerHarness({
      instances: 8,
      deployment: { ...RTT, maxOverPercent: 100 },
      plan: (input) => {
        const out = plan(input);
        if (!out.status.revisions.some((r) => r.canary)) return out;
        // Start the target next to every old task the plan leaves alone.
        const busy = new Set(out.actions.map((a) => (a.kind === "start" ? a.containerInstanceArn : "")));
        const extra = input.instances
          .filter((i) => !busy.has(i.arn) && !input.tasks.some((t) => t.containerInstanceArn === i.arn && t.taskDefinition === "log-daemon:2"))
          .slice(0, 1)
          .map((i) => ({ kind: "start" as const, containerInstanceArn: i.arn, revision: 2, taskDefinition: "log-daemon:2" }));
        return { ...out, actions: [...out.actions, ...extra] };
      },
    });
    h.deploy(1);
    h.runToConvergence();
    h.deploy(h.update({ taskDefinition: "log-daemon:2", deployment: { ...RTT, maxOverPercent: 100, canary: PAUSE_25_50 } }));
    expect(() => h.runUntil(paused(1), 30)).to.throw(InvariantError, /the target would hold \d+ instances, share 2/);
  });

  it("a planner that passes a pause without a promote is caught", () => {
    const h = new PlannerHarness({
      instances: 8,
      deployment: RTT,
      plan: (input) => {
        // Promotes itself past every paused step.
        const c = input.previous?.revisions.find((r) => r.canary)?.canary;
        const promotedSteps = c?.state === "paused" ? c.step : 0;
        return plan({ ...input, promotion: { deploymentId: input.environment.currentDeploymentId, promotedSteps } });
      },
    });
    h.deploy(1);
    h.runToConvergence();
    h.deploy(h.update({ taskDefinition: "log-daemon:2", deployment: { ...RTT, canary: PAUSE_25_50 } }));
    expect(() => h.runToConvergence(60)).to.throw(InvariantError, /paused canary step 1 passed without a promote/);
  });
});
