// Focused rules of the planner: health, ownership and adoption, conditions
// (Stuck, Failing, ClusterError) with their timers, events, and bad input.

import { expect } from "chai";
import { TAG_ENVIRONMENT_ID, TAG_REVISION, type ClusterTask } from "../../server/domain/cluster.js";
import { taskHealth } from "../../server/planner/health.js";
import { plan, healthyFloor, surgeBudget, STOP_REASON_PREFIX } from "../../server/planner/plan.js";
import { parseRevisionTag } from "../../server/planner/ownership.js";
import { PlannerHarness } from "../support/planner-harness.js";

const NOW = Date.UTC(2017, 8, 6, 12, 0, 0);

function task(over: Partial<ClusterTask> = {}): ClusterTask {
  return {
    arn: "t1",
    containerInstanceArn: "i1",
    taskDefinition: "log-daemon:1",
    group: "g",
    startedBy: "blox",
    tags: { [TAG_REVISION]: "1" },
    lastStatus: "RUNNING",
    desiredStatus: "RUNNING",
    createdAt: NOW - 60_000,
    startedAt: NOW - 50_000,
    ...over,
  };
}

/** Revision 1 Active on `n` instances. */
function active(n: number, deployment = {}): PlannerHarness {
  const h = new PlannerHarness({ instances: n, deployment });
  h.deploy(1);
  h.runToConvergence();
  return h;
}

describe("planner: health", () => {
  const table: { name: string; over: Partial<ClusterTask>; soak?: number; healthy: boolean; healthyAt?: number }[] = [
    { name: "running, no health reported", over: {}, healthy: true },
    { name: "running, HEALTHY", over: { healthStatus: "HEALTHY" }, healthy: true },
    { name: "running, UNKNOWN (checks warming up)", over: { healthStatus: "UNKNOWN" }, healthy: false },
    { name: "running, UNHEALTHY", over: { healthStatus: "UNHEALTHY" }, healthy: false },
    { name: "pending", over: { lastStatus: "PENDING", startedAt: undefined }, healthy: false },
    { name: "told to stop", over: { desiredStatus: "STOPPED" }, healthy: false },
    { name: "soaked", over: { healthySince: NOW - 30_000 }, soak: 30_000, healthy: true },
    { name: "still soaking", over: { healthySince: NOW - 10_000 }, soak: 30_000, healthy: false, healthyAt: NOW + 20_000 },
    { name: "soak from startedAt without healthySince", over: {}, soak: 50_000, healthy: true },
  ];
  for (const row of table) {
    it(row.name, () => {
      const h = taskHealth(task(row.over), NOW, row.soak ?? 0);
      expect(h.healthy).to.equal(row.healthy);
      expect(h.healthyAt).to.equal(row.healthyAt);
    });
  }

  it("budgets round as semantics.md says", () => {
    expect(healthyFloor(5, 60)).to.equal(3);
    expect(healthyFloor(8, 60)).to.equal(5);
    expect(healthyFloor(1, 60)).to.equal(1);
    expect(healthyFloor(10, 0)).to.equal(0);
    expect(surgeBudget(5, 25)).to.equal(2);
    expect(surgeBudget(1, 1)).to.equal(1);
    expect(surgeBudget(100, 0)).to.equal(0);
  });

  it("revision tags: only plain positive integers", () => {
    for (const [raw, want] of [["3", 3], ["12", 12], ["0", 0], ["03", 0], ["1e3", 0], [" 7", 0], ["-1", 0], ["x", 0]] as const) {
      expect(parseRevisionTag(task({ tags: { [TAG_REVISION]: raw } })), raw).to.equal(want);
    }
    expect(parseRevisionTag(task({ tags: {} }))).to.equal(0);
  });
});

