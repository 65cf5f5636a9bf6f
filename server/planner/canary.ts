// Canary steps: how far the target revision may go before a step passes.
//
// Step k lets the target run on at most share(k) = ceil(TOTAL * percent / 100)
// instances (at least 1) of its group: the first share(k) of the canary order
// (instances already holding the target, then those matching the Instances
// query, then the rest, each by registration time and ARN; so a joining
// instance comes last unless the query picks it). The budgets of the method
// still hold inside the step (daemon-rollout.ts leaves the other instances
// alone).
//
// A step is complete when share(k) instances hold a healthy target task and
// no target task in the group is unhealthy or pending. A complete step waits:
// for its bake time (every step task healthy that long; a target task that
// stopped on its own since the bake began restarts it), or with Pause for a
// promote. A promote is stored with the deployment (promotedSteps) and passes
// every step below it, complete or not. After the last step the rollout goes
// on to every instance.
//
// Memory (status.timers, kept only within one deployment):
//   canary:step       index of the current step (0-based; steps.length once all passed)
//   canary:bake       since when the current step has been complete and healthy
//   canary:promoted   promotedSteps seen by the previous plan (for the event)
//   active:last       the revision that was last Active (kept across deployments)

import type { ClusterTask, ContainerInstance } from "../domain/cluster.js";
import type { CanarySettings, EventDraft } from "../domain/environment.js";
import type { CanaryProgress, EnvironmentStatusSnapshot } from "../domain/status.js";
import { matchesQuery } from "../query/evaluate.js";
import { compiledQuery } from "./instance-group.js";
import { parseRevisionTag, type TaskIndex } from "./ownership.js";
import { stoppedUnexpectedly } from "./conditions.js";

export const CANARY_STEP_TIMER = "canary:step";
export const CANARY_BAKE_TIMER = "canary:bake";
export const CANARY_PROMOTED_TIMER = "canary:promoted";
export const LAST_ACTIVE_TIMER = "active:last";

/** Instances the target may hold at a step of `percent`: ceil(TOTAL * percent / 100), at least 1, at most TOTAL. */
export function canaryShare(total: number, percent: number): number {
  if (total === 0) return 0;
  return Math.min(total, Math.max(1, Math.ceil((total * percent) / 100 - 1e-9)));
}

/**
 * The canary order of the group: instances holding the target first, then
 * those matching `instancesQuery`, then the rest; each by registration time,
 * then ARN (independent of the order the cluster lists them in).
 */
export function canaryOrder(
  group: readonly ContainerInstance[],
  holdsTarget: (arn: string) => boolean,
  instancesQuery: string,
): ContainerInstance[] {
  const ast = instancesQuery === "" ? undefined : compiledQuery(instancesQuery);
  const rank = (i: ContainerInstance) => (holdsTarget(i.arn) ? 0 : ast && matchesQuery(ast, i) ? 1 : 2);
  return group
    .map((i) => ({ i, r: rank(i) }))
    .sort((a, b) => a.r - b.r || a.i.registeredAt - b.i.registeredAt || (a.i.arn < b.i.arn ? -1 : a.i.arn > b.i.arn ? 1 : 0))
    .map((x) => x.i);
}

export interface CanaryInput {
  settings: CanarySettings;
  /** ACTIVE instances of the target's group. */
  group: readonly ContainerInstance[];
  /** Ownership already applied (adoption). */
  index: TaskIndex;
  target: number;
  now: number;
  /** The previous status's timers when it was planned for this deployment; otherwise empty. */
  previousTimers: Readonly<Record<string, number>>;
  /** Steps promoted past (stored with the deployment). */
  promotedSteps: number;
}

export interface CanaryPlan {
  /** The current step, 0-based; `steps` once every step passed. */
  stepIndex: number;
  steps: number;
  /** Instances the target may run on now; undefined once every step passed. */
  allowed?: ReadonlySet<string>;
  /** For the target's status row, while a step holds. */
  progress?: CanaryProgress;
  /** The step is complete and only waits for its bake or a promote (never Stuck). */
  waiting: boolean;
  timers: Record<string, number>;
  wakeAt?: number;
}

