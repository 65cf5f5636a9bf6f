// The scheduler of one server replica: finds environments, takes leases on
// them, and runs one serialized reconcile loop per environment it holds.
//
// Triggers (store writes, cluster changes, the planner's wakeAt, the resync
// timer, poke) only mark a loop dirty; a loop runs one pass at a time, at most
// one pass per minPassIntervalMs, and runs again if it was marked meanwhile.
//
// Leases: renewed every ttl/3. A replica acts on an environment only while
// now < expiresAt − margin (checked right before every cluster action), so a
// replica that cannot renew stops acting before another can take the lease
// over (which needs now > expiresAt). Cluster actions carry the actor
// `${owner}#${epoch}` (backend.withActor), so they can be attributed.
//
// Which environments this replica drives is decided by the lease rounds
// (lease-rounds.ts: membership, renewal, placement, handover); this module
// runs the loops they hand it.

import type { ClusterBackend } from "../cluster/backend.js";
import type { Clock } from "../clock.js";
import { DEFAULT_DELETED_RETENTION_MS } from "../domain/environment.js";
import { plan as defaultPlan } from "../planner/plan.js";
import type { BloxStore, Lease } from "../store/store.js";
import type { PlanFunction } from "../planner/types.js";
import type { ObservationBoard } from "../status/observation.js";
import {
  createEnvironmentReconciler,
  type EnvironmentReconciler,
  type PassResult,
} from "./environment-reconciler.js";
import type { Logger } from "../observability/logger.js";
import { createLeaseRounds, type HeldEnvironment } from "./lease-rounds.js";
import type { Scheduler } from "./scheduler.js";
import { SpanKind, type SpanContext } from "@opentelemetry/api";
import type { BloxMetrics } from "../observability/metrics.js";
import { activeSpanContext, createPassTrace, type PassTrace } from "../observability/pass-trace.js";
import { inSpan } from "../observability/tracing.js";
import { withBackendSpans } from "./backend-spans.js";

/** A backend that can label the actions it takes (the simulator does). */
export interface ActorAwareBackend extends ClusterBackend {
  withActor(label: string): ClusterBackend;
}

export interface SchedulerOptions {
  store: BloxStore;
  backend: ClusterBackend;
  clock: Clock;
  /** This replica's name in leases; unique among replicas sharing the store. */
  owner: string;
  /** The planner. Default: server/planner/plan.ts. */
  plan?: PlanFunction;
  /** Lease time to live. Default 15 s; renewed every ttl/3. */
  leaseTtlMs?: number;
  /** Every held environment is re-planned at least this often. Default 5 s. */
  resyncIntervalMs?: number;
  /** How long Deleted environments stay visible. Default 24 h. */
  deletedRetentionMs?: number;
  /** Stop acting this long before the lease expires. Default ttl/5. */
  leaseMarginMs?: number;
  /** Minimum time between two passes of one environment. Default 50 ms. */
  minPassIntervalMs?: number;
  /**
   * Spread environments over the live replicas (rendezvous placement and
   * handover, see placement.ts). Default true. When false this replica takes
   * every free or expired environment and never hands one over.
   */
  balance?: boolean;
  /** Where the loops record their observations for the status reader. */
  observations?: ObservationBoard;
  /** Most environments handed over per lease round. Default max(2, ceil(held / 10)). */
  maxHandoversPerRound?: number;
  logger?: Logger;
  /** Pass durations and outcomes, and the per-environment status gauges. */
  metrics?: BloxMetrics;
}

/** The scheduler, with a few read-only views for tests and diagnostics. */
export interface SchedulerService extends Scheduler {
  /** Environments this replica currently holds, with their leases. */
  held(): Lease[];
  /** The live replicas (including this one) as of the last lease round. */
  liveReplicas(): string[];
}

interface Loop {
  name: string;
  lease: Lease;
  backend: ClusterBackend;
  reconciler: EnvironmentReconciler;
  cluster?: string;
  running?: Promise<void>;
  dirty: boolean;
  stopped: boolean;
  /** Being handed over: no new pass starts; released once the running one ends. */
  handingOver: boolean;
  lastPassAt: number;
  failures: number;
  cancelWake?: () => void;
  wakeAt?: number;
  cancelThrottle?: () => void;
  /** The trace of the request whose change the passes carry out. */
  trace: PassTrace;
}

