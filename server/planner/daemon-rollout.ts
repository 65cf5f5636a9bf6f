// Daemon rollout: one task of the target revision on every instance of its
// group, reached within the method's budgets (design doc, DeploymentType:
// Daemon; semantics.md, Counting).
//
// Budgets hold across everything in flight: every task that is not the
// target's keeper on its instance is "old", whichever revision it has.
//
// - Healthy floor = ceil(TOTAL * MinHealthyPercent / 100). A stop of a healthy
//   task is only taken while the healthy count stays at or above the floor;
//   stops of tasks that are not healthy never lower it, so they are free.
// - TerminateThenReplace starts on an instance only when no other task of the
//   environment (terminating included) is on it.
// - ReplaceThenTerminate surge budget = ceil(TOTAL * MaxOverPercent / 100), at
//   least 1 when the percent is above 0: the most instances that may hold two
//   non-stopped tasks at once. A terminating task still holds its instance's
//   resources, so it counts until it is gone.
// - Instances with no task of the environment get the target's task at once:
//   a start never lowers the healthy count, and this gives new instances priority.
// - Tasks on ACTIVE instances outside the group (the query changed, or the
//   instance's attributes did) are old tasks too. HEALTHY counts them
//   (environment HEALTHY: every revision, every instance), so a healthy one
//   only goes while the environment's healthy count stays at or above the
//   floor, after the group's own replacements and without lending them
//   budget: the group's stops are counted against the group's healthy tasks
//   alone. Not-healthy ones go at once.
// - Tasks on DRAINING or deregistered instances go at once, without budget and
//   without counting toward it: the instance is leaving. ECS does not stop
//   tasks that belong to no service (as ours) on a DRAINING instance, so its
//   drain waits for them; keeping them would hold up the operator's drain and
//   lean on capacity that is going away anyway.

import type { ContainerInstance } from "../domain/cluster.js";
import type { DeploymentMethod } from "../domain/environment.js";
import type { PlannedAction } from "./types.js";
import { STOP_REASON_PREFIX } from "./types.js";
import { betterTask, type TaskIndex, type TaskView } from "./ownership.js";

export interface DaemonRolloutOptions {
  target: number;
  taskDefinition: string;
  method: DeploymentMethod;
  minHealthyPercent: number;
  maxOverPercent: number;
  /** Compute the assignment without taking any action (frozen environment). */
  frozen: boolean;
  /**
   * While a canary step holds the rollout: the instances the target may run
   * on. Elsewhere old tasks stay, and an empty instance gets `stable` (the
   * revision that was Active), not the target.
   */
  canary?: { allowed: ReadonlySet<string>; stable: { revision: number; taskDefinition: string } };
}

/** One instance of the target's group and the environment's tasks on it. */
export interface Slot {
  instance: ContainerInstance;
  /** The target's task kept on this instance (the best of its candidates). */
  keeper?: TaskView;
  /** Non-terminating tasks other than the keeper: old revisions and duplicates. */
  others: TaskView[];
  /** Tasks already told to stop before this plan. */
  terminating: number;
  /** This plan starts the target's task here. */
  started: boolean;
  /** A canary step keeps the target off this instance (it has no target task). */
  held: boolean;
  /** This plan starts the stable revision's task here (a held, empty instance). */
  startedStable?: number;
}

/** Why wanted actions were held back (for Stuck reasons). */
export interface Blockers {
  /** Healthy tasks (in the group or on ACTIVE instances outside it) that the floor kept from being stopped. */
  floor: number;
  /** Instances that wait for a surge slot (ReplaceThenTerminate). */
  surge: number;
  /** Instances that wait for a terminating task to go. */
  terminating: number;
}

export interface DaemonRollout {
  actions: PlannedAction[];
  slots: Slot[];
  floor: number;
  surgeBudget: number;
  blockers: Blockers;
}

export function healthyFloor(total: number, minHealthyPercent: number): number {
  return Math.ceil((total * minHealthyPercent) / 100 - 1e-9);
}

