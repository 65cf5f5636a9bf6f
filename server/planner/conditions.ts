// Stuck, Failing and ClusterError conditions, and the timers behind them.
//
// Timers live in status.timers (the planner's memory between plans):
//   stuck:<rev>          since when the revision has been unable to progress
//   stuck:<rev>:h        the highest HEALTHY seen since then
//   stuck:<rev>:o        the fewest outstanding tasks/instances seen since then
//   failing:health       since when HEALTHY / TOTAL < MinHealthyPercent
//   failing:missing      since when too many instances lack a healthy target task
//
// Stuck (semantics.md): HEALTHY != DESIRED — or, for the target, a rollout
// that has not reached Active, which covers a budget that leaves no legal
// action — for longer than the stuck timeout. The doc's Stuck means "unable
// to progress", so a rollout that keeps making progress (HEALTHY reaches a
// new high or the outstanding work a new low) restarts the timer; a large,
// slow but moving rollout is not Stuck.

import type { ClusterTask } from "../domain/cluster.js";
import type { DeploymentLimits, DeploymentMethod, RevisionRecord } from "../domain/environment.js";
import type { Condition } from "../domain/status.js";
import type { Counts } from "./counts.js";
import type { DaemonRollout } from "./daemon-rollout.js";
import { parseRevisionTag, type TaskIndex } from "./ownership.js";
import { STOP_REASON_PREFIX, type PlanInput } from "./types.js";

export interface ConditionInput {
  now: number;
  previousTimers: Readonly<Record<string, number>>;
  /** Stuck is only judged while the scheduler may act (live, not frozen). */
  acting: boolean;
  /** Failing is judged whenever a target is set and the environment is live. */
  live: boolean;
  target: number;
  targetActive: boolean;
  /** The target's canary step is complete and waits for its bake or a promote: not Stuck. */
  canaryWaiting?: boolean;
  revisions: readonly RevisionRecord[];
  counts: Counts;
  index: TaskIndex;
  rollout?: DaemonRollout;
  method?: DeploymentMethod;
  limits?: DeploymentLimits;
  startFailures?: PlanInput["startFailures"];
  clusterError?: PlanInput["clusterError"];
  /** The cluster was never observed: counts are of an empty view. */
  unobserved?: boolean;
}

export interface ConditionOutput {
  timers: Record<string, number>;
  revisionConditions: Map<number, Condition[]>;
  environmentConditions: Condition[];
  /** Earliest future time a timer fires. */
  wakeAt?: number;
}