describe("planner: ownership", () => {
  it("before the first deploy: no actions, the latest revision shows its TOTAL", () => {
    const h = new PlannerHarness({ instances: 4 });
    const out = h.planAndApply();
    expect(out.actions).to.deep.equal([]);
    expect(out.status.status).to.equal("Created");
    expect(out.status.revisions.map((r) => [r.status, r.total])).to.deep.equal([["Created", 4]]);
  });

  it("adoption: same task definition on an instance of the group counts for the target, no restart", () => {
    const h = active(3);
    // Revision 2 changes only the deployment settings: its tasks are revision 1's.
    const r2 = h.update({ deployment: { method: "TerminateThenReplace", minHealthyPercent: 100 } });
    h.deploy(r2);
    const out = h.advance();
    expect(out.actions).to.deep.equal([]);
    expect(out.status.status).to.equal("Active");
    expect(out.status.revisions.map((r) => `${r.revision}:${r.status} ${r.tasks}`)).to.deep.equal(["1:Inactive 0", "2:Active 3"]);
    expect(out.completedDeploymentId).to.equal(h.environment.currentDeploymentId);
  });

  it("a task of the target outside the group is stopped, and TOTAL only counts the group", () => {
    const h = new PlannerHarness({ instances: [{ attributes: { stack: "prod" } }, { attributes: { stack: "gamma" } }] });
    h.deploy(1);
    h.planAndApply();
    const gammaTask = h.seedTask(h.instance(2).arn, 1); // a stray revision-1 task on gamma
    h.runToConvergence();
    expect(h.liveTasks().some((t) => t.arn === gammaTask.arn)).to.equal(false);
    expect(h.previous!.total).to.equal(1);
  });

  it("tasks of another environment are ignored; tasks without a wanted revision are stopped", () => {
    const h = active(2);
    const input = h.planInput();
    input.tasks.push(
      task({ arn: "other", containerInstanceArn: h.instance(1).arn, tags: { [TAG_ENVIRONMENT_ID]: "someone-else", [TAG_REVISION]: "1" } }),
      task({ arn: "untagged", containerInstanceArn: h.instance(2).arn, taskDefinition: "log-daemon:0", tags: { [TAG_ENVIRONMENT_ID]: "env-0001" } }),
    );
    const out = plan(input);
    expect(out.actions.filter((a) => a.kind === "stop").map((a) => (a.kind === "stop" ? a.taskArn : ""))).to.deep.equal(["untagged"]);
    expect(out.status.outdated).to.equal(1);
  });

  it("two target tasks on one instance: the extra one is stopped", () => {
    const h = active(3, { method: "TerminateThenReplace", minHealthyPercent: 50 });
    const extra = h.seedTask(h.instance(2).arn, 1);
    const out = h.advance();
    const stops = out.actions.filter((a) => a.kind === "stop");
    expect(stops).to.have.length(1);
    expect(stops[0].kind === "stop" && stops[0].reason).to.equal(`${STOP_REASON_PREFIX}duplicate task of revision 1 on the instance`);
    expect([extra.arn, ...h.tasksOn(h.instance(2).arn).map((t) => t.arn)]).to.include(stops[0].kind === "stop" ? stops[0].taskArn : "");
    h.runToConvergence();
  });

  it("is pure: the same input gives the same output and is not modified", () => {
    const h = active(4, { method: "TerminateThenReplace", minHealthyPercent: 50 });
    h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
    h.advance();
    const input = h.planInput();
    const before = JSON.stringify(input);
    const a = plan(input);
    const b = plan(input);
    expect(JSON.stringify(input)).to.equal(before);
    expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
  });

  it("names the field when the target revision is missing", () => {
    const h = active(1);
    const input = h.planInput();
    input.environment = { ...input.environment, targetRevision: 9 };
    expect(() => plan(input)).to.throw(/environment\.targetRevision 9 is not among input\.revisions/);
  });
});