export function surgeBudget(total: number, maxOverPercent: number): number {
  if (maxOverPercent <= 0) return 0;
  return Math.max(1, Math.ceil((total * maxOverPercent) / 100 - 1e-9));
}

export function stopAction(view: TaskView, reason: string): PlannedAction {
  view.stopping = true;
  return { kind: "stop", taskArn: view.task.arn, revision: view.owner, reason: STOP_REASON_PREFIX + reason };
}

/**
 * Plans one daemon rollout step.
 * @param group ACTIVE instances matching the target's query, in a stable order.
 * @param inGroup the arns of `group`.
 * @param instances every observed instance, to explain why a task is outside the group.
 */
export function planDaemonRollout(
  options: DaemonRolloutOptions,
  index: TaskIndex,
  group: readonly ContainerInstance[],
  inGroup: ReadonlySet<string>,
  instances: readonly ContainerInstance[],
): DaemonRollout {
  const { target, method, frozen } = options;
  const total = group.length;
  const floor = healthyFloor(total, options.minHealthyPercent);
  const budget = surgeBudget(total, options.maxOverPercent);
  const actions: PlannedAction[] = [];
  const blockers: Blockers = { floor: 0, surge: 0, terminating: 0 };

  // Slots, and the counts the budgets start from.
  const slots: Slot[] = new Array(group.length);
  let healthy = 0;
  let surgeInUse = 0;
  for (let n = 0; n < group.length; n++) {
    const instance = group[n];
    const tasks = index.byInstance.get(instance.arn);
    const slot: Slot = { instance, others: [], terminating: 0, started: false, held: false };
    if (tasks) {
      for (const v of tasks) {
        if (v.state === "terminating") {
          slot.terminating++;
          continue;
        }
        if (v.healthy) healthy++;
        if (v.owner === target && (slot.keeper === undefined || betterTask(v, slot.keeper) < 0)) {
          if (slot.keeper) slot.others.push(slot.keeper);
          slot.keeper = v;
        } else {
          slot.others.push(v);
        }
      }
      if (slot.others.length > 1) slot.others.sort(betterTask);
      if (tasks.length >= 2) surgeInUse++;
    }
    if (options.canary && !slot.keeper && !options.canary.allowed.has(instance.arn)) slot.held = true;
    slots[n] = slot;
  }

  if (frozen) return { actions, slots, floor, surgeBudget: budget, blockers };

  const start = (slot: Slot) => {
    slot.started = true;
    actions.push({
      kind: "start",
      containerInstanceArn: slot.instance.arn,
      revision: target,
      taskDefinition: options.taskDefinition,
    });
  };
  // 1. Tasks on instances outside the group. Those on instances that left or
  // are draining go at once, without budget. Those on ACTIVE instances that no
  // longer match the target's query go at once when not healthy; healthy ones
  // count toward environment HEALTHY and wait for step 6.
  const outOfGroupReason = `instance does not match the instance group of revision ${target}`;
  const strays: TaskView[] = []; // healthy, on ACTIVE instances outside the group
  let outside: Map<string, ContainerInstance> | undefined; // built on first need: usually few
  for (const v of index.live) {
    const arn = v.task.containerInstanceArn;
    if (inGroup.has(arn) || v.state === "terminating") continue;
    if (!outside) {
      outside = new Map();
      for (const i of instances) if (!inGroup.has(i.arn)) outside.set(i.arn, i);
    }
    const inst = outside.get(arn);
    if (inst === undefined || inst.status === "INACTIVE") {
      actions.push(stopAction(v, "instance left the cluster"));
    } else if (inst.status === "DRAINING") {
      actions.push(stopAction(v, "instance is draining"));
    } else if (v.healthy) {
      strays.push(v);
    } else {
      actions.push(stopAction(v, outOfGroupReason));
    }
  }
  // Environment HEALTHY on ACTIVE instances: the group's healthy tasks and the strays.
  let envHealthy = healthy + strays.length;

  /** Stops `v` (a task in the group) unless that would take the group's healthy count below the floor. */
  const stopOld = (v: TaskView, reason: string): boolean => {
    if (v.healthy) {
      if (healthy - 1 < floor) {
        blockers.floor++;
        return false;
      }
      healthy--;
      envHealthy--;
    }
    actions.push(stopAction(v, reason));
    return true;
  };
  const replacedReason = (v: TaskView) =>
    v.owner === target ? `duplicate task of revision ${target} on the instance` : `replaced by revision ${target}`;

  // 2. Instances with no task of the environment get the target's task first
  // (the stable revision's where a canary step holds the target off them).
  for (const slot of slots) {
    if (slot.keeper || slot.others.length > 0 || slot.terminating > 0) continue;
    if (!slot.held) {
      start(slot);
    } else {
      const stable = options.canary!.stable;
      slot.startedStable = stable.revision;
      actions.push({ kind: "start", containerInstanceArn: slot.instance.arn, revision: stable.revision, taskDefinition: stable.taskDefinition });
    }
  }

  // 3. Not-healthy old tasks never count toward HEALTHY: stopping them is free,
  // where the target's task is there or where it can follow. Under
  // ReplaceThenTerminate an old task without a keeper stays until replaced.
  for (const slot of slots) {
    if (slot.others.length === 0 || slot.held) continue;
    const replaceable = slot.keeper !== undefined || method === "TerminateThenReplace";
    for (let k = 0; k < slot.others.length; k++) {
      const v = slot.others[k];
      // Without a keeper, keep the best old task (k == 0) for the ReplaceThenTerminate start below.
      if (!v.healthy && (replaceable || k > 0)) stopOld(v, replacedReason(v));
    }
  }

  // 4. Where the target's task is healthy, the others are redundant.
  for (const slot of slots) {
    if (!slot.keeper?.healthy) continue;
    for (const v of slot.others) if (!v.stopping) stopOld(v, replacedReason(v));
  }

  // 5. Replace the rest, within the method's budget.
  if (method === "TerminateThenReplace") {
    for (const slot of slots) {
      if (slot.keeper || slot.held) continue; // a keeper that is not healthy yet: wait for it (step 4)
      for (const v of slot.others) if (!v.stopping) stopOld(v, replacedReason(v));
      if (slot.others.length > 0 || slot.terminating > 0) {
        // The start follows once every old task on the instance is gone.
        if (slot.others.every((v) => v.stopping)) blockers.terminating++;
      }
    }
  } else {
    for (const slot of slots) {
      if (slot.keeper || slot.started || slot.held) continue;
      // Every non-stopped task holds the instance, those told to stop included.
      const holding = slot.others.length + slot.terminating;
      if (holding >= 2) {
        // Already two copies: drop the extra ones within the floor, then wait.
        for (let k = 1; k < slot.others.length; k++) {
          const v = slot.others[k];
          if (!v.stopping) stopOld(v, replacedReason(v));
        }
        blockers.terminating++;
        continue;
      }
      if (surgeInUse < budget) {
        surgeInUse++;
        start(slot);
      } else {
        blockers.surge++;
      }
    }
  }

  // 6. Healthy tasks outside the group, last and in a stable order, while
  // environment HEALTHY stays at or above the floor. They hold no slot of the
  // group, so neither the surge budget nor the one-task-per-instance rule
  // concerns them.
  if (strays.length > 1) strays.sort(strayOrder);
  for (const v of strays) {
    if (envHealthy - 1 < floor) {
      blockers.floor++;
      continue;
    }
    envHealthy--;
    actions.push(stopAction(v, outOfGroupReason));
  }

  return { actions, slots, floor, surgeBudget: budget, blockers };
}

/** By instance, then oldest task first: the same order whatever order the cluster lists them in. */
function strayOrder(a: TaskView, b: TaskView): number {
  const ai = a.task.containerInstanceArn;
  const bi = b.task.containerInstanceArn;
  if (ai !== bi) return ai < bi ? -1 : 1;
  if (a.task.createdAt !== b.task.createdAt) return a.task.createdAt - b.task.createdAt;
  return a.task.arn < b.task.arn ? -1 : a.task.arn > b.task.arn ? 1 : 0;
}
