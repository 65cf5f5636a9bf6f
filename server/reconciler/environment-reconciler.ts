// One level-triggered pass over one environment:
//
//   load (store) → observe (cluster) → plan (pure) → persist (store) → act (cluster)
//
// Each step is separate: the cluster is never called inside a store retry, and
// the store is never written while cluster calls are in flight. The journal
// append is conditional on the sequence (latest+1), so it doubles as a fencing
// check: when another writer got there first we do not act at all. The only
// memory kept between passes is the last observation (for describe) and recent
// StartTask failures (which never create a task, so the cluster cannot show
// them); everything else is rebuilt from the store and the cluster's tags, so
// a restarted scheduler continues where things stand.

import { ClusterError, type ClusterBackend } from "../cluster/backend.js";
import type { ClusterTask, ContainerInstance } from "../domain/cluster.js";
import type { Clock } from "../clock.js";
import { endDeployment } from "../domain/deployment-state.js";
import type { EnvironmentRecord, EventDraft, RevisionRecord } from "../domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../domain/status.js";
import { Code, ConnectError } from "../errors.js";
import { clusterErrorSince, planUnobserved } from "../planner/unobserved.js";
import type { PlanFunction, PlanInput, PlanOutput, PlannedAction } from "../planner/types.js";
import { afterActions, observe, type Observation, type ObservationBoard } from "../status/observation.js";
import { loadPromotion } from "../status/promotion.js";
import type { BloxStore, JournalEntry } from "../store/store.js";
import { clampStopReason, startedByFor } from "../domain/task-naming.js";
import { taskGroupFor, taskTagsFor } from "../domain/task-identity.js";
import { inSpan } from "../observability/tracing.js";
import type { Logger } from "../observability/logger.js";


export interface StartFailure {
  containerInstanceArn: string;
  reason: string;
  time: number;
  revision?: number;
}

export interface EnvironmentReconcilerOptions {
  environmentName: string;
  store: BloxStore;
  clock: Clock;
  plan: PlanFunction;
  /** How long a Deleted environment stays visible before it is purged. */
  deletedRetentionMs: number;
  logger?: Logger;
  /** Where each successful observation is recorded for the status reader. */
  observations?: ObservationBoard;
  /** How long a StartTask failure is remembered for the planner. Default 10 minutes. */
  startFailureMemoryMs?: number;
  /** Journal entries kept per environment (older ones are trimmed; events stay). Default 1000. */
  journalKeep?: number;
}

export interface PassOptions {
  /** The backend to observe and act through (bound to the lease's fencing epoch). */
  backend: ClusterBackend;
  /** Checked right before every cluster action: false once the lease may have run out. */
  canAct: () => boolean;
}

export type PassOutcome =
  /** The pass ran to its end (acting if there was anything to do). */
  | "ok"
  /** The environment no longer exists (purged). */
  | "gone"
  /** Another writer appended to the journal first: nothing was done; re-check the lease. */
  | "aborted"
  /** canAct() turned false before an action: the remaining actions were skipped. */
  | "lease-expiring"
  /** A Deleted environment whose final status is journaled: nothing left to do. */
  | "finished";

export interface PassResult {
  outcome: PassOutcome;
  /** Run again at this time even if nothing changes (a planner timeout). */
  wakeAt?: number;
  /** Run again soon (the environment's record changed under this pass). */
  again: boolean;
  /** Actions applied to the cluster. */
  acted: number;
  /** Sequence of the journal entry written, if one was. */
  appended?: number;
  /** The status this pass computed (metrics). */
  status?: EnvironmentStatusSnapshot;
  cluster?: string;
}

export interface EnvironmentReconciler {
  readonly environmentName: string;
  pass(options: PassOptions): Promise<PassResult>;
  /** The last successful observation, if any (for describe --instances). */
  lastObservation(): Observation | undefined;
}

const DEFAULT_START_FAILURE_MEMORY_MS = 10 * 60_000;
const DEFAULT_JOURNAL_KEEP = 1000;
const TRIM_EVERY = 100;

