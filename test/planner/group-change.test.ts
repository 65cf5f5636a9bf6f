// Instance-group changes: tasks on ACTIVE instances that no longer match the
// target's query are old tasks like any other. Their stops obey the healthy
// floor on environment HEALTHY (semantics.md, Counting), after the group's own
// replacements; those that are not healthy go at once (stopping them never
// lowers HEALTHY). Tasks on DRAINING instances still go at once: the instance
// is leaving, and its drain waits for tasks that belong to no ECS service.
//
// Instances: i1-i5 stack=prod, i6-i8 stack=gamma. Every plan is checked by the
// harness invariants, and again here with the floor recomputed from scratch.

import { expect } from "chai";
import { TAG_REVISION, type ClusterTask } from "../../server/domain/cluster.js";
import { effectiveDeployment } from "../../server/domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../../server/domain/status.js";
import { plan as realPlan } from "../../server/planner/plan.js";
import { STOP_REASON_PREFIX, type PlanInput, type PlanOutput } from "../../server/planner/types.js";
import {
  InvariantError,
  PlannerHarness,
  describeStatus,
  groupOf,
  isHealthy,
  type DeploymentOptions,
  type HarnessOptions,
} from "../support/planner-harness.js";

const PROD = "attribute:stack == prod";
const GAMMA = "attribute:stack == gamma";
const BOTH = "attribute:stack in (prod, gamma)";
const NO_MATCH = "instance does not match the instance group of revision 2";

function revLines(s: EnvironmentStatusSnapshot): string[] {
  return s.revisions.map((r) => `${r.revision}:${r.status} ${r.desired}/${r.healthy}/${r.total}`);
}
function envLine(s: EnvironmentStatusSnapshot): string {
  return `${s.status} ${s.outdated} ${s.desired} ${s.healthy} ${s.total}`;
}

