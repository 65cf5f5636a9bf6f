// Regression tests from the engine correctness review: each block names the
// operator-visible symptom it pins down.

import { expect } from "chai";
import type { ClusterTask } from "../../server/domain/cluster.js";
import type { EnvironmentStatusSnapshot } from "../../server/domain/status.js";
import { plan } from "../../server/planner/plan.js";
import { PlannerHarness, describeStatus, type DeploymentOptions } from "../support/planner-harness.js";

function revLines(s: EnvironmentStatusSnapshot): string[] {
  return s.revisions.map((r) => `${r.revision}:${r.status} ${r.desired}/${r.healthy}/${r.total}`);
}

const TTR: DeploymentOptions = { method: "TerminateThenReplace", minHealthyPercent: 60 };

describe("review: rollback statuses when the reverted revision's tasks are adopted", () => {
  interface Case {
    name: string;
    /** Builds the history; returns the revision to roll back to. */
    setup: (h: PlannerHarness) => number;
    /** Revision -> status right after the rollback plan. */
    first: Record<number, string>;
    /** Revision lines once converged. */
    final: string[];
  }
  const cases: Case[] = [
    {
      // Revision 3 runs the same task definition as 1 (a settings change):
      // the rollback adopts every task of 3 at once, without a restart.
      name: "all tasks adopted at once: Active -> Reverted, not Inactive",
      setup: (h) => {
        h.deploy(1);
        h.runToConvergence();
        h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
        h.runToConvergence();
        h.deploy(h.update({ taskDefinition: "log-daemon:1", deployment: { ...TTR, minHealthyPercent: 40 } }));
        h.runToConvergence();
        return 1;
      },
      first: { 1: "Active", 2: "Inactive", 3: "Reverted" },
      final: ["1:Active 5/5/5", "2:Inactive 0/0/0", "3:Reverted 0/0/0"],
    },
    {
      // Revision 3 widened the group to gamma with the same task definition:
      // the rollback adopts the prod tasks and stops the gamma ones.
      name: "some tasks adopted, the rest stopped: Reverting -> Reverted",
      setup: (h) => {
        h.deploy(1);
        h.runToConvergence();
        h.deploy(h.update({ instanceGroupQuery: "attribute:stack in (prod, gamma)" }));
        h.runToConvergence();
        return 1;
      },
      first: { 1: "Deploying", 2: "Reverting" },
      final: ["1:Active 5/5/5", "2:Reverted 0/0/0"],
    },
    {
      // Rollback across several revisions: 3 is mid-rollout (its tasks adopt
      // 2's, same task definition), 4 is Deploying with a new definition.
      // Rolling back to 1 adopts every log-daemon:1 task, whichever revision
      // started or adopted it.
      name: "across several revisions with adopted tasks",
      setup: (h) => {
        h.deploy(1);
        h.runToConvergence();
        h.deploy(h.update({ instanceGroupQuery: "attribute:stack in (prod, gamma)" })); // 2, adopts 1's
        h.runToConvergence();
        h.deploy(h.update({ instanceGroupQuery: "attribute:stack == prod" })); // 3, adopts 2's prod tasks
        h.runToConvergence();
        h.deploy(h.update({ taskDefinition: "log-daemon:4" })); // 4
        h.advance();
        h.advance();
        return 1;
      },
      // 3 held only adopted tasks, all back with 1 at once: Reverted at once.
      first: { 1: "Deploying", 2: "Inactive", 3: "Reverted", 4: "Reverting" },
      final: ["1:Active 5/5/5", "2:Inactive 0/0/0", "3:Reverted 0/0/0", "4:Reverted 0/0/0"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const instances = [
        ...Array.from({ length: 5 }, () => ({ attributes: { stack: "prod" } })),
        ...Array.from({ length: 3 }, () => ({ attributes: { stack: "gamma" } })),
      ];
      const h = new PlannerHarness({ instances, deployment: TTR });
      const to = c.setup(h);
      h.deploy(to, { rollback: true });
      h.advance();
      const got = Object.fromEntries(Object.keys(c.first).map((r) => [r, h.revisionStatus(Number(r)).status]));
      expect(got, describeStatus(h.previous)).to.deep.equal(Object.fromEntries(Object.entries(c.first)));
      h.runToConvergence();
      expect(revLines(h.previous!)).to.deep.equal(c.final);
      // Each reverted revision reports reaching Reverted once.
      for (const line of c.final.filter((l) => l.includes("Reverted"))) {
        const r = Number(line.split(":")[0]);
        const changes = h.events.filter((e) => e.type === "revision_status_changed" && e.revision === r && /-> Reverted$/.test(e.message));
        expect(changes, `revision ${r}`).to.have.length(1);
      }
    });
  }
});

