// The design doc's Appendix A, as table-driven scenarios on the planner harness.
//
// 5 instances (stack=prod), revision 1 Active, then revision 2 (log-daemon:2)
// is deployed at T=0; each row is the cluster after the plan of step T
// (pending p, running r, terminating x; stopped tasks are gone) and the
// revision lines "rev:STATUS DESIRED/HEALTHY". The harness checks the
// invariants (floor, surge, one task per instance under TerminateThenReplace,
// status sums) after every step.
//
// Where the doc's tables contradict the rules (semantics.md), the rows follow
// the rules; each departure is named in the scenario's comment. Two come up
// everywhere:
//  (a) "A PENDING task, or one told to stop, is never healthy": the doc counts
//      terminating tasks as HEALTHY (e.g. TtR T=4 "rev1 Undeploying 2 3"); here
//      they are not (2/2).
//  (b) The doc shows the status before the plan's actions at the deploy
//      (TtR T=0 "rev2 Deploying 0"); here every status is the one after the
//      plan's actions, so the first row already shows the stops/starts.

import { expect } from "chai";
import { PlannerHarness, type HarnessOptions } from "../support/planner-harness.js";

interface Row {
  t: number;
  /** Per instance i1.. in order: its tasks as v<rev><p|r|x>, joined by "+"; "-" for none. */
  picture: string;
  /** "1:Undeploying 3/3 2:Deploying 2/0" (DESIRED/HEALTHY); omitted: not checked. */
  revisions?: string;
  /** Environment STATUS; omitted: not checked. */
  status?: string;
}

interface Scenario {
  name: string;
  options: HarnessOptions;
  /** Changes to the cluster before the step with that T runs. */
  before?: Record<number, (h: PlannerHarness) => void>;
  rows: Row[];
  /** Further checks once the rows are done (then the run must converge). */
  after?: (h: PlannerHarness) => void;
}

function picture(h: PlannerHarness): string {
  return h.picture().replace(/i\d+:/g, "");
}

function revisionLine(h: PlannerHarness): string {
  return h.previous!.revisions.map((r) => `${r.revision}:${r.status} ${r.desired}/${r.healthy}`).join(" ");
}

/** Revision 1 Active on every instance, then revision 2 (new task definition) deployed. */
function startRollout(options: HarnessOptions): PlannerHarness {
  const h = new PlannerHarness(options);
  h.deploy(1);
  h.runToConvergence();
  h.step = 0;
  h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
  return h;
}

function run(s: Scenario): PlannerHarness {
  const h = startRollout(s.options);
  for (const row of s.rows) {
    while (h.step < row.t) {
      s.before?.[h.step + 1]?.(h);
      h.advance();
    }
    const at = `T=${row.t}`;
    expect(picture(h), `${at} cluster`).to.equal(row.picture);
    if (row.revisions) expect(revisionLine(h), `${at} revisions`).to.equal(row.revisions);
    if (row.status) expect(h.previous!.status, `${at} status`).to.equal(row.status);
  }
  s.after?.(h);
  h.runToConvergence(100);
  return h;
}

