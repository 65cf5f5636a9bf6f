// Invariants checked against the simulated cluster itself (not against what
// the backend reported) after every step. They complement checkPlanInvariants,
// which checks each plan on the planner's own input: these catch a backend
// that reports the cluster wrongly, batches wrongly, or acts twice.
//
//  - floor:  the scheduler's own stops never leave HEALTHY on the group below
//            ceil(TOTAL × MinHealthyPercent) (only checked on a pass that
//            stopped a task that was healthy before the pass);
//  - surge:  ReplaceThenTerminate: when the scheduler starts a task next to
//            another one, at most ceil(TOTAL × MaxOverPercent) group instances
//            hold two copies at that moment;
//  - exclusive: TerminateThenReplace never starts a task on an instance where
//            a task of the environment is still alive (and, when every
//            revision uses it, no instance ever holds two);
//  - no double start: never two live tasks of one revision on one instance.
//
// Everything is computed from the simulator's tasks and action log with the
// shared query evaluator only (groupOf), independently of the planner.

import { TAG_ENVIRONMENT_ID, TAG_REVISION, type ClusterTask } from "../../../server/domain/cluster.js";
import type { ActionLogEntry, SimulatedCluster } from "../../../server/cluster/simulator/index.js";
import { effectiveDeployment, type EnvironmentRecord, type RevisionRecord } from "../../../server/domain/environment.js";
import { groupOf, InvariantError } from "../../support/planner-harness.js";

export interface ClusterInvariantsOptions {
  sim: SimulatedCluster;
  cluster: string;
  kind: string;
}

export interface InvariantStats {
  steps: number;
  /** Lowest HEALTHY on the group seen after a pass that stopped a healthy task, and the floor then. */
  lowestHealthyAfterStops?: { healthy: number; floor: number; step: number };
  /** Most group instances holding two copies at a start. */
  maxDoubled: number;
  stops: number;
  starts: number;
  /** HEALTHY on the target's group after each pass, with the group's size and the floor then. */
  healthyLog: { step: number; healthy: number; total: number; floor: number }[];
}

export interface ClusterInvariants {
  /** ACTIVE instances of the cluster matching `query` (by ARN). */
  group(query: string): Set<string>;
  /** Remembers which tasks are healthy before the pass and where the action log stands. */
  beforePass(env: EnvironmentRecord, revisions: RevisionRecord[]): void;
  /** Checks every invariant over what the pass did. Throws InvariantError. */
  afterPass(env: EnvironmentRecord, revisions: RevisionRecord[], step: number): void;
  stats(): InvariantStats;
}

const isLive = (t: ClusterTask) => t.lastStatus !== "STOPPED";
const isHealthy = (t: ClusterTask) =>
  t.lastStatus === "RUNNING" && t.desiredStatus === "RUNNING" && (t.healthStatus === undefined || t.healthStatus === "HEALTHY");
/** Alive at `at`: created by then and not yet STOPPED (a terminating task still occupies its instance). */
const aliveAt = (t: ClusterTask, at: number) => t.createdAt <= at && (t.stoppedAt === undefined || t.stoppedAt > at);