describe("review: tasks adopted by an earlier target keep counting for it", () => {
  function adoptedThree(): PlannerHarness {
    const h = new PlannerHarness({ instances: 5, deployment: TTR });
    h.deploy(1);
    h.runToConvergence();
    // 2 and 3 change only settings: 3 ends up holding the tasks 1 started.
    h.deploy(h.update({ deployment: { ...TTR, minHealthyPercent: 40 } }));
    h.runToConvergence();
    h.deploy(h.update({ deployment: TTR }));
    h.runToConvergence();
    expect(revLines(h.previous!)).to.deep.equal(["1:Inactive 0/0/0", "2:Inactive 0/0/0", "3:Active 5/5/5"]);
    return h;
  }

  it("a deploy of a new task definition undeploys the adopting revision, not the one that started the tasks", () => {
    const h = adoptedThree();
    const before = h.events.length;
    h.deploy(h.update({ taskDefinition: "log-daemon:4" }));
    h.advance();
    const lines = revLines(h.previous!);
    expect(lines.slice(0, 3)).to.deep.equal(["1:Inactive 0/0/0", "2:Inactive 0/0/0", "3:Undeploying 3/3/0"]);
    expect(lines[3]).to.match(/^4:Deploying /);
    h.runToConvergence();
    expect(revLines(h.previous!)).to.deep.equal(["1:Inactive 0/0/0", "2:Inactive 0/0/0", "3:Inactive 0/0/0", "4:Active 5/5/5"]);
    const changes = h.events.slice(before).filter((e) => e.type === "revision_status_changed").map((e) => e.message);
    expect(changes).to.deep.equal([
      "revision 3: Active -> Undeploying",
      "revision 4: Created -> Deploying",
      "revision 3: Undeploying -> Inactive",
      "revision 4: Deploying -> Active",
    ]);
  });

  it("a rollback past the adopting revision shows it Reverting, then Reverted; the starting revision stays Inactive", () => {
    const h = new PlannerHarness({ instances: 5, deployment: TTR });
    h.deploy(1);
    h.runToConvergence();
    h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
    h.runToConvergence();
    h.deploy(h.update({ deployment: { ...TTR, minHealthyPercent: 40 } })); // 3 adopts 2's tasks
    h.runToConvergence();
    h.deploy(h.update({ taskDefinition: "log-daemon:4" }));
    h.advance();
    h.advance();
    expect(h.revisionStatus(3).status).to.equal("Undeploying");
    expect(h.revisionStatus(2).status).to.equal("Inactive");
    h.deploy(1, { rollback: true });
    h.advance();
    expect(h.revisionStatus(2).status).to.equal("Inactive");
    expect(h.revisionStatus(3).status).to.equal("Reverting");
    expect(h.revisionStatus(4).status).to.equal("Reverting");
    h.runToConvergence();
    expect(revLines(h.previous!)).to.deep.equal(["1:Active 5/5/5", "2:Inactive 0/0/0", "3:Reverted 0/0/0", "4:Reverted 0/0/0"]);
  });

  it("the memory survives a restart (it is in the journaled status) and is dropped once the tasks are gone", () => {
    const h = adoptedThree();
    expect(h.previous!.timers).to.have.property("adopted:1", 3);
    h.deploy(h.update({ taskDefinition: "log-daemon:4" }));
    h.advance();
    // A restarted planner sees only the journaled status: same answer.
    const replay = plan(h.planInput());
    expect(revLines(replay.status)).to.deep.equal(revLines(h.previous!));
    h.runToConvergence();
    expect(Object.keys(h.previous!.timers ?? {}).filter((k) => k.startsWith("adopted:"))).to.deep.equal([]);
  });
});

describe("review: one event per failure, also when the failure's time is not before the observation", () => {
  // ECS stamps stoppedAt with its own clock, and a task can stop while the
  // scheduler is listing (after `now` was taken): stoppedAt > now. A start
  // failure is stamped after the plan that acted; the next plan may run at
  // the same millisecond (fake clocks, fast passes).
  const cases: { name: string; inject: (input: ReturnType<PlannerHarness["planInput"]>) => void; matcher: RegExp }[] = [
    {
      name: "a task stopped after the observation time (stoppedAt > now)",
      inject: (input) => {
        const t: ClusterTask = input.tasks[0];
        Object.assign(t, { lastStatus: "STOPPED", desiredStatus: "STOPPED", stoppedAt: input.now + 400, stoppedReason: "Essential container in task exited" });
      },
      matcher: /stopped unexpectedly/,
    },
    {
      name: "a start failure stamped at the time of the next plan",
      inject: (input) => {
        input.startFailures = [{ containerInstanceArn: input.instances[0].arn, reason: "RESOURCE:MEMORY", time: input.now, revision: 1 }];
      },
      matcher: /failed to start/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const h = new PlannerHarness({ instances: 3 });
      h.deploy(1);
      h.runToConvergence();
      const input = h.planInput();
      c.inject(input);
      const reported: string[] = [];
      let previous = input.previous;
      for (const dt of [0, 0, 1000, 10_000]) {
        const out = plan({ ...input, now: input.now + dt, previous });
        reported.push(...out.events.filter((e) => e.type === "task_failed").map((e) => e.message));
        previous = out.status;
      }
      expect(reported).to.have.length(1);
      expect(reported[0]).to.match(c.matcher);
    });
  }
});

