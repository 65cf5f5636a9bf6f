// Randomized runs of the planner on the harness: random cluster sizes (1-200),
// methods and percentages, instances joining, draining and leaving, starts
// failing, tasks dying, deploys superseding deploys, rollbacks and freezes.
// The harness checks the invariants after every plan (healthy floor on
// environment HEALTHY, stops of tasks outside a changed instance group
// included, surge budget, one task per instance under TerminateThenReplace,
// status sums).
// Once the faults stop, every run must converge: the target Active with
// DESIRED == HEALTHY == TOTAL and no task left that belongs to no wanted
// revision. The one legitimate exception is a budget that leaves no legal
// action (TerminateThenReplace whose floor is the whole TOTAL, or
// ReplaceThenTerminate without surge): the run must then show Stuck naming the
// constraint, and an operator's escape (a revision with MinHealthyPercent 0)
// must converge.
// Some deployment policies carry canary steps (bakes and pauses, an Instances
// query); promotes come at random, and once the faults stop a paused step is
// promoted as an operator would. The canary invariants (checkCanaryProgress:
// never past a step's share, never back a step, never past a pause without a
// promote) are checked on every plan too.
//
// Replay one run: BLOX_SEED=123 npx mocha test/planner/randomized.test.ts
// More runs:      BLOX_RUNS=5000 npx mocha test/planner/randomized.test.ts

import { expect } from "chai";
import type { DeploymentMethod } from "../../server/domain/environment.js";
import { PlannerHarness, describeStatus, rng, type DeploymentOptions } from "../support/planner-harness.js";

const QUERIES = ["attribute:stack == prod", "attribute:stack in (prod, gamma)", ""];
const STEP_MS = 10_000;
const STUCK_TIMEOUT_MS = 6 * STEP_MS;

