// Benchmark: ECS calls of a 100-instance rollout in ECS mode (real SDK over
// HTTP to the local ECS endpoint on a simulated cluster), by action, against
// the lower bound ceil(N/10) StartTask + N StopTask, and per replaced task.
// `benchEcsCalls()` is picked up by `npm run bench` (bench/run.ts); run alone
// with `node --import tsx bench/ecs-calls.ts`.

import { measureEcsRollout, type EcsRolloutCounts } from "../test/engine/ecs-call-counts.js";
import type { DeploymentInit } from "../test/engine/support/scenario.js";

const ROLLOUTS: DeploymentInit[] = [
  { method: "TerminateThenReplace", minHealthyPercent: 60 },
  { method: "ReplaceThenTerminate", maxOverPercent: 25 },
];

/** One 100-instance rollout per deployment method; passes every 5 s of (fake) clock time, as the scheduler's resync. */
export async function benchEcsCalls(): Promise<Record<string, unknown>> {
  const runs: EcsRolloutCounts[] = [];
  for (const deployment of ROLLOUTS) runs.push(await measureEcsRollout({ instances: 100, deployment }));
  return {
    name: "ecs: calls of a 100-instance rollout (real SDK, local endpoint)",
    note: "one reconcile pass per 5 s step (the resync interval); task start 2 s, stop 1 s; lower bound = ceil(N/10) StartTask + N StopTask",
    rollouts: runs.map((r) => ({
      deployment: r.deployment,
      instances: r.instances,
      replaced: r.replaced,
      passes: r.passes,
      callsByAction: r.calls,
      totalCalls: r.totalCalls,
      lowerBound: r.lowerBound,
      observationCallsPerPass: r.observationCallsPerPass,
      callsPerReplacedTask: r.callsPerReplacedTask,
      actionCallsPerReplacedTask: r.actionCallsPerReplacedTask,
      wallMs: r.wallMs,
    })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchEcsCalls().then((r) => console.log(JSON.stringify(r, null, 2)));
}
