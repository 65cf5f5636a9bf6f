// Events: the transitions between the previous status and the new one.
//
// Everything is derived by diffing `previous` against the new status (plus
// the timers the planner keeps), so replaying a plan after a crash with the
// same previous status yields the same events, and a later plan does not
// repeat them.

import { systemActor, type Actor } from "../domain/audit.js";
import type { EnvironmentRecord, EventDraft, RevisionRecord } from "../domain/environment.js";
import type { Condition, EnvironmentStatusSnapshot } from "../domain/status.js";
import { canaryEvents } from "./canary.js";
import { stoppedUnexpectedly } from "./conditions.js";
import type { TaskIndex } from "./ownership.js";
import { parseRevisionTag } from "./ownership.js";
import type { PlanInput } from "./types.js";

/** Timer key marking that a deployment reached Active (so completion is reported once). */
export const completedKey = (deploymentId: string) => `completed:${deploymentId}`;

/**
 * Timer keys for failures already reported whose time is not before the
 * plan's time, kept until it is. The previous status's observedAt alone is
 * not enough: ECS stamps stoppedAt with its own clock and a task may stop
 * while the scheduler lists (stoppedAt > now), and a start failure may carry
 * the very time of the next plan; such a failure would be reported again.
 */
export const stoppedReportedKey = (taskArn: string) => `events:stopped:${taskArn}`;
export const START_FAILURE_MARK = "events:start-failure";

export interface EventInput {
  now: number;
  environment: EnvironmentRecord;
  previous?: EnvironmentStatusSnapshot;
  next: EnvironmentStatusSnapshot;
  /** The target reached Active in this plan for the first time in this deployment. */
  deploymentCompleted: boolean;
  index: TaskIndex;
  startFailures?: PlanInput["startFailures"];
  /** The new status's timers: the reported-failure marks are written here. */
  timers: Record<string, number>;
  /** The environment's revisions, for who created each. */
  revisions?: readonly RevisionRecord[];
}

/** Why `blox` itself did what an event reports, for events no principal caused. */
const AUTOMATIC_CAUSES: Partial<Record<EventDraft["type"], string>> = {
  deployment_completed: "the target revision reached steady state",
  revision_status_changed: "the scheduler observed the cluster",
  stuck: "no progress within the stuck timeout",
  unstuck: "the rollout made progress",
  failing: "below MinHealthyPercent or too many instances without a task",
  recovered: "healthy again",
  cluster_error: "the cluster backend reported an error",
  cluster_error_cleared: "the cluster backend recovered",
  task_failed: "the cluster reported a stopped or failed task",
  deleted: "every task of the deleting environment stopped",
};

/**
 * Who caused each event: the principal recorded with the action on the
 * environment (or revision) record, else `blox` with the cause.
 */
function attribute(events: EventDraft[], env: EnvironmentRecord, revisions: readonly RevisionRecord[] | undefined, deletedAfterDeleting: boolean): void {
  const audit = env.audit ?? {};
  const byRevision = new Map(revisions?.map((r) => [r.revision, r.createdBy]) ?? []);
  for (const e of events) {
    let actor: Actor | undefined;
    switch (e.type) {
      case "environment_created":
        actor = audit.created ?? byRevision.get(1);
        break;
      case "revision_created":
        actor = e.revision !== undefined ? byRevision.get(e.revision) : undefined;
        break;
      case "deployment_started":
      case "rollback_started":
      case "deployment_superseded":
        actor = audit.deployed;
        break;
      case "frozen":
        actor = audit.frozen;
        break;
      case "thawed":
        actor = audit.thawed;
        break;
      case "deleting":
        actor = audit.deleted;
        break;
      case "deleted":
        actor = deletedAfterDeleting ? undefined : audit.deleted;
        break;
    }
    e.actor = actor ?? systemActor(AUTOMATIC_CAUSES[e.type] ?? "the scheduler");
  }
}