describe("planner: conditions and events", () => {
  it("environment_created once on the first plan, revision_created once per new revision", () => {
    const h = new PlannerHarness({ instances: 2 });
    h.advance();
    h.advance();
    h.update({ taskDefinition: "log-daemon:2" });
    h.update({ taskDefinition: "log-daemon:3" });
    h.advance();
    h.advance();
    const created = h.events.filter((e) => e.type === "environment_created" || e.type === "revision_created");
    expect(created.map((e) => `${e.type}:${e.revision}`)).to.deep.equal(["environment_created:1", "revision_created:2", "revision_created:3"]);
  });

  it("Stuck when the floor leaves no termination budget (semantics.md's example), with wakeAt", () => {
    const h = active(1, { method: "TerminateThenReplace", minHealthyPercent: 60, stuckTimeoutMs: 60_000 });
    h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
    const first = h.advance();
    expect(first.actions).to.deep.equal([]); // floor 1 of TOTAL 1: no stop allowed
    expect(first.wakeAt).to.equal(h.now + 60_000);
    h.runUntil((x) => x.previous!.status === "Stuck", 10);
    const rev = h.revisionStatus(2);
    expect(rev.conditions[0].reason).to.equal("MinHealthyPercent 60 leaves no termination budget with 1 task");
    expect(rev.conditions[0].since).to.equal(first.status.observedAt + 60_000);
    expect(h.events.filter((e) => e.type === "stuck")).to.have.length(1);
    // The RollbackConfiguration-style escape: a deploy with a lower floor goes through.
    h.deploy(h.update({ taskDefinition: "log-daemon:2", deployment: { method: "TerminateThenReplace", minHealthyPercent: 0 } }));
    h.runToConvergence();
    expect(h.events.filter((e) => e.type === "unstuck")).to.have.length(1);
  });

  it("ReplaceThenTerminate with MaxOverPercent 0 is Stuck naming the surge budget, not silently terminate-first", () => {
    const h = active(3, { method: "ReplaceThenTerminate", minHealthyPercent: 100, maxOverPercent: 0, stuckTimeoutMs: 60_000 });
    h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
    for (let k = 0; k < 3; k++) expect(h.advance().actions, `step ${k}`).to.deep.equal([]);
    h.runUntil((x) => x.previous!.status === "Stuck", 20);
    expect(h.revisionStatus(2).conditions[0]!.reason).to.match(/^MaxOverPercent 0 leaves no surge budget/);
  });

  it("a slow rollout that keeps progressing is not Stuck", () => {
    const h = active(20, { method: "TerminateThenReplace", minHealthyPercent: 95, stuckTimeoutMs: 30_000 });
    h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
    const steps = h.runToConvergence();
    expect(steps * h.stepMs).to.be.greaterThan(30_000);
    expect(h.history.some((r) => r.status.status === "Stuck")).to.equal(false);
  });

  it("Failing when HEALTHY / TOTAL < MinHealthyPercent for the failing timeout; recovered after", () => {
    const h = active(5, { method: "TerminateThenReplace", minHealthyPercent: 80, failingTimeoutMs: 30_000 });
    h.startFaults.push({ kind: "resource", reason: "RESOURCE:CPU" });
    for (const t of h.liveTasks().slice(0, 2)) h.killTask(t.arn);
    h.runUntil((x) => x.previous!.status === "Failing", 10);
    const failing = h.previous!.conditions.find((c) => c.type === "Failing")!;
    expect(failing.reason).to.match(/^HEALTHY 3 of TOTAL 5 is below MinHealthyPercent 80 for /);
    expect(h.events.filter((e) => e.type === "task_failed" && /stopped unexpectedly/.test(e.message))).to.have.length(2);
    h.startFaults = [];
    h.runToConvergence();
    expect(h.events.filter((e) => e.type === "failing")).to.have.length(1);
    expect(h.events.filter((e) => e.type === "recovered")).to.have.length(1);
  });

  it("Failing for a daemon when too many instances lack a task for the missing-task timeout", () => {
    const h = active(5, { method: "TerminateThenReplace", minHealthyPercent: 0, maxInstancesWithoutTask: 1, missingTaskTimeoutMs: 20_000 });
    h.startFaults.push({ kind: "resource", reason: "RESOURCE:MEMORY" });
    h.addInstances(2);
    h.runUntil((x) => x.previous!.status === "Failing", 10);
    expect(h.previous!.conditions.find((c) => c.type === "Failing")!.reason).to.match(
      /^2 instances without a healthy task of revision 1 for \d+s \(MaxInstancesWithoutTask 1\)$/,
    );
  });

  it("task_failed once per task, not repeated on later plans", () => {
    const h = active(3);
    const victim = h.liveTasks()[0];
    h.killTask(victim.arn);
    h.advance();
    h.advance();
    h.advance();
    const failed = h.events.filter((e) => e.type === "task_failed");
    expect(failed).to.have.length(1);
    expect(failed[0].message).to.contain(victim.arn);
    // Tasks the planner stopped are not failures.
    h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
    h.runToConvergence();
    expect(h.events.filter((e) => e.type === "task_failed")).to.have.length(1);
  });

  it("cluster_error and cluster_error_cleared follow input.clusterError", () => {
    const h = active(2);
    const input = h.planInput();
    input.clusterError = { message: "ClusterNotFoundException: default", since: NOW };
    const out = plan(input);
    expect(out.status.conditions).to.deep.include({ type: "ClusterError", reason: "ClusterNotFoundException: default", since: NOW });
    expect(out.events.map((e) => e.type)).to.deep.equal(["cluster_error"]);
    const again = plan({ ...h.planInput(), previous: out.status, clusterError: input.clusterError });
    expect(again.events).to.deep.equal([]);
    const cleared = plan({ ...h.planInput(), previous: out.status });
    expect(cleared.events.map((e) => e.type)).to.deep.equal(["cluster_error_cleared"]);
  });

  it("deployment_completed is reported once per deployment", () => {
    const h = active(2);
    h.advance();
    h.advance();
    expect(h.events.filter((e) => e.type === "deployment_completed")).to.have.length(1);
    // An instance joins: Deploying again, then Active again, without a second completion.
    h.addInstances(1);
    h.runToConvergence();
    expect(h.events.filter((e) => e.type === "deployment_completed")).to.have.length(1);
    expect(h.history.some((r) => r.status.status === "Deploying" && r.step > 2)).to.equal(true);
  });
});