export function evaluateConditions(c: ConditionInput): ConditionOutput {
  const { now, previousTimers: prev } = c;
  const timers: Record<string, number> = {};
  const revisionConditions = new Map<number, Condition[]>();
  const environmentConditions: Condition[] = [];
  let wakeAt: number | undefined;
  const wake = (t: number) => {
    if (t > now && (wakeAt === undefined || t < wakeAt)) wakeAt = t;
  };
  const addRevisionCondition = (r: number, cond: Condition) => {
    const list = revisionConditions.get(r);
    if (list) list.push(cond);
    else revisionConditions.set(r, [cond]);
  };

  // Stuck, per revision.
  if (c.acting) {
    let firstStuck: { revision: number; reason: string; since: number } | undefined;
    for (const rec of c.revisions) {
      const r = rec.revision;
      const counts = c.counts.byRevision.get(r)!;
      const eligible = r === c.target ? !c.targetActive && !c.canaryWaiting : counts.healthy !== counts.desired;
      if (!eligible) continue;
      const outstanding = r === c.target ? targetOutstanding(c) : counts.tasks;
      const key = `stuck:${r}`;
      let since = prev[key];
      let bestH = prev[`${key}:h`];
      let bestO = prev[`${key}:o`];
      if (since === undefined || bestH === undefined || bestO === undefined || counts.healthy > bestH || outstanding < bestO) {
        since = now; // (re)start: first seen, or progress was made
        bestH = counts.healthy;
        bestO = outstanding;
      }
      timers[key] = since;
      timers[`${key}:h`] = bestH;
      timers[`${key}:o`] = bestO;
      const timeout = rec.spec.deployment.stuckTimeoutMs;
      if (now - since >= timeout) {
        const reason = stuckReason(c, r, since);
        const cond: Condition = { type: "Stuck", reason, since: since + timeout };
        addRevisionCondition(r, cond);
        if (!firstStuck || r === c.target) firstStuck = { revision: r, reason, since: cond.since };
      } else {
        wake(since + timeout);
      }
    }
    if (firstStuck) {
      environmentConditions.push({
        type: "Stuck",
        reason: `revision ${firstStuck.revision}: ${firstStuck.reason}`,
        since: firstStuck.since,
      });
    }
  }

  // Failing: the environment as a whole (and its target revision).
  if (c.live && c.target > 0 && c.limits) {
    const spec = c.revisions.find((r) => r.revision === c.target)!.spec.deployment;
    const reasons: string[] = [];
    let failingSince: number | undefined;
    const total = c.counts.total;
    const healthy = c.counts.healthy;
    const min = c.limits.minHealthyPercent;
    if (total > 0 && min > 0 && healthy * 100 < total * min) {
      const since = prev["failing:health"] ?? now;
      timers["failing:health"] = since;
      if (now - since >= spec.failingTimeoutMs) {
        reasons.push(`HEALTHY ${healthy} of TOTAL ${total} is below MinHealthyPercent ${min} for ${duration(now - since)}`);
        failingSince = since + spec.failingTimeoutMs;
      } else {
        wake(since + spec.failingTimeoutMs);
      }
    }
    const maxMissing = spec.maxInstancesWithoutTask;
    if (maxMissing !== undefined && c.rollout) {
      let missing = 0;
      for (const s of c.rollout.slots) if (!s.held && !s.keeper?.healthy) missing++;
      if (missing > maxMissing) {
        const since = prev["failing:missing"] ?? now;
        timers["failing:missing"] = since;
        if (now - since >= spec.missingTaskTimeoutMs) {
          reasons.push(
            `${plural(missing, "instance")} without a healthy task of revision ${c.target} for ${duration(now - since)} (MaxInstancesWithoutTask ${maxMissing})`,
          );
          const s2 = since + spec.missingTaskTimeoutMs;
          failingSince = failingSince === undefined ? s2 : Math.min(failingSince, s2);
        } else {
          wake(since + spec.missingTaskTimeoutMs);
        }
      }
    }
    if (failingSince !== undefined) {
      const cond: Condition = { type: "Failing", reason: reasons.join("; "), since: failingSince };
      environmentConditions.push(cond);
      addRevisionCondition(c.target, { ...cond });
    }
  }

  if (c.clusterError) {
    environmentConditions.push({ type: "ClusterError", reason: c.clusterError.message, since: c.clusterError.since });
  }

  // Soaking tasks turn healthy without any cluster change.
  if (c.index.nextHealthyAt !== undefined) wake(c.index.nextHealthyAt);
  return { timers, revisionConditions, environmentConditions, wakeAt };
}

/** Work left for the target: instances without its task, and tasks other than its keepers. */
function targetOutstanding(c: ConditionInput): number {
  if (!c.rollout) return 0;
  let keepers = 0;
  let empty = 0;
  for (const s of c.rollout.slots) {
    if (s.keeper) keepers++;
    else empty++;
  }
  return empty + (c.index.live.length - keepers);
}