export function diffEvents(e: EventInput): EventDraft[] {
  const { now, previous: prev, next, environment: env } = e;
  const events: EventDraft[] = [];
  const push = (d: Omit<EventDraft, "time">) => events.push({ time: now, ...d });

  // The environment and its revisions: once when first planned, then per new revision.
  if (!prev) push({ type: "environment_created", revision: 1, message: `environment ${env.name} created with revision 1` });
  for (let r = (prev?.latestRevision ?? 1) + 1; r <= next.latestRevision; r++) {
    push({ type: "revision_created", revision: r, message: `revision ${r} created` });
  }

  // Deployments.
  if (env.currentDeploymentId && env.currentDeploymentId !== (prev?.currentDeploymentId ?? "")) {
    const old = prev?.currentDeploymentId;
    if (old && prev?.timers?.[completedKey(old)] === undefined) {
      push({
        type: "deployment_superseded",
        deploymentId: old,
        revision: prev!.targetRevision || undefined,
        message: `deployment ${old} superseded by ${env.currentDeploymentId}`,
      });
    }
    push({
      type: env.targetIsRollback ? "rollback_started" : "deployment_started",
      deploymentId: env.currentDeploymentId,
      revision: env.targetRevision,
      message: env.targetIsRollback
        ? `rollback to revision ${env.targetRevision} started (${env.currentDeploymentId})`
        : `deployment of revision ${env.targetRevision} started (${env.currentDeploymentId})`,
    });
  }
  if (e.deploymentCompleted) {
    push({
      type: "deployment_completed",
      deploymentId: env.currentDeploymentId,
      revision: env.targetRevision,
      message: `revision ${env.targetRevision} is Active (${env.currentDeploymentId})`,
    });
  }

  events.push(...canaryEvents(prev, next, now));

  // Revision statuses and their Stuck conditions.
  const prevRevisions = new Map(prev?.revisions.map((r) => [r.revision, r]) ?? []);
  for (const r of next.revisions) {
    const before = prevRevisions.get(r.revision);
    const was = before?.status ?? "Created";
    if (was !== r.status) {
      push({
        type: "revision_status_changed",
        revision: r.revision,
        message: `revision ${r.revision}: ${was} -> ${r.status}`,
      });
    }
    const stuckBefore = find(before?.conditions, "Stuck");
    const stuckNow = find(r.conditions, "Stuck");
    if (stuckNow && !stuckBefore) {
      push({ type: "stuck", revision: r.revision, message: `revision ${r.revision} is Stuck: ${stuckNow.reason}` });
    } else if (!stuckNow && stuckBefore) {
      push({ type: "unstuck", revision: r.revision, message: `revision ${r.revision} is no longer Stuck` });
    }
  }

  // Environment conditions.
  const failingBefore = find(prev?.conditions, "Failing");
  const failingNow = find(next.conditions, "Failing");
  if (failingNow && !failingBefore) {
    push({ type: "failing", revision: next.targetRevision || undefined, message: `environment is Failing: ${failingNow.reason}` });
  } else if (!failingNow && failingBefore) {
    push({ type: "recovered", revision: next.targetRevision || undefined, message: "environment is no longer Failing" });
  }
  events.push(...clusterErrorEvents(prev?.conditions, next.conditions, now));

  // Lifecycle.
  const prevFrozen = prev?.frozen ?? false;
  if (next.frozen && !prevFrozen) push({ type: "frozen", message: "environment frozen: no tasks are started or stopped" });
  if (!next.frozen && prevFrozen) push({ type: "thawed", message: "environment thawed" });
  if (next.status === "Deleting" && prev?.status !== "Deleting") {
    push({ type: "deleting", message: "environment is being deleted: stopping its tasks" });
  }
  if (next.status === "Deleted" && prev?.status !== "Deleted") push({ type: "deleted", message: "environment deleted" });

  // Tasks that stopped on their own since the previous plan, and failed starts.
  const after = prev?.observedAt ?? -Infinity;
  const startMark = prev?.timers?.[START_FAILURE_MARK] ?? -Infinity;
  let nextStartMark = startMark;
  for (const t of e.index.stopped) {
    const at = t.stoppedAt ?? t.createdAt;
    if (at <= after || !stoppedUnexpectedly(t)) continue;
    // Reported already (its time was not before that plan's): remember it until `now` passes it.
    const key = stoppedReportedKey(t.arn);
    if (at >= now) e.timers[key] = at;
    if (prev?.timers?.[key] !== undefined) continue;
    const rev = parseRevisionTag(t);
    const what = t.startedAt === undefined ? "failed to start" : "stopped unexpectedly";
    push({
      type: "task_failed",
      revision: rev || undefined,
      message: `task ${t.arn} on ${t.containerInstanceArn} ${what}: ${t.stoppedReason || "no reason given"}`,
    });
  }
  const failures = e.startFailures ?? [];
  // A start that keeps failing the same way is one event, not one per retry:
  // the Stuck condition carries the ongoing state. Earliest time per
  // (instance, reason), so the check is linear in the number of failures.
  const first = new Map<string, number>();
  for (const f of failures) {
    const key = `${f.containerInstanceArn}\u0000${f.reason}`;
    const t = first.get(key);
    if (t === undefined || f.time < t) first.set(key, f.time);
  }
  for (const f of failures) {
    // A failure comes from acting on an earlier plan, so one at exactly `after` is new.
    if (f.time < after || f.time <= startMark) continue;
    if (first.get(`${f.containerInstanceArn}\u0000${f.reason}`)! < f.time) continue;
    nextStartMark = Math.max(nextStartMark, f.time);
    push({
      type: "task_failed",
      revision: f.revision,
      message: `task failed to start on ${f.containerInstanceArn}: ${f.reason}`,
    });
  }
  // Keep the mark only while it can still matter: the next plan's `after` is at least `now`.
  if (nextStartMark >= now) e.timers[START_FAILURE_MARK] = nextStartMark;
  attribute(events, env, e.revisions, prev?.status === "Deleting");
  return events;
}

/** cluster_error when the ClusterError condition appears or changes its reason; cluster_error_cleared when it goes. */
export function clusterErrorEvents(before: readonly Condition[] | undefined, after: readonly Condition[], now: number): EventDraft[] {
  const was = find(before, "ClusterError");
  const is = find(after, "ClusterError");
  if (is && is.reason !== was?.reason) {
    return [{ type: "cluster_error", time: now, message: `cluster error: ${is.reason}`, actor: systemActor(AUTOMATIC_CAUSES.cluster_error!) }];
  }
  if (!is && was) {
    return [{ type: "cluster_error_cleared", time: now, message: "cluster error cleared", actor: systemActor(AUTOMATIC_CAUSES.cluster_error_cleared!) }];
  }
  return [];
}

function find(conditions: readonly Condition[] | undefined, type: Condition["type"]): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