describe("planner harness: the invariant checks catch a broken planner", () => {
  const broken: { name: string; deployment: object; mutate: (out: ReturnType<typeof plan>, h: PlannerHarness) => void; error: RegExp }[] = [
    {
      name: "stops below the healthy floor",
      deployment: { method: "TerminateThenReplace", minHealthyPercent: 60 },
      mutate: (out, h) => {
        for (const t of h.liveTasks()) if (!out.actions.some((a) => a.kind === "stop" && a.taskArn === t.arn)) {
          out.actions.push({ kind: "stop", taskArn: t.arn, revision: 1, reason: "x" });
        }
      },
      error: /below the floor 3/,
    },
    {
      name: "starts next to an old task under TerminateThenReplace",
      deployment: { method: "TerminateThenReplace", minHealthyPercent: 60 },
      mutate: (out, h) => {
        out.actions.push({ kind: "start", containerInstanceArn: h.instance(5).arn, revision: 2, taskDefinition: "log-daemon:2" });
      },
      error: /TerminateThenReplace starts on .*i5 next to/,
    },
    {
      name: "surges over the budget under ReplaceThenTerminate",
      deployment: { method: "ReplaceThenTerminate", maxOverPercent: 25 },
      mutate: (out, h) => {
        out.actions.push({ kind: "start", containerInstanceArn: h.instance(5).arn, revision: 2, taskDefinition: "log-daemon:2" });
      },
      error: /3 instances hold two copies, surge budget 2/,
    },
  ];
  for (const b of broken) {
    it(b.name, () => {
      let h!: PlannerHarness;
      let armed = false;
      h = new PlannerHarness({
        deployment: b.deployment,
        plan: (input) => {
          const out = plan(input);
          if (armed) b.mutate(out, h);
          return out;
        },
      });
      h.deploy(1);
      h.runToConvergence();
      h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
      armed = true;
      expect(() => h.advance()).to.throw(b.error);
    });
  }
});