export function createEnvironmentReconciler(options: EnvironmentReconcilerOptions): EnvironmentReconciler {
  const { environmentName: name, store, clock, plan, deletedRetentionMs } = options;
  const logger = options.logger;
  const failureMemoryMs = options.startFailureMemoryMs ?? DEFAULT_START_FAILURE_MEMORY_MS;
  const journalKeep = options.journalKeep ?? DEFAULT_JOURNAL_KEEP;

  let observation: Observation | undefined;
  let startFailures: StartFailure[] = [];
  // A ClusterError raised while acting (observation worked, StartTask did
  // not): fed to the next plan so the status shows it, until actions succeed.
  let actError: string | undefined;
  let loggedClusterError: string | undefined;

  const noteClusterError = (message: string | undefined) => {
    if (message !== undefined && message !== loggedClusterError) {
      logger?.warn("cluster error; the environment shows it as a condition", { environment: name, error: message });
    } else if (message === undefined && loggedClusterError !== undefined) {
      logger?.info("cluster error cleared", { environment: name });
    }
    loggedClusterError = message;
  };

  const pruneStartFailures = (now: number, tasks: ClusterTask[]) => {
    if (startFailures.length === 0) return;
    const newestTask = new Map<string, number>(); // instance -> latest createdAt
    for (const t of tasks) {
      const at = newestTask.get(t.containerInstanceArn);
      if (at === undefined || t.createdAt > at) newestTask.set(t.containerInstanceArn, t.createdAt);
    }
    startFailures = startFailures.filter((f) => {
      if (now - f.time > failureMemoryMs) return false;
      // A task created on that instance since the failure supersedes it.
      const created = newestTask.get(f.containerInstanceArn);
      return created === undefined || created < f.time;
    });
  };

  /**
   * A start retried on every pass fails again and again: keep only the first
   * and the latest failure per (instance, revision, reason). That is all the
   * planner needs (the first says the event was sent, the latest that the
   * fault goes on), and keeps the memory bounded by the fleet, not by passes.
   */
  const rememberStartFailure = (f: StartFailure, byKey: Map<string, number[]>) => {
    const key = `${f.containerInstanceArn}\u0000${f.revision ?? ""}\u0000${f.reason}`;
    const at = byKey.get(key);
    if (at && at.length >= 2) {
      startFailures[at[at.length - 1]] = f;
      return;
    }
    startFailures.push(f);
    if (at) at.push(startFailures.length - 1);
    else byKey.set(key, [startFailures.length - 1]);
  };
  const failureIndex = (): Map<string, number[]> => {
    const byKey = new Map<string, number[]>();
    startFailures.forEach((f, i) => {
      const key = `${f.containerInstanceArn}\u0000${f.revision ?? ""}\u0000${f.reason}`;
      const at = byKey.get(key);
      if (at) at.push(i);
      else byKey.set(key, [i]);
    });
    return byKey;
  };

  async function pass({ backend, canAct }: PassOptions): Promise<PassResult> {
    // 1. Load.
    const environment = await store.getEnvironment(name);
    if (!environment) return { outcome: "gone", again: false, acted: 0 };
    const [revisions, latest] = await Promise.all([store.allRevisions(name), store.latestJournal(name)]);
    const promotion = await loadPromotion(store, environment, revisions);
    const previous = latest?.status;
    if (environment.lifecycle === "deleted" && previous?.status === "Deleted") {
      return { outcome: "finished", again: false, acted: 0, cluster: environment.cluster };
    }

    // 2. Observe. A ClusterError is a persistent condition: plan with it on
    // the last good observation, and do not act on that stale view.
    const now = clock.now();
    let observed = true;
    let clusterErrorMessage: string | undefined;
    try {
      observation = await inSpan("observe", { attributes: { "blox.environment": name } }, () => observe(backend, environment, now));
      options.observations?.record(name, observation);
    } catch (err) {
      if (!(err instanceof ClusterError)) throw err;
      observed = false;
      clusterErrorMessage = err.message;
    }
    if (observed && actError !== undefined) clusterErrorMessage = actError;
    noteClusterError(clusterErrorMessage);
    const seen = observation ?? { instances: [], tasks: [], at: now };
    pruneStartFailures(now, seen.tasks);

    // 3. Plan.
    const input: PlanInput = {
      environment,
      revisions,
      instances: seen.instances,
      tasks: seen.tasks,
      now,
      previous,
    };
    if (clusterErrorMessage !== undefined) {
      input.clusterError = { message: clusterErrorMessage, since: clusterErrorSince(previous, now) };
    }
    if (startFailures.length > 0) input.startFailures = startFailures.map((f) => ({ ...f }));
    if (promotion) input.promotion = promotion;
    const output = await inSpan("plan", { attributes: { "blox.environment": name } }, (span): PlanOutput => {
      let planned: PlanOutput;
      if (!observed && observation === undefined && environment.lifecycle !== "deleted") {
        // Never observed (a missing cluster, a restart, a lease taken over) and
        // the cluster does not answer: planning on an empty view would complete
        // the deployment (0 of 0 healthy) or finish a terminate-tasks delete
        // while its tasks run on (planner/unobserved.ts decides what to show).
        planned = planUnobserved(plan, { ...input, clusterError: input.clusterError! });
      } else {
        planned = plan(input);
      }
      if (span.isRecording()) span.setAttributes({ "blox.actions": planned.actions.length, "blox.status": planned.status.status });
      return planned;
    });

    // 4. Persist — only while the lease is safely ours, so a replica that can
    // no longer renew does not write statuses over its successor's either.
    if (!canAct()) return { outcome: "lease-expiring", again: false, acted: 0, cluster: environment.cluster };
    const willAct = observed && environment.lifecycle !== "deleted" && output.actions.length > 0;
    // The status about to be journaled counts the plan's stops as done: so does
    // the instance view from here on (the starts show once they are made).
    if (willAct) options.observations?.record(name, afterActions(observation!, stopsOf(output.actions)));
    const persisted = await inSpan("persist", { attributes: { "blox.environment": name } }, () => persist(environment, output, previous, latest, now));
    if (persisted === "aborted") {
      if (willAct) options.observations?.record(name, observation!); // nothing was done
      return { outcome: "aborted", again: true, acted: 0, cluster: environment.cluster };
    }
    const { again, appended, status } = persisted;

    const result: PassResult = {
      outcome: "ok",
      again,
      acted: 0,
      appended,
      cluster: environment.cluster,
      wakeAt: output.wakeAt,
      status,
    };

    // 5. Act. Never on a failed observation, and never for a Deleted environment.
    if (!willAct) {
      if (observed) actError = undefined;
      return result;
    }
    const actions = output.actions;
    return inSpan("act", { attributes: { "blox.environment": name, "blox.actions": actions.length } }, () =>
      act(environment, actions, backend, canAct, result),
    );
  }

  /** Step 4: the deployment's completion, the delete's end, and the journal entry. */
  async function persist(
    environment: EnvironmentRecord,
    output: PlanOutput,
    previous: EnvironmentStatusSnapshot | undefined,
    latest: JournalEntry | undefined,
    now: number,
  ): Promise<"aborted" | { again: boolean; appended?: number; status: EnvironmentStatusSnapshot }> {
    // The deployment is marked completed before the journal
    // says Active: if we crash in between, the next plan reports it again.
    // The write is conditional: a deployment superseded or cancelled since
    // this pass loaded the environment stays so (the next pass plans the new target).
    if (output.completedDeploymentId) {
      const ended = await endDeployment(store, output.completedDeploymentId, "rollout-finished", now);
      if (ended.state === undefined) {
        logger?.warn("completed deployment not found", { environment: name, deploymentId: output.completedDeploymentId });
      } else if (!ended.moved && ended.state !== "completed") {
        logger?.debug("deployment ended before its rollout finished", { environment: name, deploymentId: output.completedDeploymentId, state: ended.state });
      }
    }
    let again = false;
    if (output.deletionFinished && environment.lifecycle === "deleting") {
      try {
        await store.updateEnvironmentRecord(
          name,
          environment.version,
          { lifecycle: "deleted", deletedAt: now, purgeAfter: now + deletedRetentionMs },
          now,
        );
      } catch (err) {
        if (!(err instanceof ConnectError && err.code === Code.Aborted)) throw err;
      }
      again = true; // the next pass plans the Deleted environment and journals it
    }
    const status = journalStatus(output.status);
    let appended: number | undefined;
    if (output.events.length > 0 || !statusEquivalent(previous, status)) {
      const sequence = (latest?.sequence ?? 0) + 1;
      try {
        await appendEntry(sequence, now, status, output.events);
        appended = sequence;
      } catch (err) {
        if (err instanceof ConnectError && err.code === Code.Aborted) {
          return "aborted";
        }
        throw err;
      }
    }

    return { again, appended, status };
  }

  async function appendEntry(sequence: number, time: number, status: EnvironmentStatusSnapshot, events: EventDraft[]) {
    const entry: JournalEntry = await store.appendJournal({ environmentName: name, sequence, time, status, events });
    if (sequence % TRIM_EVERY === 0) {
      store.trimJournal(name, journalKeep).catch((err) => logger?.warn("journal trim failed", { environment: name, error: String(err) }));
    }
    return entry;
  }

  /** Step 5, then the observation with what was done (whatever ended the batch) for the instance view. */
  async function act(
    environment: EnvironmentRecord,
    actions: PlannedAction[],
    backend: ClusterBackend,
    canAct: () => boolean,
    result: PassResult,
  ): Promise<PassResult> {
    const done: ActionsDone = { stopped: [], started: [] };
    try {
      return await applyActions(environment, actions, backend, canAct, result, done);
    } finally {
      if (observation) options.observations?.record(name, afterActions(observation, done.stopped, done.started));
    }
  }

  async function applyActions(
    environment: EnvironmentRecord,
    actions: PlannedAction[],
    backend: ClusterBackend,
    canAct: () => boolean,
    result: PassResult,
    done: ActionsDone,
  ): Promise<PassResult> {
    // Starts grouped by (revision, task definition): one startTasks call each.
    const starts = new Map<string, { revision: number; taskDefinition: string; arns: string[] }>();
    const stops: Extract<PlannedAction, { kind: "stop" }>[] = [];
    for (const a of actions) {
      if (a.kind === "stop") {
        stops.push(a);
        continue;
      }
      const key = `${a.revision}\u0000${a.taskDefinition}`;
      const group = starts.get(key);
      if (group) group.arns.push(a.containerInstanceArn);
      else starts.set(key, { revision: a.revision, taskDefinition: a.taskDefinition, arns: [a.containerInstanceArn] });
    }
    const startedBy = startedByFor(environment.environmentId);
    const group = taskGroupFor(environment.environmentId);
    try {
      // Stops first: under TerminateThenReplace the planner only starts where a
      // slot is free, and the budgets are computed with the stops included.
      for (const stop of stops) {
        if (!canAct()) return { ...result, outcome: "lease-expiring" };
        await backend.stopTask(environment.cluster, stop.taskArn, clampStopReason(stop.reason));
        done.stopped.push(stop.taskArn);
        result.acted++;
      }
      for (const start of starts.values()) {
        if (!canAct()) return { ...result, outcome: "lease-expiring" };
        const started = await backend.startTasks({
          cluster: environment.cluster,
          taskDefinition: start.taskDefinition,
          containerInstanceArns: start.arns,
          group,
          startedBy,
          tags: taskTagsFor(environment, start.revision),
        });
        result.acted += started.started.length;
        done.started.push(...started.started);
        const time = clock.now();
        const byKey = started.failures.length > 0 ? failureIndex() : undefined;
        for (const f of started.failures) {
          rememberStartFailure({ containerInstanceArn: f.containerInstanceArn, reason: f.reason, time, revision: start.revision }, byKey!);
          logger?.debug("task failed to start", { environment: name, instance: f.containerInstanceArn, reason: f.reason });
        }
      }
      actError = undefined;
    } catch (err) {
      if (!(err instanceof ClusterError)) throw err;
      // Persistent: stop this batch, show it as a condition on the next plan.
      // Re-plan at once only when the error is new (so it shows); otherwise
      // the resync timer retries, which keeps a broken cluster from spinning.
      result.again = actError !== err.message;
      actError = err.message;
      noteClusterError(actError);
    }
    return result;
  }

  return {
    environmentName: name,
    pass,
    lastObservation: () => observation,
  };
}

/** The stops and starts a pass made (for the recorded observation). */
interface ActionsDone {
  stopped: string[];
  started: ClusterTask[];
}

const stopsOf = (actions: readonly PlannedAction[]) => actions.flatMap((a) => (a.kind === "stop" ? [a.taskArn] : []));

/** The status as journaled: without the per-instance view (kept in memory, served by describe). */
export function journalStatus(status: EnvironmentStatusSnapshot): EnvironmentStatusSnapshot {
  const { instances: _instances, ...rest } = status;
  return rest;
}

/**
 * True when two statuses differ at most in observedAt and the instance view,
 * so no journal entry is needed. Undefined and missing properties are equal
 * (the journal is JSON).
 */
export function statusEquivalent(a: EnvironmentStatusSnapshot | undefined, b: EnvironmentStatusSnapshot | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const strip = (s: EnvironmentStatusSnapshot) => {
    const { observedAt: _o, instances: _i, ...rest } = s;
    return rest;
  };
  return deepEqual(strip(a), strip(b));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}
