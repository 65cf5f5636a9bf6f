// DESIRED / HEALTHY / TOTAL / OUTDATED (semantics.md, Counting), computed
// after this plan's actions: a task told to stop is neither desired nor healthy.

import type { Slot } from "./daemon-rollout.js";
import type { TaskView } from "./ownership.js";

export interface RevisionCounts {
  desired: number;
  healthy: number;
  total: number;
  /** Non-stopped tasks (terminating included). */
  tasks: number;
}

export interface Counts {
  byRevision: Map<number, RevisionCounts>;
  outdated: number;
  desired: number;
  healthy: number;
  total: number;
}

export type CountMode =
  /** A target is set: the rollout's slots decide the target's DESIRED. */
  | { kind: "live"; target: number; slots: readonly Slot[] }
  /** Before the first deploy: the latest revision shows the TOTAL it would have. */
  | { kind: "created"; latest: number; total: number }
  /** Deleting: nothing is desired any more. */
  | { kind: "deleting" }
  /** Deleted: no longer managed, everything shows 0. */
  | { kind: "deleted" };

export function countTasks(revisions: readonly number[], live: readonly TaskView[], mode: CountMode): Counts {
  const byRevision = new Map<number, RevisionCounts>();
  for (const r of revisions) byRevision.set(r, { desired: 0, healthy: 0, total: 0, tasks: 0 });
  const counts: Counts = { byRevision, outdated: 0, desired: 0, healthy: 0, total: 0 };
  if (mode.kind === "deleted") return counts;

  const target = mode.kind === "live" ? mode.target : 0;
  for (const v of live) {
    const healthy = v.healthy && !v.stopping;
    if (healthy) counts.healthy++;
    if (v.owner !== target) counts.outdated++;
    // Tasks of unknown revisions only show in the environment line.
    const c = byRevision.get(v.owner);
    if (!c) continue;
    c.tasks++;
    if (healthy) c.healthy++;
    if (mode.kind === "live" && v.owner !== target && v.state !== "terminating" && !v.stopping) c.desired++;
  }

  if (mode.kind === "live") {
    const t = byRevision.get(target);
    if (t) {
      let desired = 0;
      for (const s of mode.slots) {
        if (s.startedStable !== undefined) {
          const stable = byRevision.get(s.startedStable);
          if (stable) stable.desired++;
        }
        if (s.held) continue; // a canary step keeps the target off it for now
        // Held by the target, started now, or assigned to it and waiting for its old tasks to go.
        if (s.keeper || s.started || s.others.every((o) => o.stopping)) desired++;
      }
      t.desired = desired;
      t.total = mode.slots.length;
      counts.total = t.total;
    }
  } else if (mode.kind === "created") {
    const l = byRevision.get(mode.latest);
    if (l) l.total = mode.total;
    counts.total = mode.total;
  }
  for (const c of byRevision.values()) counts.desired += c.desired;
  return counts;
}
