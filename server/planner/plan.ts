// The planner: a pure function from what is observed to what to do and what
// to report. No I/O, no clock: time comes from `input.now`, memory
// from `input.previous.timers`.
//
//   ownership.ts       which task counts for which revision (tags, adoption)
//   health.ts          when a task is healthy
//   instance-group.ts  which instances a revision runs on
//   daemon-rollout.ts  method budgets -> start/stop actions
//   counts.ts          DESIRED / HEALTHY / TOTAL / OUTDATED
//   status.ts          revision and environment status names
//   conditions.ts      Stuck / Failing / ClusterError and their timers
//   events.ts          transitions since the previous status

import { effectiveDeployment, type RevisionRecord } from "../domain/environment.js";
import type { EnvironmentStatusSnapshot, RevisionStatusSnapshot } from "../domain/status.js";
import { lastActiveRevision, LAST_ACTIVE_TIMER, planCanary, type CanaryPlan } from "./canary.js";
import { evaluateConditions } from "./conditions.js";
import { countTasks, type CountMode } from "./counts.js";
import { planDaemonRollout, stopAction, type DaemonRollout } from "./daemon-rollout.js";
import { completedKey, diffEvents } from "./events.js";
import { instanceGroup } from "./instance-group.js";
import { adopterKey, adoptersFrom, adoptTasks, attributeAdopted, indexTasks } from "./ownership.js";
import { environmentStatus, revisionStatus } from "./status.js";
import type { PlannedAction, PlanInput, PlanOutput } from "./types.js";

export { STOP_REASON_PREFIX } from "./types.js";
export { healthyFloor, surgeBudget } from "./daemon-rollout.js";

/**
 * Plans one step for one environment.
 * @throws Error when the input is inconsistent (the target revision is not
 *   among `revisions`, or a stored instance-group query does not parse); the
 *   message names the field. The caller keeps the previous status.
 */
