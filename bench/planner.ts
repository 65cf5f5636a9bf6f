// Benchmark: planning one environment of 10,000 instances mid-rollout.
// `benchPlanner()` is wired into `npm run bench` by bench/run.ts; run alone with
// `node --import tsx bench/planner.ts`.

import { TAG_ENVIRONMENT_ID, TAG_REVISION, type ClusterTask, type ContainerInstance } from "../server/domain/cluster.js";
import type { EnvironmentRecord, RevisionRecord } from "../server/domain/environment.js";
import { plan } from "../server/planner/plan.js";
import type { PlanInput } from "../server/planner/types.js";

const INSTANCES = 10_000;

/** A rollout from revision 1 to 2 (ReplaceThenTerminate, surge 25%) about half done, plus 3% of instances new. */
export function midRolloutInput(instances = INSTANCES): PlanInput {
  const now = Date.UTC(2017, 8, 6, 12, 0, 0);
  const deployment = {
    type: "Daemon" as const,
    method: "ReplaceThenTerminate" as const,
    limits: { minHealthyPercent: 90, maxOverPercent: 25 },
    stuckTimeoutMs: 600_000,
    failingTimeoutMs: 300_000,
    missingTaskTimeoutMs: 300_000,
    maxInstancesWithoutTask: 50,
    soakTimeMs: 30_000,
  };
  const revision = (n: number): RevisionRecord => ({
    environmentName: "Bench/Prod",
    revision: n,
    createdAt: now - 3_600_000,
    spec: {
      name: "Bench/Prod",
      taskDefinition: `log-daemon:${n}`,
      cluster: "default",
      instanceGroupQuery: "attribute:stack in (prod, gamma) and attribute:ecs.os-type == linux",
      deployment,
    },
  });
  const environment: EnvironmentRecord = {
    name: "Bench/Prod",
    environmentId: "env-bench",
    cluster: "default",
    latestRevision: 2,
    targetRevision: 2,
    targetIsRollback: false,
    currentDeploymentId: "Bench/Prod:2@2017090611472301",
    frozen: false,
    lifecycle: "live",
    terminateTasks: false,
    createdAt: now - 3_600_000,
    updatedAt: now - 600_000,
    version: 7,
  };
  const list: ContainerInstance[] = [];
  const tasks: ClusterTask[] = [];
  let t = 0;
  const task = (instance: string, rev: number, state: "RUNNING" | "PENDING" | "STOPPING"): ClusterTask => ({
    arn: `arn:aws:ecs:us-east-1:123456789012:task/default/t${++t}`,
    containerInstanceArn: instance,
    taskDefinition: `log-daemon:${rev}`,
    group: "blox:env-bench",
    startedBy: "blox",
    tags: { [TAG_ENVIRONMENT_ID]: "env-bench", [TAG_REVISION]: String(rev) },
    lastStatus: state === "STOPPING" ? "RUNNING" : state,
    desiredStatus: state === "STOPPING" ? "STOPPED" : "RUNNING",
    createdAt: now - 120_000,
    startedAt: state === "PENDING" ? undefined : now - 100_000,
    healthySince: state === "PENDING" ? undefined : now - 90_000,
  });
  for (let i = 0; i < instances; i++) {
    const arn = `arn:aws:ecs:us-east-1:123456789012:container-instance/default/${i.toString(16).padStart(32, "0")}`;
    list.push({
      arn,
      ec2InstanceId: `i-${i.toString(16).padStart(17, "0")}`,
      status: i % 97 === 0 ? "DRAINING" : "ACTIVE",
      attributes: { stack: i % 5 === 0 ? "gamma" : "prod", "ecs.os-type": "linux", "ecs.availability-zone": `us-east-1${"abc"[i % 3]}` },
      agentConnected: true,
      agentVersion: "1.75.0",
      registeredAt: now - 86_400_000,
      runningTasksCount: 3,
      pendingTasksCount: 0,
    });
    const phase = i / instances;
    if (phase > 0.97) continue; // new instances: no task yet
    if (phase < 0.45) tasks.push(task(arn, 2, "RUNNING"));
    else if (phase < 0.5) {
      tasks.push(task(arn, 1, "STOPPING"));
      tasks.push(task(arn, 2, "RUNNING"));
    } else if (phase < 0.55) {
      tasks.push(task(arn, 1, "RUNNING"));
      tasks.push(task(arn, 2, "PENDING"));
    } else tasks.push(task(arn, 1, "RUNNING"));
  }
  return { environment, revisions: [revision(1), revision(2)], instances: list, tasks, now };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Median and p95 time of plan() for 10,000 instances mid-rollout. */
export async function benchPlanner(): Promise<Record<string, unknown>> {
  const input = midRolloutInput();
  const first = plan(input); // warm-up, and the previous status for the timed runs
  const timedInput: PlanInput = { ...input, previous: first.status };
  for (let k = 0; k < 5; k++) plan(timedInput);
  const times: number[] = [];
  let actions = 0;
  for (let k = 0; k < 40; k++) {
    const t0 = performance.now();
    const out = plan(timedInput);
    times.push(performance.now() - t0);
    actions = out.actions.length;
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    name: "planner: one environment, 10,000 instances mid-rollout",
    instances: input.instances.length,
    tasks: input.tasks.length,
    actions,
    runs: times.length,
    medianMs: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    maxMs: round(times[times.length - 1]),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchPlanner().then((r) => console.log(JSON.stringify(r, null, 2)));
}
