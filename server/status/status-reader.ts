// The status read path: what describe and the watch show. It reads the
// journal, and when the journal lags an acknowledged write (or has nothing
// yet) it plans once from the latest observation, without acting. The
// per-instance view is built here too, never journaled.

import type { ClusterBackend } from "../cluster/backend.js";
import { ClusterError } from "../cluster/backend.js";
import type { Clock } from "../clock.js";
import type { EnvironmentRecord, RevisionRecord } from "../domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../domain/status.js";
import { notFound } from "../errors.js";
import { plan as defaultPlan } from "../planner/plan.js";
import type { PlanFunction, PlanInput, PlanOutput } from "../planner/types.js";
import { clusterErrorSince, journalLags, planUnobserved } from "../planner/unobserved.js";
import type { BloxStore } from "../store/store.js";
import { buildInstanceView, type InstanceViewInput } from "./instance-view.js";
import { observe, type Observation, type ObservationBoard } from "./observation.js";
import { loadPromotion } from "./promotion.js";

export interface StatusReaderOptions {
  store: BloxStore;
  /** Observed when no loop of this replica has a recent observation. */
  backend: ClusterBackend;
  clock: Clock;
  /** The reconcile loops' latest observations (shared with the scheduler). */
  observations?: ObservationBoard;
  /** The planner. Default: server/planner/plan.ts. */
  plan?: PlanFunction;
}

export interface DescribedStatus {
  status: EnvironmentStatusSnapshot;
  /** Journal sequence the status stands at (0 when nothing is journaled yet). */
  sequence: number;
  /** True when `status` is the journal entry at `sequence` as it is (false: planned over it). */
  journaled: boolean;
}

export interface StatusReader {
  /** Latest status and its journal sequence; NOT_FOUND for an unknown environment. */
  describe(environmentName: string, options: { instances: boolean }): Promise<DescribedStatus>;
  /** `status` with the environment's current per-instance view added. */
  withInstances<T extends { status?: EnvironmentStatusSnapshot }>(environmentName: string, message: T): Promise<T>;
}

/** Plans once from an observation, without acting or persisting. */
export function planOnce(
  plan: PlanFunction,
  environment: EnvironmentRecord,
  revisions: RevisionRecord[],
  seen: Observation,
  now: number,
  previous: EnvironmentStatusSnapshot | undefined,
  promotion?: PlanInput["promotion"],
): PlanOutput {
  const input: PlanInput = { environment, revisions, instances: seen.instances, tasks: seen.tasks, now, previous };
  if (promotion) input.promotion = promotion;
  return plan(input);
}

export { journalLags };

export function createStatusReader(options: StatusReaderOptions): StatusReader {
  const { store, backend, clock } = options;
  const plan = options.plan ?? defaultPlan;

  const describe = async (name: string, opts: { instances: boolean }): Promise<DescribedStatus> => {
    const environment = await store.getEnvironment(name);
    if (!environment) throw notFound(`environment ${JSON.stringify(name)} not found`);
    const latest = await store.latestJournal(name);
    let status: EnvironmentStatusSnapshot;
    let sequence = 0;
    // The journal lags an RPC by one reconcile pass (longer while a dead
    // replica's lease runs out): then plan once, without acting, so describe
    // never hides a write that was already acknowledged.
    const stale = !latest || journalLags(latest.status, environment);
    const revisions = opts.instances || stale ? await store.allRevisions(name) : [];
    let seen: Observation | undefined = options.observations?.latest(name);
    const fresh = async () => {
      try {
        return await observe(backend, environment, clock.now());
      } catch (err) {
        if (!(err instanceof ClusterError)) throw err;
        return err;
      }
    };
    if (latest) sequence = latest.sequence;
    if (latest && !stale) {
      status = structuredClone(latest.status);
    } else {
      const o = seen ?? (await fresh());
      const now = clock.now();
      const previous = latest ? structuredClone(latest.status) : undefined;
      const promotion = await loadPromotion(store, environment, revisions);
      if (o instanceof ClusterError) {
        // As the reconciler journals it: never Active or Deleted from an empty view.
        status = planUnobserved(plan, {
          environment,
          revisions,
          instances: [],
          tasks: [],
          now,
          previous,
          clusterError: { message: o.message, since: clusterErrorSince(previous, now) },
          ...(promotion ? { promotion } : {}),
        }).status;
      } else {
        seen = o;
        status = planOnce(plan, environment, revisions, o, now, previous, promotion).status;
      }
    }
    if (opts.instances) {
      if (!seen) {
        const o = await fresh();
        if (!(o instanceof ClusterError)) seen = o;
      }
      if (seen) {
        status.instances = buildInstanceView({
          environment,
          revisions,
          instances: seen.instances,
          tasks: seen.tasks,
          now: clock.now(),
          timers: status.timers,
          canary: canaryView(status, revisions),
        });
      }
    } else {
      delete status.instances;
    }
    return { status, sequence, journaled: latest !== undefined && !stale };
  };

  return {
    describe,
    async withInstances(name, message) {
      if (!message.status) return message;
      const described = await describe(name, { instances: true });
      return { ...message, status: { ...message.status, instances: described.status.instances ?? [] } };
    },
  };
}

/** The instance view's canary marks: the target's current step, while one holds it. */
function canaryView(status: EnvironmentStatusSnapshot, revisions: RevisionRecord[]): InstanceViewInput["canary"] {
  const progress = status.revisions.find((r) => r.revision === status.targetRevision)?.canary;
  const settings = revisions.find((r) => r.revision === status.targetRevision)?.spec.deployment.canary;
  if (!progress || !settings) return undefined;
  return { allowed: progress.allowed, instancesQuery: settings.instancesQuery };
}
