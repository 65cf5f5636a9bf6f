// Planning when the cluster has never answered (its cluster does not exist,
// credentials are wrong, or a replica just took the environment over). The
// reconciler journals this and describe shows it, through the same function,
// so both agree. Pure.
//
// A previous status that counted tasks is kept as it is (with the
// ClusterError set): planning on an empty view would report those tasks gone.
// Otherwise — nothing journaled yet, an intent the journal has not seen (a
// deploy, freeze, thaw, delete, a new revision), or a status with no tasks to
// lose — the planner runs on the empty view with `unobserved`, so it never
// reports the target Active nor a deletion finished, and a deploy still is an
// event and still becomes Stuck once its stuck timeout passes.

import type { EnvironmentRecord } from "../domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../domain/status.js";
import { clusterErrorEvents } from "./events.js";
import type { PlanFunction, PlanInput, PlanOutput } from "./types.js";

/** True when the environment record changed after the journaled status was planned. */
export function journalLags(status: EnvironmentStatusSnapshot, environment: EnvironmentRecord): boolean {
  return (
    status.latestRevision !== environment.latestRevision ||
    status.targetRevision !== environment.targetRevision ||
    status.frozen !== environment.frozen ||
    status.currentDeploymentId !== environment.currentDeploymentId ||
    (environment.lifecycle === "deleting" && status.status !== "Deleting" && status.status !== "Deleted") ||
    (environment.lifecycle === "deleted" && status.status !== "Deleted")
  );
}

/**
 * The ClusterError's start: kept from the previous status while the error
 * lasts (whatever its message), so `since` does not move on every plan.
 */
export function clusterErrorSince(previous: EnvironmentStatusSnapshot | undefined, now: number): number {
  return previous?.conditions.find((c) => c.type === "ClusterError")?.since ?? now;
}

/** True when the status counts any task (of any revision). */
function countsTasks(status: EnvironmentStatusSnapshot): boolean {
  return status.outdated > 0 || status.revisions.some((r) => r.tasks > 0);
}

/**
 * Plans without an observation. `input.instances` and `input.tasks` are
 * ignored (taken as empty); `input.clusterError` says why nothing was seen.
 */
export function planUnobserved(plan: PlanFunction, input: PlanInput & { clusterError: { message: string; since: number } }): PlanOutput {
  const previous = input.previous;
  if (previous && countsTasks(previous) && !journalLags(previous, input.environment)) {
    return carryForward(previous, input.clusterError, input.now);
  }
  return plan({ ...input, instances: [], tasks: [], unobserved: true });
}

/**
 * The previous status with the ClusterError condition set (and its event),
 * nothing else changed. observedAt stays, so failures that happen meanwhile
 * are still reported once the cluster answers.
 */
export function carryForward(
  previous: EnvironmentStatusSnapshot,
  clusterError: { message: string; since: number },
  now: number,
): PlanOutput {
  const status = structuredClone(previous);
  status.conditions = [
    ...status.conditions.filter((c) => c.type !== "ClusterError"),
    { type: "ClusterError", reason: clusterError.message, since: clusterError.since },
  ];
  return { actions: [], status, events: clusterErrorEvents(previous.conditions, status.conditions, now) };
}