const hasWithActor = (b: ClusterBackend): b is ActorAwareBackend =>
  typeof (b as Partial<ActorAwareBackend>).withActor === "function";

export function createScheduler(options: SchedulerOptions): SchedulerService {
  const { store, backend, clock, owner } = options;
  const plan = options.plan ?? defaultPlan;
  const ttl = options.leaseTtlMs ?? 15_000;
  const resyncMs = options.resyncIntervalMs ?? 5_000;
  const retentionMs = options.deletedRetentionMs ?? DEFAULT_DELETED_RETENTION_MS;
  const marginMs = options.leaseMarginMs ?? Math.floor(ttl / 5);
  const minPassMs = options.minPassIntervalMs ?? 50;
  const balance = options.balance ?? true;
  const logger = options.logger;
  const metrics = options.metrics;
  if (!owner) throw new Error("createScheduler: owner must not be empty");
  if (!(ttl > 0)) throw new Error(`createScheduler: leaseTtlMs must be > 0, got ${ttl}`);

  const loops = new Map<string, Loop>();
  /** The request spans of pokes that are taking an environment's lease, for its first passes. */
  const causesOfPokes = new Map<string, SpanContext>();
  const clusterSubs = new Map<string, { names: Set<string>; unsubscribe: () => void }>();
  let started = false;
  let stopped = false;
  let cancelResyncTimer: (() => void) | undefined;
  let unsubscribeStore: (() => void) | undefined;
  let lastLoggedError = "";

  const logOnce = (message: string, fields: Record<string, unknown>) => {
    const key = message + JSON.stringify(fields);
    if (key === lastLoggedError) return;
    lastLoggedError = key;
    logger?.warn(message, fields);
  };

  const actorFor = (lease: Lease): ClusterBackend =>
    withBackendSpans(hasWithActor(backend) ? backend.withActor(`${owner}#${lease.epoch}`) : backend);

  const canAct = (loop: Loop) => !stopped && !loop.stopped && clock.now() < loop.lease.expiresAt - marginMs;

  // --- cluster subscriptions, shared per cluster ---------------------------

  const watchCluster = (loop: Loop, cluster: string) => {
    if (loop.cluster === cluster || !backend.subscribe) return;
    unwatchCluster(loop);
    loop.cluster = cluster;
    let sub = clusterSubs.get(cluster);
    if (!sub) {
      const names = new Set<string>();
      const unsubscribe = backend.subscribe(cluster, () => {
        for (const n of names) {
          const l = loops.get(n);
          if (l) trigger(l);
        }
      });
      sub = { names, unsubscribe };
      clusterSubs.set(cluster, sub);
    }
    sub.names.add(loop.name);
  };

  const unwatchCluster = (loop: Loop) => {
    const cluster = loop.cluster;
    if (!cluster) return;
    loop.cluster = undefined;
    const sub = clusterSubs.get(cluster);
    if (!sub) return;
    sub.names.delete(loop.name);
    if (sub.names.size === 0) {
      sub.unsubscribe();
      clusterSubs.delete(cluster);
    }
  };

  // --- loops ---------------------------------------------------------------

  const startLoop = (name: string, lease: Lease, cluster?: string) => {
    const cause = causesOfPokes.get(name);
    const loop: Loop = {
      name,
      lease,
      backend: actorFor(lease),
      reconciler: createEnvironmentReconciler({
        environmentName: name,
        store,
        clock,
        plan,
        deletedRetentionMs: retentionMs,
        logger,
        observations: options.observations,
      }),
      dirty: false,
      stopped: false,
      handingOver: false,
      lastPassAt: -Infinity,
      failures: 0,
      trace: createPassTrace(),
    };
    loops.set(name, loop);
    if (cluster) watchCluster(loop, cluster);
    logger?.info("acquired environment lease", { environment: name, owner, epoch: lease.epoch });
    trigger(loop, cause);
    return loop;
  };

  /** Takes the loop out: no pass starts after this one, no trigger reaches it. */
  const detachLoop = (loop: Loop) => {
    loop.stopped = true;
    loops.delete(loop.name);
    options.observations?.forget(loop.name);
    metrics?.forgetEnvironment(loop.name);
    loop.cancelWake?.();
    loop.cancelThrottle?.();
    unwatchCluster(loop);
  };

  /** Stops acting on the environment; releases the lease when asked (not when it was lost). */
  const stopLoop = async (loop: Loop, release: boolean) => {
    if (loop.stopped) return;
    detachLoop(loop);
    await loop.running;
    if (release) {
      try {
        await store.releaseLease(loop.name, owner);
      } catch (err) {
        logOnce("lease release failed", { environment: loop.name, error: String(err) });
      }
    }
  };

  /** Lets the running pass finish (it may act), then releases the lease for the preferred owner. */
  const handOver = async (loop: Loop, to: string) => {
    if (loop.stopped || loop.handingOver) return;
    loop.handingOver = true;
    loop.cancelWake?.();
    loop.cancelWake = undefined;
    loop.cancelThrottle?.();
    loop.cancelThrottle = undefined;
    await loop.running;
    if (loop.stopped) return; // lost or stopped meanwhile
    await stopLoop(loop, true);
    logger?.info("handed environment over", { environment: loop.name, owner, to, epoch: loop.lease.epoch });
  };

  /** `cause`: the span of the request that asked for the pass. */
  const trigger = (loop: Loop, cause?: SpanContext) => {
    if (loop.stopped || loop.handingOver || stopped) return;
    loop.dirty = true;
    if (cause) loop.trace.requested(cause);
    if (loop.running || loop.cancelThrottle) return;
    schedulePass(loop);
  };

  /** Runs a pass now, or when the throttle allows. */
  const schedulePass = (loop: Loop) => {
    const wait = loop.lastPassAt + minPassMs - clock.now();
    if (wait > 0) {
      loop.cancelThrottle = clock.setTimer(wait, () => {
        loop.cancelThrottle = undefined;
        if (!loop.running && loop.dirty && !loop.stopped && !loop.handingOver && !stopped) loop.running = runPass(loop);
      });
      return;
    }
    loop.running = runPass(loop);
  };

  const scheduleWake = (loop: Loop, at: number) => {
    if (loop.stopped || loop.handingOver) return;
    if (loop.wakeAt !== undefined && loop.wakeAt <= at && loop.cancelWake) return;
    loop.cancelWake?.();
    loop.wakeAt = at;
    loop.cancelWake = clock.setTimer(Math.max(0, at - clock.now()), () => {
      loop.cancelWake = undefined;
      loop.wakeAt = undefined;
      trigger(loop);
    });
  };

  const runPass = async (loop: Loop): Promise<void> => {
    await Promise.resolve(); // so loop.running is assigned before the pass can finish
    try {
      loop.dirty = false;
      loop.lastPassAt = clock.now();
      const { parent, links, cause } = loop.trace.next();
      const startedAt = metrics ? performance.now() : 0;
      let result: PassResult;
      try {
        result = await inSpan("reconcile pass", { parent, links, kind: SpanKind.INTERNAL, attributes: { "blox.environment": loop.name, "blox.replica": owner } }, async (span) => {
          const r = await loop.reconciler.pass({ backend: loop.backend, canAct: () => canAct(loop) });
          if (span.isRecording()) {
            span.setAttributes({ "blox.pass.outcome": r.outcome, "blox.pass.acted": r.acted });
            if (r.status) span.setAttribute("blox.environment.status", r.status.status);
          }
          // Inside the pass span: the line carries its trace and span ids.
          logger?.debug("reconcile pass", { environment: loop.name, outcome: r.outcome, acted: r.acted, status: r.status?.status });
          return r;
        });
        loop.failures = 0;
        loop.trace.ended(cause, { gone: result.outcome === "gone" || result.outcome === "finished", status: result.status?.status });
        if (metrics) {
          metrics.passDuration.record((performance.now() - startedAt) / 1000, { outcome: result.outcome });
          metrics.passes.add(1, { outcome: result.outcome });
          if (!loop.stopped) metrics.recordPass(loop.name, result.status, clock.now());
        }
      } catch (err) {
        if (metrics) {
          metrics.passDuration.record((performance.now() - startedAt) / 1000, { outcome: "error" });
          metrics.passes.add(1, { outcome: "error" });
        }
        // Store unavailable, unexpected backend error...: back off and retry.
        // Nothing was acted on after the failing step (the steps are ordered).
        loop.failures++;
        const delay = Math.min(resyncMs, 200 * 2 ** Math.min(loop.failures, 10));
        logOnce("reconcile pass failed; retrying", { environment: loop.name, error: String(err), retryInMs: delay });
        scheduleWake(loop, clock.now() + delay);
        return;
      }
      if (result.cluster) watchCluster(loop, result.cluster);
      if (result.wakeAt !== undefined) scheduleWake(loop, result.wakeAt);
      switch (result.outcome) {
        case "gone":
          void stopLoop(loop, true);
          return;
        case "finished":
          rounds.markFinished(loop.name);
          void stopLoop(loop, true);
          return;
        case "aborted":
        case "lease-expiring":
          // Someone else wrote, or the lease is about to run out: act again only if it is still ours.
          if (await renew(loop)) loop.dirty = true;
          return;
        case "ok":
          if (result.again) loop.dirty = true;
          return;
      }
    } finally {
      loop.running = undefined;
      if (loop.dirty && !loop.stopped && !loop.handingOver && !stopped && !loop.cancelThrottle) schedulePass(loop);
    }
  };

  // --- leases --------------------------------------------------------------

  /** Stops acting at once (without release: the lease is, or may be, another's). */
  const loseLoop = (loop: Loop, why: string) => {
    logger?.warn(why, { environment: loop.name, owner });
    detachLoop(loop);
  };

  const heldOf = (loop: Loop): HeldEnvironment => ({ name: loop.name, lease: loop.lease, handingOver: loop.handingOver });

  const rounds = createLeaseRounds({
    store,
    clock,
    owner,
    ttlMs: ttl,
    balance,
    maxHandoversPerRound: options.maxHandoversPerRound,
    logOnce,
    logger,
    host: {
      held: () => [...loops.values()].map(heldOf),
      isHeld: (name) => loops.has(name),
      start: (name, lease, cluster) => void startLoop(name, lease, cluster),
      release: async (name) => {
        const loop = loops.get(name);
        if (loop) await stopLoop(loop, true);
      },
      lose: (name, why) => {
        const loop = loops.get(name);
        if (loop) loseLoop(loop, why);
      },
      renewed: (name, lease) => {
        const loop = loops.get(name);
        if (!loop) return;
        if (lease.epoch !== loop.lease.epoch) loop.backend = actorFor(lease);
        loop.lease = lease;
      },
      handOver: (name, to) => {
        const loop = loops.get(name);
        if (loop) void handOver(loop, to);
      },
    },
  });

  /** Renews the loop's lease now; whether the loop may still act. */
  const renew = async (loop: Loop): Promise<boolean> => {
    const outcome = await rounds.renew(heldOf(loop));
    // Not renewed: keep acting until expiresAt − margin; canAct() stops us after that.
    return outcome === "renewed" || (outcome === "unrenewed" && canAct(loop));
  };

  const armResyncTimer = () => {
    if (stopped) return;
    cancelResyncTimer = clock.setTimer(resyncMs, () => {
      for (const loop of loops.values()) trigger(loop);
      armResyncTimer();
    });
  };

  // --- public --------------------------------------------------------------

  return {
    async start() {
      if (started) return;
      started = true;
      unsubscribeStore = store.subscribe((name) => {
        const loop = loops.get(name);
        if (loop) trigger(loop);
        else if (!stopped && !rounds.heldByOthers(name)) void poke(name);
      });
      await rounds.start();
      armResyncTimer();
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      cancelResyncTimer?.();
      unsubscribeStore?.();
      await rounds.stop();
      await Promise.all([...loops.values()].map((l) => stopLoop(l, true)));
      for (const sub of clusterSubs.values()) sub.unsubscribe();
      clusterSubs.clear();
      // Leave the membership last, so the others stop placing work here only once it is all released.
      if (started) await rounds.leaveMembership();
    },

    poke(name) {
      // Called inside the request's span: the passes continue its trace.
      void poke(name, activeSpanContext());
    },

    held() {
      return [...loops.values()].map((l) => ({ ...l.lease }));
    },

    liveReplicas() {
      return rounds.liveReplicas();
    },
  };

  async function poke(name: string, cause?: SpanContext) {
    if (stopped) return;
    const loop = loops.get(name);
    if (loop) return trigger(loop, cause);
    if (cause) causesOfPokes.set(name, cause);
    try {
      await rounds.poke(name);
    } catch (err) {
      logOnce("poke failed", { environment: name, error: String(err) });
    } finally {
      if (cause && causesOfPokes.get(name) === cause) causesOfPokes.delete(name);
    }
  }
}