export function plan(input: PlanInput): PlanOutput {
  const { environment: env, now } = input;
  const revisions = [...input.revisions].sort((a, b) => a.revision - b.revision);
  const byNumber = new Map<number, RevisionRecord>();
  for (const r of revisions) byNumber.set(r.revision, r);
  const latest = revisions.length > 0 ? revisions[revisions.length - 1] : undefined;

  const lifecycle = env.lifecycle;
  const T = lifecycle === "live" ? env.targetRevision : 0;
  const target = T > 0 ? byNumber.get(T) : undefined;
  if (T > 0 && !target) {
    throw new Error(`plan: environment.targetRevision ${T} is not among input.revisions (${revisions.map((r) => r.revision).join(", ") || "none"})`);
  }

  const index = indexTasks(input.tasks, env.environmentId, now, (r) => byNumber.get(r)?.spec.deployment.soakTimeMs ?? 0);
  const taskGroupsOf = (arn: string): ReadonlySet<string> =>
    new Set((index.byInstance.get(arn) ?? []).map((v) => v.task.group));

  let actions: PlannedAction[] = [];
  let rollout: DaemonRollout | undefined;
  let mode: CountMode;
  let effective: ReturnType<typeof effectiveDeployment> | undefined;
  let canary: CanaryPlan | undefined;
  const sameDeployment = input.previous !== undefined && input.previous.currentDeploymentId === env.currentDeploymentId;
  const lastActive = lastActiveRevision(input.previous);
  let deletionFinished = false;
  const previousAdopters = adoptersFrom(input.previous?.timers ?? {});
  let adopters = new Map<number, number>();
  const taskDefinitionOf = (r: number) => byNumber.get(r)?.spec.taskDefinition;

  if (lifecycle === "deleted") {
    mode = { kind: "deleted" };
  } else if (lifecycle === "deleting") {
    mode = { kind: "deleting" };
    // Count adopted tasks under the revision that adopted them, as while live,
    // so the revision they were started by does not come back as Undeploying.
    const last = byNumber.get(env.targetRevision);
    if (last) {
      const group = instanceGroup(input.instances, last.spec.instanceGroupQuery, last.revision, taskGroupsOf);
      adoptTasks(index, last.revision, last.spec.taskDefinition, new Set(group.map((i) => i.arn)));
      adopters = attributeAdopted(index, last.revision, previousAdopters, taskDefinitionOf);
    }
    if (!env.terminateTasks) {
      deletionFinished = true; // only stops managing: the tasks run on
    } else if (index.live.length === 0 && !input.unobserved) {
      deletionFinished = true;
    } else if (!env.frozen) {
      // The user asked for the tasks to go: no budget.
      for (const v of index.live) if (v.state !== "terminating") actions.push(stopAction(v, "environment deleted"));
    }
  } else if (target) {
    const group = instanceGroup(input.instances, target.spec.instanceGroupQuery, T, taskGroupsOf);
    const inGroup = new Set<string>();
    for (const i of group) inGroup.add(i.arn);
    adoptTasks(index, T, target.spec.taskDefinition, inGroup);
    adopters = attributeAdopted(index, T, previousAdopters, taskDefinitionOf);
    effective = effectiveDeployment(target.spec.deployment, env.targetIsRollback);
    // Canary steps hold a rollout (not a rollback) that replaces a revision
    // that was Active; a first deploy has nothing to protect.
    const canarySettings = target.spec.deployment.canary;
    const stable = lastActive !== undefined && lastActive !== T ? byNumber.get(lastActive) : undefined;
    if (canarySettings && !env.targetIsRollback && stable) {
      const promotion = input.promotion?.deploymentId === env.currentDeploymentId ? input.promotion.promotedSteps : 0;
      canary = planCanary({
        settings: canarySettings,
        group,
        index,
        target: T,
        now,
        previousTimers: sameDeployment ? (input.previous?.timers ?? {}) : {},
        promotedSteps: promotion,
      });
    }
    rollout = planDaemonRollout(
      {
        target: T,
        taskDefinition: target.spec.taskDefinition,
        method: effective.method,
        minHealthyPercent: effective.limits.minHealthyPercent,
        maxOverPercent: effective.limits.maxOverPercent,
        frozen: env.frozen,
        canary:
          canary?.allowed && target && lastActive !== undefined
            ? { allowed: canary.allowed, stable: { revision: lastActive, taskDefinition: byNumber.get(lastActive)!.spec.taskDefinition } }
            : undefined,
      },
      index,
      group,
      inGroup,
      input.instances,
    );
    actions = rollout.actions;
    mode = { kind: "live", target: T, slots: rollout.slots };
  } else {
    // Before the first deploy: nothing runs, the latest revision shows the TOTAL it would have.
    const total = latest ? instanceGroup(input.instances, latest.spec.instanceGroupQuery, latest.revision, taskGroupsOf).length : 0;
    mode = { kind: "created", latest: latest?.revision ?? 0, total };
  }

  const counts = countTasks(
    revisions.map((r) => r.revision),
    index.live,
    mode,
  );
  const targetActive =
    !input.unobserved &&
    rollout !== undefined &&
    rollout.slots.every((s) => s.keeper?.healthy === true && !s.started) &&
    index.live.length === rollout.slots.length &&
    (canary === undefined || canary.stepIndex >= canary.steps);

  const previous = input.previous;
  const prevTimers = previous?.timers ?? {};
  const conditions = evaluateConditions({
    now,
    previousTimers: prevTimers,
    acting: lifecycle === "live" && T > 0 && !env.frozen,
    live: lifecycle === "live",
    target: T,
    targetActive,
    canaryWaiting: canary?.waiting === true,
    revisions,
    counts,
    index,
    rollout,
    method: effective?.method,
    limits: effective?.limits,
    startFailures: input.startFailures,
    clusterError: input.clusterError,
    unobserved: input.unobserved,
  });

  // A deployment completes once: remembered per deployment id.
  const timers = conditions.timers;
  for (const [tagged, by] of adopters) timers[adopterKey(tagged)] = by;
  if (canary) Object.assign(timers, canary.timers);
  if (lifecycle === "live" && targetActive) timers[LAST_ACTIVE_TIMER] = T;
  else if (lastActive !== undefined) timers[LAST_ACTIVE_TIMER] = lastActive;
  let completedDeploymentId: string | undefined;
  const deploymentId = env.currentDeploymentId;
  if (deploymentId && lifecycle === "live") {
    const key = completedKey(deploymentId);
    const sameDeployment = previous?.currentDeploymentId === deploymentId;
    if (sameDeployment && prevTimers[key] !== undefined) {
      timers[key] = prevTimers[key];
    } else if (targetActive) {
      timers[key] = now;
      completedDeploymentId = deploymentId;
    }
  }

  const prevRevisions = new Map(previous?.revisions.map((r) => [r.revision, r]) ?? []);
  const revisionSnapshots: RevisionStatusSnapshot[] = revisions.map((rec) => {
    const c = counts.byRevision.get(rec.revision)!;
    const snapshot: RevisionStatusSnapshot = {
      revision: rec.revision,
      status: revisionStatus({
        revision: rec.revision,
        target: T,
        tasks: c.tasks,
        targetActive,
        previous: prevRevisions.get(rec.revision)?.status,
        previousTasks: prevRevisions.get(rec.revision)?.tasks,
      }),
      desired: c.desired,
      healthy: c.healthy,
      total: c.total,
      tasks: c.tasks,
      conditions: conditions.revisionConditions.get(rec.revision) ?? [],
      taskDefinition: rec.spec.taskDefinition,
    };
    if (rec.revision === T && canary?.progress) snapshot.canary = canary.progress;
    return snapshot;
  });

  const envConditions = conditions.environmentConditions;
  const status: EnvironmentStatusSnapshot = {
    environmentName: env.name,
    targetRevision: env.targetRevision,
    latestRevision: env.latestRevision,
    status: environmentStatus({
      lifecycle,
      deletionFinished,
      frozen: env.frozen,
      failing: envConditions.some((c) => c.type === "Failing"),
      stuck: envConditions.some((c) => c.type === "Stuck"),
      paused: canary?.progress?.state === "paused" && !env.frozen,
      target: T,
      targetActive,
    }),
    outdated: counts.outdated,
    desired: counts.desired,
    healthy: counts.healthy,
    total: counts.total,
    revisions: revisionSnapshots,
    conditions: envConditions,
    frozen: env.frozen,
    currentDeploymentId: env.currentDeploymentId,
    observedAt: now,
    timers,
  };

  const events = diffEvents({
    now,
    environment: env,
    previous,
    next: status,
    deploymentCompleted: completedDeploymentId !== undefined,
    index,
    startFailures: input.startFailures,
    timers,
    revisions: input.revisions,
  });

  const output: PlanOutput = { actions, status, events };
  const wakeAt = earliest(conditions.wakeAt, canary?.wakeAt);
  if (wakeAt !== undefined) output.wakeAt = wakeAt;
  if (completedDeploymentId !== undefined) output.completedDeploymentId = completedDeploymentId;
  if (deletionFinished) output.deletionFinished = true;
  return output;
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
