// ECS calls of a rollout through the real engine in ECS mode (real SDK over
// HTTP to the local endpoint), by action, against the lower bound:
// ceil(N/10) StartTask + N StopTask, plus the observation calls of each pass.
// Used by test/engine/ecs-calls.test.ts and by `npm run bench` (bench/ecs-calls.ts).

import { createEngine, ENV } from "./support/engine.js";
import { deploy, specInit, type DeploymentInit } from "./support/scenario.js";

export interface EcsRolloutOptions {
  /** Container instances in the group (default 100). */
  instances?: number;
  deployment?: DeploymentInit;
  /**
   * Clock time between reconcile passes (default 5000 ms, the scheduler's
   * resync interval: in ECS mode nothing pushes changes, so that is how often
   * it observes).
   */
  stepMs?: number;
  /** Simulated task start / stop latencies (default 2000 / 1000 ms). */
  startMs?: number;
  stopMs?: number;
}

export interface EcsRolloutCounts {
  instances: number;
  deployment: string;
  /** Tasks replaced by the rollout (revision 1 → 2). */
  replaced: number;
  /** Reconcile passes from the deploy to convergence (each observes once). */
  passes: number;
  /** ECS HTTP calls during the rollout, by action. */
  calls: Record<string, number>;
  totalCalls: number;
  /** ceil(N/10) StartTask + N StopTask. */
  lowerBound: { StartTask: number; StopTask: number };
  /** Calls that observe (List*, Describe*), per pass. */
  observationCallsPerPass: number;
  /** Every call, per replaced task. */
  callsPerReplacedTask: number;
  /** StartTask + StopTask, per replaced task (lower bound: 1.1). */
  actionCallsPerReplacedTask: number;
  /** Wall time of the rollout part, ms (real HTTP). */
  wallMs: number;
}

const ACTIONS = new Set(["StartTask", "StopTask"]);

/** Rolls revision 1 → 2 over `instances` instances in ECS mode and counts the ECS calls of that rollout. */
export async function measureEcsRollout(options: EcsRolloutOptions = {}): Promise<EcsRolloutCounts> {
  const n = options.instances ?? 100;
  const deployment = options.deployment ?? { method: "TerminateThenReplace", minHealthyPercent: 60 };
  const e = await createEngine({
    backend: "ecs",
    prod: n,
    stepMs: options.stepMs ?? 5000,
    startMs: options.startMs ?? 2000,
    stopMs: options.stopMs ?? 1000,
  });
  try {
    await e.api.createEnvironment({ spec: specInit(deployment) });
    await e.reconcile();
    await deploy(e, 1);
    await e.runToConvergence(200);
    await e.api.updateEnvironment({ environmentName: ENV, baseRevision: 1n, taskDefinition: "log-daemon:2" });

    const ecs = e.ecs!;
    ecs.resetCallCounts();
    const passMark = e.passes.length;
    const actionMark = e.sim.actionLog().length;
    const started = performance.now();
    await deploy(e, 2);
    await e.runToConvergence(200);
    const wallMs = performance.now() - started;

    const calls = ecs.callCounts();
    const passes = e.passes.length - passMark;
    const replaced = e.sim.actionLog().slice(actionMark).filter((a) => a.action === "stopTask").length;
    const totalCalls = Object.values(calls).reduce((a, b) => a + b, 0);
    const actionCalls = Object.entries(calls).filter(([k]) => ACTIONS.has(k)).reduce((a, [, v]) => a + v, 0);
    const observationCalls = totalCalls - actionCalls;
    const limits = [
      deployment.minHealthyPercent !== undefined ? `MinHealthyPercent ${deployment.minHealthyPercent}` : "",
      deployment.maxOverPercent !== undefined ? `MaxOverPercent ${deployment.maxOverPercent}` : "",
    ].filter(Boolean);
    return {
      instances: n,
      deployment: `${deployment.method}${limits.length ? ` (${limits.join(", ")})` : ""}`,
      replaced,
      passes,
      calls: Object.fromEntries(Object.entries(calls).sort(([a], [b]) => a.localeCompare(b))),
      totalCalls,
      lowerBound: { StartTask: Math.ceil(n / 10), StopTask: n },
      observationCallsPerPass: round(observationCalls / Math.max(1, passes)),
      callsPerReplacedTask: round(totalCalls / Math.max(1, replaced)),
      actionCallsPerReplacedTask: round(actionCalls / Math.max(1, replaced)),
      wallMs: Math.round(wallMs),
    };
  } finally {
    await e.close();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

/** A few lines for a console: calls by action next to the lower bound. */
export function formatEcsCounts(c: EcsRolloutCounts): string {
  const rows = Object.entries(c.calls).map(([action, count]) => {
    const bound = (c.lowerBound as Record<string, number>)[action];
    return `  ${action.padEnd(28)} ${String(count).padStart(5)}${bound !== undefined ? `   (lower bound ${bound})` : ""}`;
  });
  return [
    `ECS calls, rollout of ${c.instances} instances, ${c.deployment}: ${c.replaced} tasks replaced in ${c.passes} passes (${c.wallMs} ms wall)`,
    ...rows,
    `  ${"total".padEnd(28)} ${String(c.totalCalls).padStart(5)}`,
    `  observation calls per pass ${c.observationCallsPerPass}; calls per replaced task ${c.callsPerReplacedTask} (StartTask+StopTask: ${c.actionCallsPerReplacedTask}, lower bound ${round((c.lowerBound.StartTask + c.lowerBound.StopTask) / c.instances)})`,
  ].join("\n");
}