describe("review: a task stuck in STOPPING", () => {
  // The old task on i1 never finishes stopping (agent wedged, long stop timeout).
  const cases: { name: string; deployment: DeploymentOptions; reason: RegExp }[] = [
    {
      name: "ReplaceThenTerminate: every instance has a healthy new task; the Stuck reason names the task that does not stop",
      deployment: { method: "ReplaceThenTerminate", minHealthyPercent: 100, maxOverPercent: 100 },
      reason: /^1 task told to stop has not stopped: .*task\/default\/t1$/,
    },
    {
      name: "TerminateThenReplace: the instance waits for it",
      deployment: { method: "TerminateThenReplace", minHealthyPercent: 0 },
      reason: /^1 instance waiting for old tasks to stop$/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const h = new PlannerHarness({
        instances: 3,
        deployment: { ...c.deployment, stuckTimeoutMs: 30_000 },
        stopStepsFor: (i, r) => (i === 1 && r === 1 ? 1_000_000 : undefined),
      });
      h.deploy(1);
      h.runToConvergence();
      h.deploy(h.update({ taskDefinition: "log-daemon:2" }));
      h.runUntil((x) => x.previous!.status === "Stuck", 20);
      const reason = h.revisionStatus(2).conditions.find((x) => x.type === "Stuck")!.reason;
      expect(reason).to.match(c.reason);
      expect(reason).not.to.match(/HEALTHY (\d+) != DESIRED \1/);
    });
  }
});

describe("review: a duplicate start (StartTask response lost) keeps the healthier task", () => {
  const kinds = [
    { name: "the duplicate is still pending", original: "healthy", duplicate: "pending", stopped: "duplicate" },
    { name: "the original fails its health check, the duplicate is healthy", original: "unhealthy", duplicate: "healthy", stopped: "original" },
    { name: "both healthy: the newer one goes", original: "healthy", duplicate: "healthy", stopped: "duplicate" },
  ] as const;
  for (const method of ["TerminateThenReplace", "ReplaceThenTerminate"] as const) {
    for (const k of kinds) {
      it(`${method}, MinHealthyPercent 100: ${k.name}`, () => {
        const h = new PlannerHarness({ instances: 3, healthSteps: 0, deployment: { method, minHealthyPercent: 100 } });
        h.deploy(1);
        h.runToConvergence();
        const original = h.tasksOn(h.instance(2).arn)[0];
        if (k.original === "unhealthy") original.healthStatus = "UNHEALTHY";
        h.now += 1;
        const duplicate = h.seedTask(h.instance(2).arn, 1);
        if (k.duplicate === "pending") {
          Object.assign(duplicate, { lastStatus: "PENDING" });
          delete duplicate.startedAt;
          delete duplicate.healthySince;
          delete duplicate.healthStatus;
        }
        const out = h.planAndApply();
        const stops = out.actions.flatMap((a) => (a.kind === "stop" ? [a.taskArn] : []));
        expect(stops).to.deep.equal([k.stopped === "duplicate" ? duplicate.arn : original.arn]);
        expect(out.actions.filter((a) => a.kind === "start")).to.deep.equal([]);
        h.runToConvergence();
      });
    }
  }
});

describe("review: an empty instance group", () => {
  it("the target is Active 0/0/0 at once, never Failing or Stuck, and takes the first instance that joins", () => {
    const h = new PlannerHarness({ instances: 0, deployment: { minHealthyPercent: 100, stuckTimeoutMs: 10_000, failingTimeoutMs: 10_000, maxInstancesWithoutTask: 0 } });
    const id = h.deploy(1);
    const out = h.advance();
    expect(out.completedDeploymentId).to.equal(id);
    expect(`${h.previous!.status} ${h.previous!.outdated} ${h.previous!.desired} ${h.previous!.healthy} ${h.previous!.total}`).to.equal("Active 0 0 0 0");
    for (let k = 0; k < 5; k++) h.advance();
    expect(h.previous!.conditions).to.deep.equal([]);
    h.addInstances(1);
    h.runToConvergence();
    expect(h.previous!.total).to.equal(1);
  });
});

describe("review: freeze during a terminate-tasks delete", () => {
  it("no stop while frozen (status Deleting, not Deleted); thaw finishes the delete", () => {
    const h = new PlannerHarness({ instances: 3, deployment: TTR });
    h.deploy(1);
    h.runToConvergence();
    h.freeze();
    h.delete(true);
    for (let k = 0; k < 3; k++) {
      const out = h.advance();
      expect(out.actions).to.deep.equal([]);
      expect(out.deletionFinished).to.equal(undefined);
      expect(h.previous!.status).to.equal("Deleting");
    }
    expect(h.liveTasks()).to.have.length(3);
    h.thaw();
    h.runUntil((x) => x.previous!.status === "Deleted", 5);
    expect(h.liveTasks()).to.have.length(0);
    expect(h.events.filter((e) => e.type === "deleted")).to.have.length(1);
  });
});
