// Engine-level scenarios: the real reconciler and planner, the sqlite store,
// and the real API service for intent, against BOTH cluster backends:
//
//   simulator  the simulated cluster used directly as the ClusterBackend;
//   ecs        a real ECSClient → createEcsBackend → real HTTP → the local
//              ECS endpoint → the same kind of simulated cluster.
//
// Step by step on a fake clock (1 s per step; tasks take 2 s to start and
// 1 s to stop): the clock advances, a reconcile pass runs, and the
// invariants are checked after every step — on every plan's own input
// (checkPlanInvariants) and against the simulated cluster itself
// (support/cluster-invariants.ts: floor, surge, one task per instance under
// TerminateThenReplace, no double start). Every scenario ends converged:
// Active, exactly one target task per group instance, nothing orphaned.
//
// The pure-planner versions of these scenarios, row by row against the
// doc's tables, are in test/planner/appendix-a.test.ts; here the point is
// that the whole engine does the same through either backend, so both runs
// of a scenario must also produce the same status trace and the same
// cluster actions.

import { expect } from "chai";
import { TAG_REVISION } from "../../server/domain/cluster.js";
import { assertNoDoubleStarts } from "../reconciler/support/invariants.js";
import type { Harness } from "../reconciler/support/harness.js";
import { BACKENDS, createEngine, ENV, statusLine, type BackendKind, type Engine } from "./support/engine.js";
import { instanceArn, startRollout, stepTo, type DeploymentInit, type RolloutStart } from "./support/scenario.js";

interface Scenario {
  name: string;
  deployment: DeploymentInit;
  /** Runs after revision 2 was deployed at T=0. */
  run(e: Engine, start: RolloutStart): Promise<void>;
}

const TTR_60: DeploymentInit = { method: "TerminateThenReplace", minHealthyPercent: 60 };

/** Checks for the convergence every scenario ends in. */
async function expectConverged(e: Engine, line: string): Promise<void> {
  expect(await e.converged(), `[${e.kind}] converged`).to.equal(true);
  expect(statusLine((await e.status())!), `[${e.kind}] final status`).to.equal(line);
}

/** What the scheduler did, step by step: "T=3 stop i2 rev 1", "T=4 start i2 log-daemon:2", "T=5 failed i3". */
function actionTrace(e: Engine, start: RolloutStart): string[] {
  const names = new Map(e.sim.allInstances("default").map((i, k) => [i.arn, `i${k + 1}`]));
  const name = (arn: string | undefined) => names.get(arn ?? "") ?? `?${arn}`;
  const out: string[] = [];
  for (const a of e.actionsSince(start.actionMark)) {
    const t = `T=${(a.at - start.deployedAt) / e.stepMs}`;
    if (a.action === "stopTask") {
      const task = e.sim.getTask("default", a.taskArn!);
      out.push(`${t} stop ${name(task?.containerInstanceArn)} rev ${task?.tags[TAG_REVISION]}`);
      continue;
    }
    for (const arn of a.result?.started ?? []) out.push(`${t} start ${name(e.sim.getTask("default", arn)?.containerInstanceArn)} ${a.request?.taskDefinition}`);
    for (const f of a.result?.failures ?? []) out.push(`${t} failed ${name(f.containerInstanceArn)}`);
  }
  return out;
}

