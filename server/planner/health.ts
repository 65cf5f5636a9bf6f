// When a task counts as healthy (semantics.md, Counting).
//
// Healthy = lastStatus RUNNING, desiredStatus RUNNING, container health HEALTHY
// where the task reports it, and the soak time elapsed. `healthStatus`
// undefined means the task does not report health (no container health
// check) and is fine; "UNKNOWN" means checks are still warming up, so the task
// is not healthy yet. Backends must therefore leave `healthStatus` undefined for
// tasks without health checks (ECS reports UNKNOWN for those).

import type { ClusterTask } from "../domain/cluster.js";

export type TaskState = "pending" | "running" | "terminating" | "stopped";

/** The lifecycle state the planner reasons with. */
export function taskState(task: ClusterTask): TaskState {
  if (task.lastStatus === "STOPPED") return "stopped";
  if (task.desiredStatus === "STOPPED") return "terminating";
  // DEACTIVATING/STOPPING/DEPROVISIONING without desiredStatus STOPPED: on its way out anyway.
  if (task.lastStatus === "DEACTIVATING" || task.lastStatus === "STOPPING" || task.lastStatus === "DEPROVISIONING") {
    return "terminating";
  }
  return task.lastStatus === "RUNNING" ? "running" : "pending";
}

export interface TaskHealth {
  healthy: boolean;
  /** When a running task still soaking will become healthy (for wakeAt). */
  healthyAt?: number;
}

/** Health of one task at `now` with the revision's soak time. */
export function taskHealth(task: ClusterTask, now: number, soakTimeMs: number): TaskHealth {
  if (task.lastStatus !== "RUNNING" || task.desiredStatus !== "RUNNING") return { healthy: false };
  if (task.healthStatus !== undefined && task.healthStatus !== "HEALTHY") return { healthy: false };
  if (soakTimeMs <= 0) return { healthy: true };
  const since = task.healthySince ?? task.startedAt ?? task.createdAt;
  const at = since + soakTimeMs;
  return at <= now ? { healthy: true } : { healthy: false, healthyAt: at };
}