/** Names the constraint that holds the revision back, most specific first. */
export function stuckReason(c: ConditionInput, r: number, since: number): string {
  if (c.unobserved && c.clusterError) return `the cluster cannot be observed: ${c.clusterError.message}`;
  const failures = recentFailures(c, r, since);
  if (failures) return failures;

  let pending = 0;
  let oldestPending = Infinity;
  let unhealthy = 0;
  for (const v of c.index.live) {
    if (v.owner !== r || v.stopping || v.state === "terminating") continue;
    if (v.state === "pending") {
      pending++;
      oldestPending = Math.min(oldestPending, v.task.createdAt);
    } else if (!v.healthy) {
      unhealthy++;
    }
  }
  if (pending > 0) return `${plural(pending, "task")} pending for ${duration(c.now - oldestPending)}`;
  if (unhealthy > 0) return `${plural(unhealthy, "task")} running but not healthy`;

  const b = c.rollout?.blockers;
  if (b && c.limits) {
    const total = c.counts.total;
    if (b.floor > 0) {
      return `MinHealthyPercent ${c.limits.minHealthyPercent} leaves no termination budget with ${plural(total, "task")}`;
    }
    if (b.surge > 0) {
      return c.rollout!.surgeBudget === 0
        ? `MaxOverPercent ${c.limits.maxOverPercent} leaves no surge budget for ReplaceThenTerminate`
        : `surge budget of ${plural(c.rollout!.surgeBudget, "instance")} in use, ${plural(b.surge, "instance")} waiting`;
    }
    if (b.terminating > 0) return `${plural(b.terminating, "instance")} waiting for old tasks to stop`;
  }
  // Told to stop but not gone (agent wedged, long stop timeout): the target is
  // not Active while any task is left, wherever it runs.
  let stopping = 0;
  let first: string | undefined;
  for (const v of c.index.live) {
    if (v.state !== "terminating" || (r !== c.target && v.owner !== r)) continue;
    stopping++;
    if (first === undefined || v.task.arn < first) first = v.task.arn; // stable across listings
  }
  if (stopping > 0) {
    const more = stopping > 1 ? ` and ${stopping - 1} more` : "";
    return `${plural(stopping, "task")} told to stop ${stopping === 1 ? "has" : "have"} not stopped: ${first}${more}`;
  }
  if (c.clusterError) return `cluster error: ${c.clusterError.message}`;
  const counts = c.counts.byRevision.get(r)!;
  return `HEALTHY ${counts.healthy} != DESIRED ${counts.desired}`;
}

/**
 * "2 tasks failed to start: RESOURCE:MEMORY" from start failures and unexpected
 * stops since `since`. Counted per instance, so retries on the same instance do
 * not make the number (and the status) grow on every plan.
 */
function recentFailures(c: ConditionInput, r: number, since: number): string | undefined {
  const notStarted = new Map<string, string>(); // instance -> latest reason
  const died = new Map<string, string>();
  for (const f of c.startFailures ?? []) {
    if ((f.revision ?? c.target) !== r || f.time < since) continue;
    notStarted.set(f.containerInstanceArn, f.reason);
  }
  for (const t of c.index.stopped) {
    if (parseRevisionTag(t) !== r || !stoppedUnexpectedly(t) || (t.stoppedAt ?? t.createdAt) < since) continue;
    const reason = t.stoppedReason || "no reason given";
    (t.startedAt === undefined ? notStarted : died).set(t.containerInstanceArn, reason);
  }
  const parts: string[] = [];
  if (notStarted.size > 0) parts.push(`${plural(notStarted.size, "task")} failed to start: ${reasonList(notStarted)}`);
  if (died.size > 0) parts.push(`${plural(died.size, "task")} stopped unexpectedly: ${reasonList(died)}`);
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** A STOPPED task the planner did not tell to stop. */
export function stoppedUnexpectedly(t: ClusterTask): boolean {
  return !(t.stoppedReason ?? "").startsWith(STOP_REASON_PREFIX);
}

function reasonList(byInstance: Map<string, string>): string {
  const m = new Map<string, number>();
  for (const reason of byInstance.values()) m.set(reason, (m.get(reason) ?? 0) + 1);
  if (m.size === 1) return [...m.keys()][0];
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, n]) => `${reason} (${n})`)
    .join(", ");
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Coarse on purpose (whole minutes past one), so the status stays stable between plans. */
export function duration(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.floor(ms / 1000))}s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  return m > 0 ? `${h}h${m}m` : `${h}h`;
}