const scenarios: Scenario[] = [
  {
    // Doc "Example 1: TerminateThenReplace; Steady State". Latencies chosen to
    // reproduce the doc's table: old tasks take 2 steps to stop (i1: 1), new
    // ones 2 steps to run (i5: 1). Floor = ceil(5 * 60%) = 3: two stops at T=1.
    // The cluster rows match the doc's table exactly. Status departures:
    // (a) at T=4; at T=10 revision 1 has no task left, so it is Inactive (the
    // doc still says "Undeploying 0 0").
    name: "TerminateThenReplace, MinHealthyPercent 60, steady state",
    options: {
      deployment: { method: "TerminateThenReplace", minHealthyPercent: 60 },
      stopStepsFor: (i, r) => (r === 1 ? (i === 1 ? 1 : 2) : undefined),
      startStepsFor: (i, r) => (r === 2 ? (i === 5 ? 1 : 2) : undefined),
    },
    rows: [
      { t: 1, picture: "v1x v1x v1r v1r v1r", revisions: "1:Undeploying 3/3 2:Deploying 2/0", status: "Deploying" },
      { t: 2, picture: "v2p v1x v1r v1r v1r", revisions: "1:Undeploying 3/3 2:Deploying 2/0" },
      { t: 3, picture: "v2p v2p v1r v1r v1r", revisions: "1:Undeploying 3/3 2:Deploying 2/0" },
      { t: 4, picture: "v2r v2p v1x v1r v1r", revisions: "1:Undeploying 2/2 2:Deploying 3/1" },
      { t: 5, picture: "v2r v2r v1x v1x v1r", revisions: "1:Undeploying 1/1 2:Deploying 4/2" },
      { t: 6, picture: "v2r v2r v2p v1x v1r", revisions: "1:Undeploying 1/1 2:Deploying 4/2" },
      { t: 7, picture: "v2r v2r v2p v2p v1r", revisions: "1:Undeploying 1/1 2:Deploying 4/2" },
      { t: 8, picture: "v2r v2r v2r v2p v1x", revisions: "1:Undeploying 0/0 2:Deploying 5/3" },
      { t: 9, picture: "v2r v2r v2r v2r v1x", revisions: "1:Undeploying 0/0 2:Deploying 5/4" },
      { t: 10, picture: "v2r v2r v2r v2r v2p", revisions: "1:Inactive 0/0 2:Deploying 5/4" },
      { t: 11, picture: "v2r v2r v2r v2r v2r", revisions: "1:Inactive 0/0 2:Active 5/5", status: "Active" },
    ],
  },
  {
    // Doc "Example 2: Scale up" (TerminateThenReplace). The text says 4 new
    // instances, its table and status lines show 3 (i6..i8, rev2 DESIRED 5 at
    // T=3): we follow the table. They get the new task at once (T=3), before
    // any further replacement. TOTAL 8 makes the floor ceil(8 * 60%) = 5, so
    // at T=4 and T=5 nothing is stopped (as in the doc). Departures after T=5:
    // the doc only says "by T=7" one old task is stopped with rev2 at 5/4; here
    // i6 is up at T=7 (HEALTHY 6 allows one stop) and i7, i8 at T=9 (HEALTHY 7
    // allows two), and rev2's DESIRED also counts the new instances and i3
    // waiting for its slot (6, not 5).
    name: "TerminateThenReplace scale-up: 3 instances join at T=3",
    options: {
      deployment: { method: "TerminateThenReplace", minHealthyPercent: 60 },
      stopStepsFor: (i, r) => (r === 1 ? (i === 1 ? 1 : 2) : undefined),
      startStepsFor: (i, r) => (r === 2 ? (i === 5 ? 1 : i === 6 ? 4 : i > 6 ? 6 : 2) : undefined),
    },
    before: { 3: (h) => h.addInstances(3) },
    rows: [
      { t: 2, picture: "v2p v1x v1r v1r v1r", revisions: "1:Undeploying 3/3 2:Deploying 2/0" },
      { t: 3, picture: "v2p v2p v1r v1r v1r v2p v2p v2p", revisions: "1:Undeploying 3/3 2:Deploying 5/0" },
      { t: 4, picture: "v2r v2p v1r v1r v1r v2p v2p v2p", revisions: "1:Undeploying 3/3 2:Deploying 5/1" },
      { t: 5, picture: "v2r v2r v1r v1r v1r v2p v2p v2p", revisions: "1:Undeploying 3/3 2:Deploying 5/2" },
      { t: 7, picture: "v2r v2r v1x v1r v1r v2r v2p v2p", revisions: "1:Undeploying 2/2 2:Deploying 6/3" },
      { t: 9, picture: "v2r v2r v2p v1x v1x v2r v2r v2r", revisions: "1:Undeploying 0/0 2:Deploying 8/5" },
      { t: 13, picture: "v2r v2r v2r v2r v2r v2r v2r v2r", revisions: "1:Inactive 0/0 2:Active 8/8", status: "Active" },
    ],
  },
  {
    // Doc "DeploymentMethod: ReplaceThenTerminate, Example 1: Steady state",
    // MaxOver 2 (MaxOverPercent 25 of 5 -> 2), MinHealthyPercent 100 (the
    // default for this method). Latencies as in the doc: i1's new task runs
    // after 1 step, the others after 2; old tasks stop in 1 step.
    // Departure: the doc starts i3 at T=2 while i1's old task is still
    // terminating. A terminating task still occupies its instance, so i1 and
    // i2 both hold two copies at T=2 and the surge budget of 2 is used up;
    // each later start comes one step after the doc's, and the rollout
    // completes at T=9 instead of T=7. Also (a): the doc shows rev1 HEALTHY 5
    // at T=2 with one of its tasks terminating.
    name: "ReplaceThenTerminate, surge 2, steady state",
    options: {
      deployment: { method: "ReplaceThenTerminate", maxOverPercent: 25 },
      startStepsFor: (i, r) => (r === 2 ? (i === 1 ? 1 : 2) : undefined),
    },
    rows: [
      { t: 1, picture: "v1r+v2p v1r+v2p v1r v1r v1r", revisions: "1:Undeploying 5/5 2:Deploying 2/0" },
      { t: 2, picture: "v1x+v2r v1r+v2p v1r v1r v1r", revisions: "1:Undeploying 4/4 2:Deploying 2/1" },
      { t: 3, picture: "v2r v1x+v2r v1r+v2p v1r v1r", revisions: "1:Undeploying 3/3 2:Deploying 3/2" },
      { t: 4, picture: "v2r v2r v1r+v2p v1r+v2p v1r", revisions: "1:Undeploying 3/3 2:Deploying 4/2" },
      { t: 5, picture: "v2r v2r v1x+v2r v1r+v2p v1r", revisions: "1:Undeploying 2/2 2:Deploying 4/3" },
      { t: 6, picture: "v2r v2r v2r v1x+v2r v1r+v2p", revisions: "1:Undeploying 1/1 2:Deploying 5/4" },
      { t: 7, picture: "v2r v2r v2r v2r v1r+v2p", revisions: "1:Undeploying 1/1 2:Deploying 5/4" },
      { t: 8, picture: "v2r v2r v2r v2r v1x+v2r", revisions: "1:Undeploying 0/0 2:Deploying 5/5" },
      { t: 9, picture: "v2r v2r v2r v2r v2r", revisions: "1:Inactive 0/0 2:Active 5/5", status: "Active" },
    ],
  },
  {
    // Doc "ReplaceThenTerminate, Example 2: Scale up": i6 joins at T=3 and is
    // given the new task at once, without using the surge budget (it holds one
    // copy). Departure: the doc says the method "doesn't have a
    // MinHealthyPercent setting"; ours defaults to 100, so with TOTAL 6 the
    // floor is 6 and i2's old task waits for i6's task to be healthy (T=5).
    name: "ReplaceThenTerminate scale-up: an instance joins at T=3",
    options: {
      deployment: { method: "ReplaceThenTerminate", maxOverPercent: 25 },
      startStepsFor: (i, r) => (r === 2 ? (i === 1 ? 1 : 2) : undefined),
    },
    before: { 3: (h) => h.addInstances(1) },
    rows: [
      { t: 2, picture: "v1x+v2r v1r+v2p v1r v1r v1r", revisions: "1:Undeploying 4/4 2:Deploying 2/1" },
      { t: 3, picture: "v2r v1r+v2r v1r+v2p v1r v1r v2p", revisions: "1:Undeploying 4/4 2:Deploying 4/2" },
      { t: 5, picture: "v2r v1x+v2r v1x+v2r v1r v1r v2r", revisions: "1:Undeploying 2/2 2:Deploying 4/4" },
      { t: 9, picture: "v2r v2r v2r v2r v2r v2r", revisions: "1:Inactive 0/0 2:Active 6/6", status: "Active" },
    ],
  },
  {
    // Tasks failing to start: StartTask refuses on i3 (RESOURCE:MEMORY). The
    // rollout goes on elsewhere; i3 stays assigned to revision 2 (DESIRED 5,
    // HEALTHY 4) and the scheduler retries every step. With no progress since
    // T=7 the revision is Stuck after the 60 s stuck timeout, with the reason.
    // The fault clears before T=14: the task starts, the revision is Active and unstuck.
    name: "tasks failing to start (RESOURCE:MEMORY): Stuck, retried, recovers",
    options: { deployment: { method: "TerminateThenReplace", minHealthyPercent: 60, stuckTimeoutMs: 60_000 } },
    before: {
      1: (h) => h.startFaults.push({ kind: "resource", reason: "RESOURCE:MEMORY", instances: (a) => a.endsWith("/i3") }),
      14: (h) => (h.startFaults = []),
    },
    rows: [
      { t: 3, picture: "v2r v2r v1x v1x v1r", revisions: "1:Undeploying 1/1 2:Deploying 4/2" },
      { t: 4, picture: "v2r v2r - v2p v1r", revisions: "1:Undeploying 1/1 2:Deploying 4/2" },
      { t: 7, picture: "v2r v2r - v2r v2r", revisions: "1:Inactive 0/0 2:Deploying 5/4", status: "Deploying" },
      { t: 12, picture: "v2r v2r - v2r v2r", revisions: "1:Inactive 0/0 2:Deploying 5/4", status: "Deploying" },
      { t: 13, picture: "v2r v2r - v2r v2r", revisions: "1:Inactive 0/0 2:Deploying 5/4", status: "Stuck" },
      { t: 14, picture: "v2r v2r v2p v2r v2r", status: "Stuck" },
      { t: 15, picture: "v2r v2r v2r v2r v2r", revisions: "1:Inactive 0/0 2:Active 5/5", status: "Active" },
    ],
    after: (h) => {
      const stuckAt = h.history.find((r) => r.status.status === "Stuck")!;
      expect(stuckAt.step).to.equal(13);
      const cond = stuckAt.status.revisions.find((r) => r.revision === 2)!.conditions.find((c) => c.type === "Stuck")!;
      expect(cond.reason).to.equal("1 task failed to start: RESOURCE:MEMORY");
      expect(stuckAt.status.conditions.find((c) => c.type === "Stuck")!.reason).to.equal(
        "revision 2: 1 task failed to start: RESOURCE:MEMORY",
      );
      // It kept trying: a start on i3 in every step while stuck.
      for (const r of h.history.filter((x) => x.step >= 4 && x.step <= 13)) {
        expect(r.actions.filter((a) => a.kind === "start" && a.containerInstanceArn.endsWith("/i3")), `T=${r.step}`).to.have.length(1);
      }
      expect(h.events.filter((e) => e.type === "stuck").map((e) => e.revision)).to.deep.equal([2]);
      expect(h.events.filter((e) => e.type === "unstuck").map((e) => e.revision)).to.deep.equal([2]);
      // Retried every step, but one event per instance and reason, not one per retry.
      const failed = h.events.filter((e) => e.type === "task_failed");
      expect(failed.map((e) => e.message)).to.deep.equal([failed[0]!.message]);
      expect(failed[0]!.message).to.match(/failed to start on .*\/i3: RESOURCE:MEMORY/);
    },
  },
  {
    // A task that is created but never runs (image pull fails): the same story,
    // the reason comes from the stopped task.
    name: "tasks crashing before RUNNING (CannotPullContainerError): Stuck with the reason",
    options: { deployment: { method: "TerminateThenReplace", minHealthyPercent: 60, stuckTimeoutMs: 60_000 } },
    before: {
      1: (h) => h.startFaults.push({ kind: "crash", reason: "CannotPullContainerError: pull access denied", instances: (a) => a.endsWith("/i3") }),
      14: (h) => (h.startFaults = []),
    },
    rows: [
      { t: 5, picture: "v2r v2r v2p v2r v1x", revisions: "1:Undeploying 0/0 2:Deploying 5/3" },
      { t: 13, picture: "v2r v2r v2p v2r v2r", revisions: "1:Inactive 0/0 2:Deploying 5/4", status: "Stuck" },
      { t: 15, picture: "v2r v2r v2r v2r v2r", status: "Active" },
    ],
    after: (h) => {
      const stuck = h.history.find((r) => r.status.status === "Stuck")!;
      expect(stuck.status.revisions[1].conditions[0].reason).to.equal("1 task failed to start: CannotPullContainerError: pull access denied");
    },
  },
  {
    // An instance leaving mid-rollout: i5 is terminated (its task goes with it)
    // and i4 starts draining at T=3. TOTAL drops to 3 (floor 2); the task on
    // the draining instance is stopped without budget (it is no longer in the
    // group); the rollout completes on the 3 instances left.
    name: "an instance leaves and one drains mid-rollout",
    options: { deployment: { method: "TerminateThenReplace", minHealthyPercent: 60 } },
    before: {
      3: (h) => {
        h.removeInstance(h.instance(5).arn);
        h.drainInstance(h.instance(4).arn);
      },
    },
    rows: [
      { t: 2, picture: "v2p v2p v1r v1r v1r", revisions: "1:Undeploying 3/3 2:Deploying 2/0" },
      { t: 3, picture: "v2r v2r v1x v1x", revisions: "1:Undeploying 0/0 2:Deploying 3/2" },
      { t: 4, picture: "v2r v2r v2p -", revisions: "1:Inactive 0/0 2:Deploying 3/2" },
      { t: 5, picture: "v2r v2r v2r -", revisions: "1:Inactive 0/0 2:Active 3/3", status: "Active" },
    ],
    after: (h) => {
      const stops = h.history.find((r) => r.step === 3)!.actions.filter((a) => a.kind === "stop");
      expect(stops.map((a) => (a.kind === "stop" ? a.reason : ""))).to.include("Blox: instance is draining");
      expect(h.previous!.total).to.equal(3);
    },
  },
];

describe("planner: Appendix A scenarios", () => {
  for (const s of scenarios) {
    it(s.name, () => {
      run(s);
    });
  }
});
