// Which task counts for which revision (semantics.md, Ownership and adoption).
//
// Ownership is rebuilt from the tasks alone on every plan: the revision tag
// says who started a task, and adoption moves a task to the target revision
// when the target runs the same task definition on an instance of its group.
// Nothing here is remembered between plans, so a restarted server agrees.

import { TAG_ENVIRONMENT_ID, TAG_REVISION, type ClusterTask } from "../domain/cluster.js";
import { taskHealth, taskState, type TaskState } from "./health.js";

/** One observed task with what the planner derives from it. */
export interface TaskView {
  task: ClusterTask;
  /** The revision tag; 0 when missing or malformed (such a task belongs to no wanted revision). */
  tagged: number;
  /** The revision the task counts for: `tagged`, or the target when adopted. */
  owner: number;
  adopted: boolean;
  state: TaskState;
  /** Healthy as observed, before this plan's actions. */
  healthy: boolean;
  /** Set when this plan tells the task to stop. */
  stopping: boolean;
}

export interface TaskIndex {
  /** Tasks not yet stopped (pending, running, terminating). */
  live: TaskView[];
  /** Tasks already STOPPED (kept for failure reasons and task_failed events). */
  stopped: ClusterTask[];
  /** Live tasks by containerInstanceArn. */
  byInstance: Map<string, TaskView[]>;
  /** Earliest future time a soaking task turns healthy. */
  nextHealthyAt?: number;
}

export function parseRevisionTag(task: ClusterTask): number {
  const raw = task.tags?.[TAG_REVISION];
  if (raw === undefined || raw.length === 0 || raw.length > 15 || raw.charCodeAt(0) === 48 /* "0" */) return 0;
  const n = Number(raw);
  // Only plain decimal digits: Number() also accepts "1e3" or " 7".
  return Number.isInteger(n) && n > 0 && String(n) === raw ? n : 0;
}

/**
 * Classifies and indexes the environment's tasks. Tasks explicitly tagged
 * with another environment id are ignored (not ours to touch).
 * @param soakOf soak time of a revision (the tag's revision).
 */
export function indexTasks(
  tasks: readonly ClusterTask[],
  environmentId: string,
  now: number,
  soakOf: (revision: number) => number,
): TaskIndex {
  const live: TaskView[] = [];
  const stopped: ClusterTask[] = [];
  const byInstance = new Map<string, TaskView[]>();
  let nextHealthyAt: number | undefined;
  const soakByRevision = new Map<number, number>();
  for (const task of tasks) {
    const env = task.tags?.[TAG_ENVIRONMENT_ID];
    if (env !== undefined && env !== environmentId) continue;
    const state = taskState(task);
    if (state === "stopped") {
      stopped.push(task);
      continue;
    }
    const tagged = parseRevisionTag(task);
    let soak = soakByRevision.get(tagged);
    if (soak === undefined) soakByRevision.set(tagged, (soak = soakOf(tagged)));
    const health = taskHealth(task, now, soak);
    if (health.healthyAt !== undefined && (nextHealthyAt === undefined || health.healthyAt < nextHealthyAt)) {
      nextHealthyAt = health.healthyAt;
    }
    const view: TaskView = { task, tagged, owner: tagged, adopted: false, state, healthy: health.healthy, stopping: false };
    live.push(view);
    const list = byInstance.get(task.containerInstanceArn);
    if (list) list.push(view);
    else byInstance.set(task.containerInstanceArn, [view]);
  }
  return { live, stopped, byInstance, nextHealthyAt };
}

/**
 * Adoption: a task of another revision that runs the target's task definition
 * on an instance of the target's group counts as the target's, without a
 * restart (the doc's InstanceGroup example). Terminating tasks are not adopted.
 */
export function adoptTasks(
  index: TaskIndex,
  target: number,
  targetTaskDefinition: string,
  inGroup: ReadonlySet<string>,
): void {
  for (const v of index.live) {
    if (v.tagged === target || v.state === "terminating") continue;
    if (v.task.taskDefinition === targetTaskDefinition && inGroup.has(v.task.containerInstanceArn)) {
      v.owner = target;
      v.adopted = true;
    }
  }
}

/** Timer key remembering which revision last adopted tasks tagged `tagged` (value: that revision). */
export const adopterKey = (tagged: number) => `adopted:${tagged}`;

/** The adopter memory from a previous status's timers: tag -> adopting revision. */
export function adoptersFrom(timers: Readonly<Record<string, number>>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [k, v] of Object.entries(timers)) {
    if (!k.startsWith("adopted:")) continue;
    const tagged = Number(k.slice("adopted:".length));
    if (Number.isInteger(tagged) && tagged > 0 && Number.isInteger(v) && v > 0) out.set(tagged, v);
  }
  return out;
}

/**
 * Tasks adopted by an earlier target keep counting for the revision that
 * adopted them once the target moves on (a deploy of another task
 * definition, a rollback past it), so the revision they were started by does
 * not come back as Undeploying and the adopting one does not turn Inactive
 * while its tasks still run. Only moves tasks not owned by `target`, to a
 * revision other than `target` that runs the task's definition.
 * @returns the adopter memory to keep: tag -> the revision that adopted it last.
 */
export function attributeAdopted(
  index: TaskIndex,
  target: number,
  previous: ReadonlyMap<number, number>,
  taskDefinitionOf: (revision: number) => string | undefined,
): Map<number, number> {
  const next = new Map<number, number>();
  for (const v of index.live) {
    if (v.tagged === 0 || v.tagged === target) continue; // a revision's own tasks need no memory
    if (v.adopted) {
      next.set(v.tagged, v.owner);
      continue;
    }
    const by = previous.get(v.tagged);
    if (by === undefined || by === v.tagged || taskDefinitionOf(by) !== v.task.taskDefinition) continue;
    if (!next.has(v.tagged)) next.set(v.tagged, by);
    if (by !== target && v.owner === v.tagged) v.owner = by;
  }
  return next;
}

/** Order of preference when an instance holds several candidates: healthy, running, newest. */
export function betterTask(a: TaskView, b: TaskView): number {
  if (a.healthy !== b.healthy) return a.healthy ? -1 : 1;
  const ar = a.state === "running" ? 0 : 1;
  const br = b.state === "running" ? 0 : 1;
  if (ar !== br) return ar - br;
  // Prefer a task started for the revision over an adopted one, then the older task (stable).
  if (a.adopted !== b.adopted) return a.adopted ? 1 : -1;
  if (a.task.createdAt !== b.task.createdAt) return a.task.createdAt - b.task.createdAt;
  return a.task.arn < b.task.arn ? -1 : a.task.arn > b.task.arn ? 1 : 0;
}