export function planCanary(c: CanaryInput): CanaryPlan {
  const { settings, group, index, target, now } = c;
  const prev = c.previousTimers;
  const steps = settings.steps.length;
  const promoted = Math.min(Math.max(0, c.promotedSteps), steps);
  const prevStep = prev[CANARY_STEP_TIMER];
  let k = Math.max(prevStep ?? 0, promoted);
  let bakeSince = k === prevStep ? prev[CANARY_BAKE_TIMER] : undefined;

  const inGroup = new Set(group.map((i) => i.arn));
  const holding = new Set<string>();
  const healthyOn = new Set<string>();
  let notHealthy = 0;
  for (const v of index.live) {
    const arn = v.task.containerInstanceArn;
    if (v.owner !== target || v.state === "terminating" || !inGroup.has(arn)) continue;
    holding.add(arn);
    if (v.healthy) healthyOn.add(arn);
    else notHealthy++;
  }
  const healthy = healthyOn.size;
  const failedAfter = (t: number) => index.stopped.some((s) => failedTargetTask(s, target) && (s.stoppedAt ?? s.createdAt) > t);

  let state: CanaryProgress["state"] = "progressing";
  let wakeAt: number | undefined;
  while (k < steps) {
    const step = settings.steps[k];
    const share = canaryShare(group.length, step.percent);
    if (healthy < share || notHealthy > 0) {
      bakeSince = undefined;
      state = "progressing";
      break;
    }
    if (bakeSince === undefined || failedAfter(bakeSince)) bakeSince = now;
    if (step.pause) {
      state = "paused";
      break;
    }
    if (now - bakeSince >= step.bakeMs) {
      k++;
      bakeSince = undefined;
      continue;
    }
    state = "baking";
    wakeAt = bakeSince + step.bakeMs;
    break;
  }

  const timers: Record<string, number> = { [CANARY_STEP_TIMER]: k, [CANARY_PROMOTED_TIMER]: promoted };
  if (bakeSince !== undefined) timers[CANARY_BAKE_TIMER] = bakeSince;
  if (k >= steps) return { stepIndex: k, steps, waiting: false, timers };

  const step = settings.steps[k];
  const share = canaryShare(group.length, step.percent);
  const order = canaryOrder(group, (arn) => holding.has(arn), settings.instancesQuery);
  const allowed = new Set(order.slice(0, share).map((i) => i.arn));
  const progress: CanaryProgress = { step: k + 1, steps, percent: step.percent, allowed: share, state };
  if (state === "baking") progress.bakeUntil = wakeAt;
  const out: CanaryPlan = { stepIndex: k, steps, allowed, progress, waiting: state !== "progressing", timers };
  if (wakeAt !== undefined) out.wakeAt = wakeAt;
  return out;
}

/** A STOPPED task of the target that the planner did not tell to stop. */
function failedTargetTask(t: ClusterTask, target: number): boolean {
  return parseRevisionTag(t) === target && stoppedUnexpectedly(t);
}

/** The revision that was Active last, from a previous status (its memory, else its rows). */
export function lastActiveRevision(previous: EnvironmentStatusSnapshot | undefined): number | undefined {
  const remembered = previous?.timers?.[LAST_ACTIVE_TIMER];
  if (remembered !== undefined && remembered > 0) return remembered;
  return previous?.revisions.find((r) => r.status === "Active")?.revision;
}

/** canary_step_started / canary_waiting / canary_promoted: transitions of the target's canary since `prev`. */
export function canaryEvents(prev: EnvironmentStatusSnapshot | undefined, next: EnvironmentStatusSnapshot, now: number): EventDraft[] {
  const target = next.targetRevision;
  if (target === 0 || !next.currentDeploymentId) return [];
  const same = prev !== undefined && prev.currentDeploymentId === next.currentDeploymentId && prev.targetRevision === target;
  const was = same ? prev!.revisions.find((r) => r.revision === target)?.canary : undefined;
  const is = next.revisions.find((r) => r.revision === target)?.canary;
  const events: EventDraft[] = [];
  const push = (type: EventDraft["type"], message: string) =>
    events.push({ type, time: now, revision: target, deploymentId: next.currentDeploymentId, message });

  const promotedBefore = same ? (prev!.timers?.[CANARY_PROMOTED_TIMER] ?? 0) : 0;
  const promotedNow = next.timers?.[CANARY_PROMOTED_TIMER] ?? 0;
  if (promotedNow > promotedBefore) {
    const steps = is?.steps ?? was?.steps;
    push(
      "canary_promoted",
      steps !== undefined && promotedNow >= steps
        ? `revision ${target}: promoted past every canary step`
        : `revision ${target}: promoted past canary step ${promotedNow}${steps !== undefined ? `/${steps}` : ""}`,
    );
  }
  if (is && (!was || was.step !== is.step)) {
    push(
      "canary_step_started",
      `revision ${target}: canary step ${is.step}/${is.steps} (${is.percent}%): up to ${is.allowed} of ${next.total} instances`,
    );
  } else if (!is && was && same) {
    push("canary_step_started", `revision ${target}: every canary step passed; rolling out to all ${next.total} instances`);
  }
  if (is && is.state !== "progressing" && (!was || was.step !== is.step || was.state !== is.state)) {
    push(
      "canary_waiting",
      is.state === "paused"
        ? `revision ${target}: canary step ${is.step}/${is.steps} is healthy; paused until promote-environment`
        : `revision ${target}: canary step ${is.step}/${is.steps} is healthy; baking until ${new Date(is.bakeUntil!).toISOString()}`,
    );
  }
  return events;
}