export function createClusterInvariants(options: ClusterInvariantsOptions): ClusterInvariants {
  const { sim, cluster, kind } = options;
  let logMark = 0;
  let healthyBefore = new Set<string>();
  const stats: InvariantStats = { steps: 0, maxDoubled: 0, stops: 0, starts: 0, healthyLog: [] };

  const group = (query: string) => groupOf(query, sim.allInstances(cluster));
  const envTasks = (env: EnvironmentRecord) => sim.listAllTasks(cluster).filter((t) => t.tags[TAG_ENVIRONMENT_ID] === env.environmentId);

  return {
    group,

    beforePass(env) {
      logMark = sim.actionLog().length;
      healthyBefore = new Set(envTasks(env).filter(isHealthy).map((t) => t.arn));
    },

    afterPass(env, revisions, step) {
      stats.steps++;
      const fail = (what: string) => {
        throw new InvariantError(`[${kind}] step ${step}: ${what}`);
      };
      const tasks = envTasks(env);
      const byArn = new Map(tasks.map((t) => [t.arn, t]));
      const live = tasks.filter(isLive);
      const actions: ActionLogEntry[] = sim.actionLog().slice(logMark);
      logMark = sim.actionLog().length;
      const target = revisions.find((r) => r.revision === env.targetRevision);

      // No double start: one live task per (instance, revision).
      const perSlot = new Map<string, number>();
      for (const t of live) {
        const key = `${t.containerInstanceArn} rev ${t.tags[TAG_REVISION]}`;
        perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
      }
      for (const [key, n] of perSlot) if (n > 1) fail(`double start: ${n} live tasks on ${key}`);

      const starts = actions.filter((a) => a.action === "startTasks");
      const stops = actions.filter((a) => a.action === "stopTask");
      stats.starts += starts.reduce((n, a) => n + (a.result?.started.length ?? 0), 0);
      stats.stops += stops.length;
      if (env.frozen && actions.length > 0) fail(`${actions.length} cluster actions while frozen`);
      if (!target || env.lifecycle !== "live") return;

      const { method, limits } = effectiveDeployment(target.spec.deployment, env.targetIsRollback);
      const g = group(target.spec.instanceGroupQuery);
      const total = g.size;

      // Floor, over the scheduler's own stops in this pass.
      const floor = Math.ceil((total * limits.minHealthyPercent) / 100 - 1e-9);
      const healthy = live.filter((t) => g.has(t.containerInstanceArn) && isHealthy(t)).length;
      stats.healthyLog.push({ step, healthy, total, floor });
      const stoppedHealthy = stops.filter((a) => a.taskArn !== undefined && healthyBefore.has(a.taskArn));
      if (stoppedHealthy.length > 0) {
        if (!stats.lowestHealthyAfterStops || healthy - floor < stats.lowestHealthyAfterStops.healthy - stats.lowestHealthyAfterStops.floor) {
          stats.lowestHealthyAfterStops = { healthy, floor, step };
        }
        if (healthy < floor) {
          fail(`${stoppedHealthy.length} stops of healthy tasks left HEALTHY ${healthy} below the floor ${floor} (MinHealthyPercent ${limits.minHealthyPercent} of ${total})`);
        }
      }

      // Starts: exclusivity (TerminateThenReplace) or the surge budget (ReplaceThenTerminate).
      const budget = limits.maxOverPercent > 0 ? Math.max(1, Math.ceil((total * limits.maxOverPercent) / 100 - 1e-9)) : 0;
      for (const a of starts) {
        for (const arn of a.result?.started ?? []) {
          const t = byArn.get(arn);
          if (!t) fail(`started task ${arn} is not in the cluster`);
          const neighbours = tasks.filter((u) => u.arn !== arn && u.containerInstanceArn === t!.containerInstanceArn && aliveAt(u, a.at) && u.createdAt < a.at);
          if (neighbours.length === 0) continue;
          if (method === "TerminateThenReplace") {
            fail(`TerminateThenReplace started ${arn} on ${t!.containerInstanceArn} next to ${neighbours.map((u) => `${u.arn} (rev ${u.tags[TAG_REVISION]}, ${u.lastStatus})`).join(", ")}`);
          }
          const copies = new Map<string, number>();
          for (const u of tasks) if (g.has(u.containerInstanceArn) && aliveAt(u, a.at)) copies.set(u.containerInstanceArn, (copies.get(u.containerInstanceArn) ?? 0) + 1);
          const doubled = [...copies.values()].filter((n) => n >= 2).length;
          stats.maxDoubled = Math.max(stats.maxDoubled, doubled);
          if (doubled > budget) fail(`${doubled} instances hold two copies, surge budget ${budget} (MaxOverPercent ${limits.maxOverPercent} of ${total})`);
          if (neighbours.length >= 2) fail(`a third copy on ${t!.containerInstanceArn}`);
        }
      }

      // When every revision replaces by terminating first, no instance ever holds two.
      const allExclusive = revisions.every((r) => effectiveDeployment(r.spec.deployment, false).method === "TerminateThenReplace" && effectiveDeployment(r.spec.deployment, true).method === "TerminateThenReplace");
      if (allExclusive) {
        const perInstance = new Map<string, number>();
        for (const t of live) perInstance.set(t.containerInstanceArn, (perInstance.get(t.containerInstanceArn) ?? 0) + 1);
        for (const [arn, n] of perInstance) if (n > 1) fail(`${n} tasks of the environment on ${arn} under TerminateThenReplace`);
      }
    },

    stats: () => ({ ...stats, healthyLog: [...stats.healthyLog] }),
  };
}