const scenarios: Scenario[] = [
  {
    // Appendix A, TerminateThenReplace Example 1. Floor ceil(5 × 60%) = 3:
    // two stops at T=0, then replacements as new tasks become healthy.
    name: "Appendix A: TerminateThenReplace, MinHealthyPercent 60 on 5 instances",
    deployment: TTR_60,
    async run(e, { actionMark: mark }) {
      const first = e.actionsSince(mark);
      expect(first.map((a) => a.action), "T=0: two stops, no start").to.deep.equal(["stopTask", "stopTask"]);
      const steps = await e.runToConvergence(60);
      expect(steps).to.be.within(5, 30);
      await expectConverged(e, "Active 0 5 5 5 | 1:Inactive 0/0/0 2:Active 5/5/5");
      const all = e.actionsSince(mark);
      expect(all.filter((a) => a.action === "stopTask")).to.have.length(5);
      expect(all.flatMap((a) => a.result?.started ?? [])).to.have.length(5);
      // The rollout used the whole budget: HEALTHY went down to the floor, never below.
      expect(e.invariants.stats().lowestHealthyAfterStops).to.include({ healthy: 3, floor: 3 });
      // Nothing else disturbs this cluster, so HEALTHY stays at or above the floor at every step of the rollout.
      const during = e.invariants.stats().healthyLog.slice(-e.step - 1);
      expect(Math.min(...during.map((h) => h.healthy))).to.equal(3);
      expect(e.trace.some((l) => l.includes("Deploying"))).to.equal(true);
    },
  },
  {
    // Appendix A, ReplaceThenTerminate Example 1: MaxOverPercent 25 of 5 → a
    // surge of 2 (MinHealthyPercent defaults to 100 for this method).
    name: "Appendix A: ReplaceThenTerminate, MaxOverPercent 25 on 5 instances (surge 2)",
    deployment: { method: "ReplaceThenTerminate", maxOverPercent: 25 },
    async run(e, { actionMark: mark }) {
      const first = e.actionsSince(mark);
      expect(first.map((a) => a.action), "T=0: starts only").to.deep.equal(["startTasks"]);
      expect(first[0]!.result!.started, "T=0: two new tasks next to old ones").to.have.length(2);
      await e.runToConvergence(60);
      await expectConverged(e, "Active 0 5 5 5 | 1:Inactive 0/0/0 2:Active 5/5/5");
      expect(e.invariants.stats().maxDoubled, "the surge reached its budget").to.equal(2);
      // MinHealthyPercent 100: an old task is stopped only once its replacement is healthy.
      expect(e.invariants.stats().lowestHealthyAfterStops!.healthy).to.be.at.least(5);
    },
  },
  {
    // Appendix A, scale-up: 4 instances join at T=3 (the doc's text; its table
    // shows 3). They get the target revision at once — before any further old
    // task is replaced — and the rollout completes on 9 instances.
    name: "scale-up mid-rollout: 4 instances join at T=3 and get tasks first",
    deployment: TTR_60,
    async run(e, { actionMark: mark }) {
      let joined: string[] = [];
      let joinMark = 0;
      await stepTo(e, 3, {
        3: (e) => {
          joinMark = e.sim.actionLog().length;
          joined = [1, 2, 3, 4].map(() => e.addInstance({ stack: "prod" }));
        },
      });
      // The pass right after the join started a task on every new instance.
      const atJoin = e.actionsSince(joinMark).filter((a) => a.action === "startTasks");
      const startedOn = atJoin.flatMap((a) => a.result!.started.map((arn) => e.sim.getTask("default", arn)!.containerInstanceArn));
      expect(startedOn, "new instances started in the first pass that saw them").to.include.members(joined);
      // ... and no old task was stopped in that pass (TOTAL 9 → floor 6 > HEALTHY).
      expect(e.actionsSince(joinMark).filter((a) => a.action === "stopTask")).to.deep.equal([]);
      const s = (await e.status())!;
      expect(s.total).to.equal(9);
      await e.runToConvergence(60);
      await expectConverged(e, "Active 0 9 9 9 | 1:Inactive 0/0/0 2:Active 9/9/9");
      // New instances got exactly one task each: the target's.
      const live = await e.liveTasks();
      for (const arn of joined) expect(live.filter((t) => t.containerInstanceArn === arn).map((t) => t.taskDefinition)).to.deep.equal(["log-daemon:2"]);
      expect(e.actionsSince(mark).filter((a) => a.action === "stopTask")).to.have.length(5);
    },
  },
  {
    // Tasks failing to start: StartTask refuses on the third instance
    // (out-of-resources → RESOURCE:MEMORY in failures[]). The rollout goes on
    // elsewhere; the revision is Stuck with the reason once no progress was
    // made for the stuck timeout (30 s); it is retried meanwhile and recovers
    // when the fault clears.
    name: "tasks failing to start (out-of-resources): Stuck with a reason, recovers when the fault clears",
    deployment: { ...TTR_60, stuckTimeoutSeconds: 30 },
    async run(e, { actionMark: mark, deployedAt }) {
      const bad = instanceArn(e, 2);
      e.sim.injectFault({ kind: "out-of-resources", instanceArn: bad });
      await e.runUntil(async () => (await e.status())?.status === "Stuck", 60, "Stuck");
      const stuck = (await e.status())!;
      expect(e.clock.now() - deployedAt, "Stuck only after the stuck timeout").to.be.at.least(30_000);
      const reason = stuck.conditions.find((c) => c.type === "Stuck")?.reason ?? "";
      expect(reason).to.equal("revision 2: 1 task failed to start: RESOURCE:MEMORY");
      expect(stuck.revisions.find((r) => r.revision === 2)!.healthy).to.equal(4);
      // It kept trying on the bad instance.
      const failures = e.actionsSince(mark).flatMap((a) => a.result?.failures ?? []).filter((f) => f.containerInstanceArn === bad);
      expect(failures.length).to.be.at.least(10);
      expect(failures[0]!.reason).to.match(/RESOURCE:MEMORY/);
      e.sim.clearFaults();
      await e.runToConvergence(30);
      await expectConverged(e, "Active 0 5 5 5 | 1:Inactive 0/0/0 2:Active 5/5/5");
      const events = (await e.store.listEvents(ENV, { pageSize: 1000, pageToken: "" })).items.map((x) => x.type);
      expect(events).to.include.members(["stuck", "unstuck", "deployment_completed"]);
    },
  },
  {
    // The same with ECS's other start failure (failures[] with a reason of
    // our choosing): the reason reaches the Stuck condition verbatim.
    name: "tasks failing to start (start-failure): Stuck with the reason, recovers",
    deployment: { ...TTR_60, stuckTimeoutSeconds: 30 },
    async run(e) {
      const bad = instanceArn(e, 4);
      e.sim.injectFault({ kind: "start-failure", instanceArn: bad, reason: "AGENT" });
      await e.runUntil(async () => (await e.status())?.status === "Stuck", 60, "Stuck");
      const cond = (await e.status())!.revisions.find((r) => r.revision === 2)!.conditions.find((c) => c.type === "Stuck");
      expect(cond?.reason).to.equal("1 task failed to start: AGENT");
      e.sim.clearFaults();
      await e.runToConvergence(30);
      await expectConverged(e, "Active 0 5 5 5 | 1:Inactive 0/0/0 2:Active 5/5/5");
    },
  },
  {
    // An instance leaving mid-rollout: the 5th is deregistered (its task goes
    // with it) and the 4th starts draining at T=3. TOTAL drops to 3; the task
    // on the draining instance is stopped by the scheduler; the rollout
    // completes on the 3 instances left.
    name: "an instance leaves and one drains mid-rollout",
    deployment: TTR_60,
    async run(e, { actionMark: mark, deployedAt }) {
      const [draining, leaving] = [instanceArn(e, 3), instanceArn(e, 4)];
      await stepTo(e, 3, {
        3: (e) => {
          e.sim.removeInstance("default", leaving);
          e.sim.drainInstance("default", draining);
        },
      });
      expect((await e.status())!.total).to.equal(3);
      await e.runToConvergence(60);
      await expectConverged(e, "Active 0 3 3 3 | 1:Inactive 0/0/0 2:Active 3/3/3");
      const live = await e.liveTasks();
      expect(live.filter((t) => t.containerInstanceArn === draining || t.containerInstanceArn === leaving)).to.deep.equal([]);
      const drainStops = e.actionsSince(mark).filter((a) => a.action === "stopTask" && e.sim.getTask("default", a.taskArn!)?.containerInstanceArn === draining);
      expect(drainStops, "the draining instance's task is stopped by the scheduler").to.have.length(1);
      expect(drainStops[0]!.reason).to.match(/drain/i);
      // Nothing was ever started on the instances that left the group after they left.
      const startedThere = e.actionsSince(mark).filter((a) => a.action === "startTasks" && a.at >= deployedAt + 3 * e.stepMs)
        .flatMap((a) => a.result!.started.map((arn) => e.sim.getTask("default", arn)!.containerInstanceArn))
        .filter((arn) => arn === draining || arn === leaving);
      expect(startedThere).to.deep.equal([]);
    },
  },
];

describe("engine: Appendix A scenarios on both cluster backends", function () {
  this.timeout(60_000);

  for (const s of scenarios) {
    describe(s.name, () => {
      const traces = new Map<BackendKind, { status: string[]; actions: string[] }>();
      for (const kind of BACKENDS) {
        it(`${kind} backend`, async () => {
          const e = await createEngine({ backend: kind });
          try {
            const start = await startRollout(e, s.deployment);
            await s.run(e, start);
            // Independently of the per-step checks: no start of a revision on an instance where it still ran.
            assertNoDoubleStarts({ sim: e.sim } as unknown as Harness);
            traces.set(kind, { status: e.trace, actions: actionTrace(e, start) });
          } finally {
            await e.close();
          }
        });
      }
      it("both backends: the same status trace and the same cluster actions", function () {
        const sim = traces.get("simulator");
        const ecs = traces.get("ecs");
        if (!sim || !ecs) this.skip();
        expect(ecs!.status, "status trace").to.deep.equal(sim!.status);
        expect(ecs!.actions, "action trace").to.deep.equal(sim!.actions);
      });
    });
  }
});