interface RunSummary {
  seed: number;
  instances: number;
  method: DeploymentMethod;
  steps: number;
  escaped: boolean;
  deleted: boolean;
  /** Plans that showed a canary step paused / baking. */
  paused: number;
  baked: number;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function randomDeployment(r: () => number): DeploymentOptions {
  const method: DeploymentMethod = r() < 0.5 ? "TerminateThenReplace" : "ReplaceThenTerminate";
  const percent = () => (r() < 0.3 ? pick(r, [0, 25, 50, 60, 80, 90, 100]) : Math.floor(r() * 101));
  return {
    method,
    minHealthyPercent: method === "TerminateThenReplace" ? Math.min(percent(), 95) : percent(),
    maxOverPercent: r() < 0.05 ? 0 : Math.max(1, percent()),
    stuckTimeoutMs: STUCK_TIMEOUT_MS,
    failingTimeoutMs: 3 * STEP_MS,
    missingTaskTimeoutMs: 3 * STEP_MS,
    maxInstancesWithoutTask: r() < 0.5 ? Math.floor(r() * 5) : undefined,
    rollback:
      r() < 0.5
        ? { method: r() < 0.5 ? "TerminateThenReplace" : "ReplaceThenTerminate", minHealthyPercent: Math.floor(r() * 60) }
        : undefined,
    canary: r() < 0.4 ? randomCanary(r) : undefined,
  };
}

function randomCanary(r: () => number): NonNullable<DeploymentOptions["canary"]> {
  const count = 1 + Math.floor(r() * 3);
  const steps: NonNullable<DeploymentOptions["canary"]>["steps"] = [];
  let percent = 0;
  for (let k = 0; k < count && percent < 100; k++) {
    percent = Math.min(100, percent + 1 + Math.floor(r() * 50));
    const pause = r() < 0.4;
    steps.push({ percent, pause, bakeMs: !pause && r() < 0.6 ? STEP_MS * Math.floor(1 + r() * 4) : 0 });
  }
  return { instancesQuery: r() < 0.3 ? "attribute:stack == gamma" : "", steps };
}

/** One seeded run. Throws (with the seed in the message) when an invariant breaks or it does not converge. */
export function randomRun(seed: number): RunSummary {
  const r = rng(seed);
  // Log-uniform sizes: mostly small clusters, some up to 200.
  const n = Math.min(200, Math.max(1, Math.floor(Math.exp(r() * Math.log(201)))));
  const deployment = randomDeployment(r);
  const h = new PlannerHarness({
    instances: Array.from({ length: n }, () => ({ attributes: { stack: r() < 0.75 ? "prod" : "gamma" } })),
    startSteps: 1 + Math.floor(r() * 3),
    stopSteps: 1 + Math.floor(r() * 2),
    healthSteps: r() < 0.5 ? undefined : Math.floor(r() * 3),
    stepMs: STEP_MS,
    stoppedRetentionSteps: 6,
    instanceGroupQuery: pick(r, QUERIES),
    deployment,
  });
  let td = 1;
  const summary: RunSummary = { seed, instances: n, method: deployment.method!, steps: 0, escaped: false, deleted: false, paused: 0, baked: 0 };
  const observeCanary = () => {
    const c = h.canary();
    if (c?.state === "paused") summary.paused++;
    if (c?.state === "baking") summary.baked++;
  };
  const live = () => h.allTasks().filter((t) => t.lastStatus !== "STOPPED");
  try {
    h.deploy(1);
    const faultSteps = 10 + Math.floor(r() * 40);
    for (let s = 0; s < faultSteps; s++) {
      const x = r();
      if (x < 0.06) {
        // A new revision, deployed at once (superseding whatever is in flight).
        const change = r();
        const rev = h.update({
          taskDefinition: change < 0.7 ? `log-daemon:${++td}` : undefined,
          instanceGroupQuery: change >= 0.5 ? pick(r, QUERIES) : undefined,
          deployment: r() < 0.3 ? randomDeployment(r) : undefined,
        });
        h.deploy(rev);
      } else if (x < 0.09 && h.environment.targetRevision > 1) {
        h.deploy(1 + Math.floor(r() * (h.environment.targetRevision - 1)), { rollback: true });
      } else if (x < 0.12) {
        if (h.environment.frozen) h.thaw();
        else h.freeze();
      } else if (x < 0.16) {
        h.promote({ full: r() < 0.3 });
      }
      const y = r();
      if (y < 0.08) {
        h.addInstances(1 + Math.floor(r() * 3), { stack: r() < 0.7 ? "prod" : "gamma" });
      } else if (y < 0.12 && h.instances.length > 0) {
        h.removeInstance(pick(r, h.instances).arn);
      } else if (y < 0.15 && h.instances.length > 0) {
        h.drainInstance(pick(r, h.instances).arn);
      } else if (y < 0.2) {
        const running = live().filter((t) => t.lastStatus === "RUNNING");
        if (running.length > 0) h.killTask(pick(r, running).arn);
      } else if (y < 0.25) {
        const victims = new Set(h.instances.filter(() => r() < 0.2).map((i) => i.arn));
        h.startFaults.push({
          kind: r() < 0.5 ? "resource" : "crash",
          reason: r() < 0.5 ? "RESOURCE:MEMORY" : "CannotPullContainerError",
          instances: (arn) => victims.has(arn),
        });
      } else if (y < 0.3) {
        h.startFaults = [];
      }
      h.advance();
      observeCanary();
    }

    // Faults stop: everything must settle.
    h.startFaults = [];
    h.thaw();
    for (const i of h.instances) if (i.status === "DRAINING") h.removeInstance(i.arn);
    let converged = false;
    for (let k = 0; k < 3000 && !converged; k++) {
      h.advance();
      observeCanary();
      if (h.canary()?.state === "paused") h.promote();
      converged = h.converged();
      const stuck = converged ? undefined : h.previous?.conditions.find((c) => c.type === "Stuck");
      if (stuck) {
        if (/leaves no (termination|surge) budget/.test(stuck.reason)) {
          // A legitimate dead end under the rules. Escape like an operator would.
          summary.escaped = true;
          h.deploy(h.update({ deployment: { method: "TerminateThenReplace", minHealthyPercent: 0, stuckTimeoutMs: STUCK_TIMEOUT_MS } }));
        }
      }
    }
    if (!converged) throw new Error(`did not converge: ${describeStatus(h.previous)}; cluster ${h.picture()}`);
    const s = h.previous!;
    const target = s.revisions.find((x) => x.revision === s.targetRevision)!;
    expect(target.desired).to.equal(target.total);
    expect(target.healthy).to.equal(target.total);
    expect(s.outdated).to.equal(0);
    for (const rev of s.revisions) if (rev.revision !== s.targetRevision) expect(rev.tasks, `revision ${rev.revision} tasks`).to.equal(0);

    if (r() < 0.2) {
      summary.deleted = true;
      h.delete(true);
      for (let k = 0; k < 20 && h.environment.lifecycle !== "deleted"; k++) h.advance();
      h.advance();
      expect(h.previous!.status).to.equal("Deleted");
      expect(live()).to.have.length(0);
    }
    summary.steps = h.step;
    return summary;
  } catch (err) {
    const e = err as Error;
    e.message = `seed ${seed} (replay: BLOX_SEED=${seed}), ${n} instances, ${JSON.stringify(deployment)}, step ${h.step}: ${e.message}`;
    throw e;
  }
}

describe("planner: randomized runs", function () {
  this.timeout(120_000);

  it("keeps the invariants and converges once faults stop (>= 500 seeded runs)", () => {
    const only = process.env.BLOX_SEED;
    const seeds = only !== undefined ? [Number(only)] : Array.from({ length: Number(process.env.BLOX_RUNS ?? 500) }, (_, k) => 1000 + k);
    let escaped = 0;
    let deleted = 0;
    let paused = 0;
    let baked = 0;
    for (const seed of seeds) {
      const s = randomRun(seed);
      if (s.escaped) escaped++;
      if (s.deleted) deleted++;
      if (s.paused > 0) paused++;
      if (s.baked > 0) baked++;
    }
    if (only === undefined) {
      expect(seeds.length).to.be.at.least(500);
      // Both the dead-end path and deletion were exercised.
      expect(escaped).to.be.greaterThan(0);
      expect(deleted).to.be.greaterThan(0);
      // Canary steps held rollouts, both paused and baking.
      expect(paused).to.be.greaterThan(0);
      expect(baked).to.be.greaterThan(0);
    }
  });
});