/** "i<n>" of an instance arn. */
function instanceName(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

interface StepCheck {
  floor: number;
  healthyBefore: number;
  healthyAfter: number;
  budgetedHealthyStops: number;
}

/**
 * The floor of one plan, recomputed from the input alone: environment HEALTHY
 * on ACTIVE instances (in the group or not) minus the healthy tasks the plan
 * stops there must stay at or above ceil(TOTAL * MinHealthyPercent / 100)
 * whenever the plan stops any of them.
 */
function floorStep(input: PlanInput, out: PlanOutput): StepCheck | undefined {
  const env = input.environment;
  const target = input.revisions.find((r) => r.revision === env.targetRevision);
  if (!target || env.lifecycle !== "live") return undefined;
  const { limits } = effectiveDeployment(target.spec.deployment, env.targetIsRollback);
  const total = groupOf(target.spec.instanceGroupQuery, input.instances).size;
  const floor = Math.ceil((total * limits.minHealthyPercent) / 100);
  const active = new Set(input.instances.filter((i) => i.status === "ACTIVE").map((i) => i.arn));
  const stops = new Set(out.actions.flatMap((a) => (a.kind === "stop" ? [a.taskArn] : [])));
  const soak = (t: ClusterTask) => input.revisions.find((r) => String(r.revision) === t.tags[TAG_REVISION])?.spec.deployment.soakTimeMs ?? 0;
  let healthyBefore = 0;
  let budgetedHealthyStops = 0;
  for (const t of input.tasks) {
    if (t.lastStatus === "STOPPED" || !active.has(t.containerInstanceArn) || !isHealthy(t, input.now, soak(t))) continue;
    healthyBefore++;
    if (stops.has(t.arn)) budgetedHealthyStops++;
  }
  return { floor, healthyBefore, healthyAfter: healthyBefore - budgetedHealthyStops, budgetedHealthyStops };
}

/** A harness whose every plan is also checked against the recomputed floor. */
function harness(options: HarnessOptions): { h: PlannerHarness; steps: StepCheck[] } {
  const steps: StepCheck[] = [];
  const h = new PlannerHarness({
    instances: [
      ...Array.from({ length: 5 }, () => ({ attributes: { stack: "prod" } })),
      ...Array.from({ length: 3 }, () => ({ attributes: { stack: "gamma" } })),
    ],
    ...options,
    plan: (input) => {
      const out = realPlan(input);
      const s = floorStep(input, out);
      if (s) {
        steps.push(s);
        if (s.budgetedHealthyStops > 0 && s.healthyAfter < s.floor) {
          throw new Error(`stops take HEALTHY from ${s.healthyBefore} to ${s.healthyAfter}, below the floor ${s.floor}: ${describeStatus(out.status)}`);
        }
      }
      return out;
    },
  });
  return { h, steps };
}

/** The stops of the last plan as "i<n>: reason", in plan order. */
function stopsOf(h: PlannerHarness): string[] {
  const byArn = new Map(h.allTasks().map((t) => [t.arn, t]));
  return h.last!.actions.flatMap((a) =>
    a.kind === "stop" ? [`${instanceName(byArn.get(a.taskArn)!.containerInstanceArn)}: ${a.reason.slice(STOP_REASON_PREFIX.length)}`] : [],
  );
}
function startsOf(h: PlannerHarness): string[] {
  return h.last!.actions.flatMap((a) => (a.kind === "start" ? [instanceName(a.containerInstanceArn)] : []));
}

const RTT80: DeploymentOptions = { method: "ReplaceThenTerminate", minHealthyPercent: 80, maxOverPercent: 25 };

interface Case {
  name: string;
  from: string;
  to: string;
  deployment: DeploymentOptions;
  /** A new task definition with the new query (default: the same, so tasks in the new group are adopted). */
  taskDefinition?: string;
  harness?: Partial<HarnessOptions>;
  /** Brings revision 1 to the state the change starts from (default: run to convergence). */
  prepare?: (h: PlannerHarness) => void;
  /** Right before revision 2's first plan. */
  beforeDeploy?: (h: PlannerHarness) => void;
  /** Revision 2's first plan. */
  first: { stops: string[]; starts: string[]; env: string; revisions: string[] };
  /** The lowest environment HEALTHY from the change until convergence. */
  minHealthy: number;
  final: string[];
}

const cases: Case[] = [
  {
    // TOTAL 3, floor 3: 2 prod tasks may go at once, the other 3 once the gamma tasks are healthy.
    name: "prod -> gamma, MinHealthyPercent 80: out-of-group tasks drain within the floor",
    from: PROD,
    to: GAMMA,
    deployment: RTT80,
    first: {
      starts: ["i6", "i7", "i8"],
      stops: [`i1: ${NO_MATCH}`, `i2: ${NO_MATCH}`],
      env: "Deploying 5 6 3 3",
      revisions: ["1:Undeploying 3/3/0", "2:Deploying 3/0/3"],
    },
    minHealthy: 3,
    final: ["1:Inactive 0/0/0", "2:Active 3/3/3"],
  },
  {
    name: "prod -> gamma with a new task definition, TerminateThenReplace 80: the same budget",
    from: PROD,
    to: GAMMA,
    taskDefinition: "log-daemon:2",
    deployment: { method: "TerminateThenReplace", minHealthyPercent: 80 },
    first: {
      starts: ["i6", "i7", "i8"],
      stops: [`i1: ${NO_MATCH}`, `i2: ${NO_MATCH}`],
      env: "Deploying 5 6 3 3",
      revisions: ["1:Undeploying 3/3/0", "2:Deploying 3/0/3"],
    },
    minHealthy: 3,
    final: ["1:Inactive 0/0/0", "2:Active 3/3/3"],
  },
  {
    name: "prod -> gamma, MinHealthyPercent 0: every out-of-group task goes at once",
    from: PROD,
    to: GAMMA,
    deployment: { ...RTT80, minHealthyPercent: 0 },
    first: {
      starts: ["i6", "i7", "i8"],
      stops: ["i1", "i2", "i3", "i4", "i5"].map((i) => `${i}: ${NO_MATCH}`),
      env: "Deploying 5 3 0 3",
      revisions: ["1:Undeploying 0/0/0", "2:Deploying 3/0/3"],
    },
    minHealthy: 0,
    final: ["1:Inactive 0/0/0", "2:Active 3/3/3"],
  },
  {
    // Same task definition: the prod tasks are adopted, nothing is stopped.
    name: "prod -> prod + gamma: adoption, no stop",
    from: PROD,
    to: BOTH,
    deployment: RTT80,
    first: { starts: ["i6", "i7", "i8"], stops: [], env: "Deploying 0 8 5 8", revisions: ["1:Inactive 0/0/0", "2:Deploying 8/5/8"] },
    minHealthy: 5,
    final: ["1:Inactive 0/0/0", "2:Active 8/8/8"],
  },
  {
    // TOTAL 5, floor 4. i7 runs unhealthy and i8 is still pending: neither
    // counts toward HEALTHY, so both go at once. The healthy i6 task stays
    // (HEALTHY 1 is already below the floor) until the prod tasks are healthy.
    name: "gamma -> prod: pending and unhealthy out-of-group tasks go at once, healthy ones wait",
    from: GAMMA,
    to: PROD,
    deployment: RTT80,
    harness: { startStepsFor: (instance, revision) => (instance === 8 && revision === 1 ? 100 : undefined) },
    prepare: (h) => {
      h.seedTask(h.instance(7).arn, 1, { healthy: false });
      h.advance();
      h.advance();
      expect(h.picture()).to.equal("i1:- i2:- i3:- i4:- i5:- i6:v1r i7:v1r i8:v1p");
    },
    first: {
      starts: ["i1", "i2", "i3", "i4", "i5"],
      stops: [`i7: ${NO_MATCH}`, `i8: ${NO_MATCH}`],
      env: "Deploying 3 6 1 5",
      revisions: ["1:Undeploying 1/1/0", "2:Deploying 5/0/5"],
    },
    minHealthy: 1,
    final: ["1:Inactive 0/0/0", "2:Active 5/5/5"],
  },
  {
    // MinHealthyPercent 100 of TOTAL 5: HEALTHY 3 is below the floor, so no
    // healthy task may go, except the one on the DRAINING instance.
    name: "gamma -> prod while a gamma instance drains: its task still goes at once",
    from: GAMMA,
    to: PROD,
    deployment: { ...RTT80, minHealthyPercent: 100 },
    beforeDeploy: (h) => h.drainInstance(h.instance(6).arn),
    first: {
      starts: ["i1", "i2", "i3", "i4", "i5"],
      stops: ["i6: instance is draining"],
      env: "Deploying 3 7 2 5",
      revisions: ["1:Undeploying 2/2/0", "2:Deploying 5/0/5"],
    },
    minHealthy: 2,
    final: ["1:Inactive 0/0/0", "2:Active 5/5/5"],
  },
];

describe("planner: instance-group changes keep the healthy floor", () => {
  for (const c of cases) {
    it(c.name, () => {
      const { h, steps } = harness({ instanceGroupQuery: c.from, deployment: c.deployment, ...c.harness });
      h.deploy(1);
      if (c.prepare) c.prepare(h);
      else h.runToConvergence();
      const r2 = h.update({ instanceGroupQuery: c.to, taskDefinition: c.taskDefinition });
      h.deploy(r2);
      c.beforeDeploy?.(h);
      const mark = h.history.length;
      const checked = steps.length;
      h.advance();
      expect({ starts: startsOf(h), stops: stopsOf(h) }, describeStatus(h.previous)).to.deep.equal({
        starts: c.first.starts,
        stops: c.first.stops,
      });
      expect(envLine(h.previous!)).to.equal(c.first.env);
      expect(revLines(h.previous!)).to.deep.equal(c.first.revisions);
      h.runToConvergence();
      expect(revLines(h.previous!)).to.deep.equal(c.final);
      // Every plan of the change was checked against the floor (by the harness too).
      expect(steps.length - checked).to.equal(h.history.length - mark);
      const lowest = Math.min(...h.history.slice(mark).map((r) => r.status.healthy));
      expect(lowest, "lowest environment HEALTHY during the change").to.equal(c.minHealthy);
      // While a revision waits for the budget it is Undeploying with DESIRED = its tasks not told to stop.
      for (const rec of h.history.slice(mark)) {
        const old = rec.status.revisions.find((r) => r.revision === 1)!;
        if (old.tasks > 0) expect(old.status, describeStatus(rec.status)).to.equal("Undeploying");
        expect(old.desired).to.be.at.most(old.tasks);
      }
    });
  }

  it("gamma -> prod with every prod start failing: the gamma tasks keep running and Stuck names the failure", () => {
    const { h } = harness({
      instanceGroupQuery: GAMMA,
      deployment: { ...RTT80, minHealthyPercent: 100, stuckTimeoutMs: 60_000 },
    });
    h.deploy(1);
    h.runToConvergence();
    const prod = new Set(["i1", "i2", "i3", "i4", "i5"].map((n) => h.instance(Number(n.slice(1))).arn));
    h.startFaults.push({ kind: "resource", reason: "RESOURCE:MEMORY", instances: (arn) => prod.has(arn) });
    h.deploy(h.update({ instanceGroupQuery: PROD }));
    for (let k = 0; k < 12; k++) h.advance();
    expect(h.picture()).to.equal("i1:- i2:- i3:- i4:- i5:- i6:v1r i7:v1r i8:v1r");
    expect(revLines(h.previous!)).to.deep.equal(["1:Undeploying 3/3/0", "2:Deploying 5/0/5"]);
    const stuck = h.previous!.conditions.find((c) => c.type === "Stuck");
    expect(stuck?.reason, describeStatus(h.previous)).to.equal("revision 2: 5 tasks failed to start: RESOURCE:MEMORY");
    h.startFaults = [];
    h.runToConvergence();
    expect(revLines(h.previous!)).to.deep.equal(["1:Inactive 0/0/0", "2:Active 5/5/5"]);
  });

  it("the harness invariant catches out-of-group stops below the floor (no exemption)", () => {
    // The old rule: every task on an ACTIVE instance outside the group stopped at once.
    const unbudgeted = (input: PlanInput): PlanOutput => {
      const out = realPlan(input);
      const target = input.revisions.find((r) => r.revision === input.environment.targetRevision);
      if (!target || input.environment.frozen) return out;
      const group = groupOf(target.spec.instanceGroupQuery, input.instances);
      const active = new Set(input.instances.filter((i) => i.status === "ACTIVE").map((i) => i.arn));
      const stopping = new Set(out.actions.flatMap((a) => (a.kind === "stop" ? [a.taskArn] : [])));
      for (const t of input.tasks) {
        if (t.lastStatus === "STOPPED" || t.desiredStatus === "STOPPED" || stopping.has(t.arn)) continue;
        if (active.has(t.containerInstanceArn) && !group.has(t.containerInstanceArn)) {
          out.actions.push({ kind: "stop", taskArn: t.arn, revision: Number(t.tags[TAG_REVISION]), reason: `${STOP_REASON_PREFIX}${NO_MATCH}` });
        }
      }
      return out;
    };
    const h = new PlannerHarness({
      instances: [
        ...Array.from({ length: 5 }, () => ({ attributes: { stack: "prod" } })),
        ...Array.from({ length: 3 }, () => ({ attributes: { stack: "gamma" } })),
      ],
      deployment: RTT80,
      plan: unbudgeted,
    });
    h.deploy(1);
    h.runToConvergence();
    h.deploy(h.update({ instanceGroupQuery: GAMMA }));
    expect(() => h.advance()).to.throw(InvariantError, /stops take HEALTHY from 5 to 0, below the floor 3/);
  });
});
