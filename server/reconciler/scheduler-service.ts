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
// Spreading (placement.ts): each replica also keeps a membership lease
// `#replica/<owner>`, renewed first on every lease round, so the replicas know
// who is alive. An environment's preferred owner is the live replica winning
// rendezvous hashing. A replica takes a free or expired environment when it is
// preferred, or when it has been orphaned for more than one renewal interval;
// pokes and store notifications follow the same rule. A replica holding more
// than its fair share hands environments preferred by others over: it lets the
// in-flight pass finish, then releases the lease (never mid-act), a few per
// round; the preferred owner takes them at its next round.

import type { ClusterBackend } from "../cluster/backend.js";
import type { Clock } from "../clock.js";
import { DEFAULT_DELETED_RETENTION_MS, type EnvironmentRecord } from "../domain/environment.js";
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
import {
  decideAcquire,
  decideHandovers,
  defaultMaxHandovers,
  isMembershipLease,
  liveReplicas,
  membershipLeaseName,
  preferredOwner,
  trackFree,
  type PlacementView,
} from "./placement.js";
import type { Scheduler } from "./scheduler.js";

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
  if (!owner) throw new Error("createScheduler: owner must not be empty");
  if (!(ttl > 0)) throw new Error(`createScheduler: leaseTtlMs must be > 0, got ${ttl}`);

  const loops = new Map<string, Loop>();
  /** Deleted environments whose final status is journaled (no lease needed until purge). */
  const finished = new Set<string>();
  const clusterSubs = new Map<string, { names: Set<string>; unsubscribe: () => void }>();
  const acquiring = new Set<string>();
  /** Leases other replicas held at the last lease round (name → expiresAt): no point asking for those. */
  const othersHold = new Map<string, number>();
  const renewMs = Math.max(1, Math.floor(ttl / 3));
  const memberLease = membershipLeaseName(owner);
  /** Live replicas as of the last lease round; undefined until the first one. */
  let live: string[] | undefined;
  /** Whether the last membership renewal succeeded: environment leases are renewed only then. */
  let memberOk = false;
  /** Environments seen without a lease, and since when (the orphan rule). */
  let freeSince = new Map<string, number>();
  /** One shared listLeases for concurrent pokes. */
  let leaseListing: Promise<Lease[]> | undefined;
  let started = false;
  let stopped = false;
  let cancelLeaseTimer: (() => void) | undefined;
  let cancelResyncTimer: (() => void) | undefined;
  let unsubscribeStore: (() => void) | undefined;
  let leaseTick: Promise<void> | undefined;
  let lastLoggedError = "";

  const logOnce = (message: string, fields: Record<string, unknown>) => {
    const key = message + JSON.stringify(fields);
    if (key === lastLoggedError) return;
    lastLoggedError = key;
    logger?.warn(message, fields);
  };

  const actorFor = (lease: Lease): ClusterBackend =>
    hasWithActor(backend) ? backend.withActor(`${owner}#${lease.epoch}`) : backend;

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
    };
    loops.set(name, loop);
    if (cluster) watchCluster(loop, cluster);
    logger?.info("acquired environment lease", { environment: name, owner, epoch: lease.epoch });
    trigger(loop);
    return loop;
  };

  /** Stops acting on the environment; releases the lease when asked (not when it was lost). */
  const stopLoop = async (loop: Loop, release: boolean) => {
    if (loop.stopped) return;
    loop.stopped = true;
    loops.delete(loop.name);
    options.observations?.forget(loop.name);
    loop.cancelWake?.();
    loop.cancelThrottle?.();
    unwatchCluster(loop);
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

  const trigger = (loop: Loop) => {
    if (loop.stopped || loop.handingOver || stopped) return;
    loop.dirty = true;
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
      let result: PassResult;
      try {
        result = await loop.reconciler.pass({ backend: loop.backend, canAct: () => canAct(loop) });
        loop.failures = 0;
      } catch (err) {
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
          finished.add(loop.name);
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
    loop.stopped = true;
    loops.delete(loop.name);
    options.observations?.forget(loop.name);
    loop.cancelWake?.();
    loop.cancelThrottle?.();
    unwatchCluster(loop);
  };

  /** Renews the loop's lease; stops the loop (without release) when it is lost. */
  const renew = async (loop: Loop): Promise<boolean> => {
    // A replica that cannot renew its membership lets its environment leases
    // run out with it (and stops acting a margin before): the others count it
    // out when the membership expires, and then they can take over at once.
    let lease: Lease | undefined;
    try {
      if (!memberOk) throw new Error("membership lease not renewed");
      lease = await store.acquireLease(loop.name, owner, ttl, clock.now());
    } catch (err) {
      // Keep acting until expiresAt − margin; canAct() stops us after that.
      logOnce("lease renewal failed", { environment: loop.name, error: String(err) });
      // Once expired it may be another's: stop holding it (a later round may take it again).
      if (clock.now() > loop.lease.expiresAt) loseLoop(loop, "environment lease expired without renewal");
      return canAct(loop);
    }
    if (!lease || lease.owner !== owner) {
      loseLoop(loop, "lost environment lease");
      return false;
    }
    if (lease.epoch !== loop.lease.epoch) loop.backend = actorFor(lease);
    loop.lease = lease;
    return true;
  };

  const listAllEnvironments = async (): Promise<EnvironmentRecord[]> => {
    const all: EnvironmentRecord[] = [];
    let pageToken = "";
    do {
      const page = await store.listEnvironments({ pageSize: 1000, pageToken, includeDeleted: true });
      all.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return all;
  };

  const tryAcquire = async (env: EnvironmentRecord): Promise<void> => {
    if (loops.has(env.name) || acquiring.has(env.name) || stopped) return;
    acquiring.add(env.name);
    try {
      const lease = await store.acquireLease(env.name, owner, ttl, clock.now());
      if (!lease || lease.owner !== owner || stopped) return;
      if (loops.has(env.name)) return;
      startLoop(env.name, lease, env.cluster);
    } finally {
      acquiring.delete(env.name);
    }
  };

  const purge = async (env: EnvironmentRecord) => {
    // Purge under the lease so two replicas do not both do it.
    const lease = await store.acquireLease(env.name, owner, ttl, clock.now());
    if (!lease || lease.owner !== owner) return;
    await store.purgeEnvironment(env.name);
    await store.releaseLease(env.name, owner).catch(() => undefined);
    finished.delete(env.name);
    logger?.info("purged deleted environment", { environment: env.name });
  };

  /** Renews this replica's membership lease; false when it could not (then it takes no new work). */
  const renewMembership = async (): Promise<boolean> => {
    try {
      const lease = await store.acquireLease(memberLease, owner, ttl, clock.now());
      if (!lease || lease.owner !== owner) {
        logOnce("membership lease held by another process with the same replica id", { owner, lease: memberLease });
        return (memberOk = false);
      }
      return (memberOk = true);
    } catch (err) {
      logOnce("membership lease renewal failed", { owner, error: String(err) });
      return (memberOk = false);
    }
  };

  /** Environment leases by name (membership leases left out). */
  const environmentLeases = (leases: readonly Lease[]) =>
    new Map(leases.filter((l) => !isMembershipLease(l.environmentName)).map((l) => [l.environmentName, l]));

  const placementView = (leases: readonly Lease[], now: number): PlacementView => ({
    self: owner,
    now,
    renewIntervalMs: renewMs,
    live: balance ? liveReplicas(leases, owner, now) : [owner],
    leases: environmentLeases(leases),
    freeSince,
  });

  const noteLive = (next: string[]) => {
    if (live && live.join(",") === next.join(",")) return;
    live = next;
    logger?.info("live replicas", { owner, replicas: next });
  };

  /**
   * Renews membership and held leases, purges expired Deleted environments,
   * takes environments by the placement rule and hands over a few that another
   * live replica should drive.
   */
  const leaseRound = async () => {
    // Membership first: it then never outlives this round's environment leases,
    // so when a replica dies, the others see it gone no later than its leases.
    const member = await renewMembership();
    for (const loop of [...loops.values()]) await renew(loop);
    if (stopped) return;
    const envs = await listAllEnvironments();
    const now = clock.now();
    const names = new Set(envs.map((e) => e.name));
    for (const loop of [...loops.values()]) if (!names.has(loop.name)) await stopLoop(loop, true);
    for (const n of [...finished]) if (!names.has(n)) finished.delete(n);

    const wanted: EnvironmentRecord[] = [];
    for (const env of envs) {
      if (env.lifecycle === "deleted") {
        if (env.purgeAfter !== undefined && env.purgeAfter <= now) {
          await purge(env).catch((err) => logOnce("purge failed", { environment: env.name, error: String(err) }));
          continue;
        }
        if (finished.has(env.name)) continue;
        const latest = await store.latestJournal(env.name);
        if (latest?.status.status === "Deleted") {
          finished.add(env.name);
          continue;
        }
      }
      wanted.push(env);
    }

    const leases = await store.listLeases();
    const at = clock.now();
    freeSince = trackFree(
      wanted.map((e) => e.name),
      environmentLeases(leases),
      freeSince,
      at,
    );
    const view = placementView(leases, at);
    noteLive([...view.live]);
    othersHold.clear();
    for (const l of view.leases.values()) if (l.owner !== owner && l.expiresAt >= at) othersHold.set(l.environmentName, l.expiresAt);
    // A replica whose membership is not current takes no new work and moves
    // nothing: the others may already count it out.
    if (!member) return;
    for (const env of wanted) {
      if (stopped) return;
      if (loops.has(env.name)) continue;
      const decision = decideAcquire(env.name, view);
      if (decision === "preferred" || decision === "orphaned") await tryAcquire(env);
    }
    if (!balance) return;
    const active = [...loops.values()].filter((l) => !l.handingOver);
    const handing = loops.size - active.length;
    const max = options.maxHandoversPerRound ?? defaultMaxHandovers(loops.size);
    const give = decideHandovers({
      self: owner,
      live: view.live,
      wanted: wanted.length,
      held: active.map((l) => l.name),
      handingOver: handing,
      max,
    });
    for (const name of give) {
      const loop = loops.get(name);
      if (loop) void handOver(loop, preferredOwner(name, view.live));
    }
  };

  const runLeaseRound = () => {
    if (leaseTick || stopped) return leaseTick ?? Promise.resolve();
    leaseTick = leaseRound()
      .catch((err) => logOnce("lease round failed", { owner, error: String(err) }))
      .finally(() => {
        leaseTick = undefined;
      });
    return leaseTick;
  };

  const armLeaseTimer = () => {
    if (stopped) return;
    cancelLeaseTimer = clock.setTimer(Math.max(1, Math.floor(ttl / 3)), () => {
      void runLeaseRound().finally(armLeaseTimer);
    });
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
        else if (!stopped && !((othersHold.get(name) ?? -Infinity) >= clock.now())) void poke(name);
      });
      await runLeaseRound();
      armLeaseTimer();
      armResyncTimer();
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      cancelLeaseTimer?.();
      cancelResyncTimer?.();
      unsubscribeStore?.();
      await leaseTick;
      await Promise.all([...loops.values()].map((l) => stopLoop(l, true)));
      for (const sub of clusterSubs.values()) sub.unsubscribe();
      clusterSubs.clear();
      // Leave the membership last, so the others stop placing work here only once it is all released.
      if (started) await store.releaseLease(memberLease, owner).catch((err) => logOnce("membership release failed", { owner, error: String(err) }));
    },

    poke(name) {
      void poke(name);
    },

    held() {
      return [...loops.values()].map((l) => ({ ...l.lease }));
    },

    liveReplicas() {
      return [...(live ?? [owner])];
    },
  };

  /** listLeases, shared by the pokes that arrive while one is in flight. */
  function listLeasesShared(): Promise<Lease[]> {
    leaseListing ??= store.listLeases().finally(() => {
      leaseListing = undefined;
    });
    return leaseListing;
  }

  async function poke(name: string) {
    if (stopped) return;
    const loop = loops.get(name);
    if (loop) return trigger(loop);
    try {
      const env = await store.getEnvironment(name);
      if (!env) return;
      if (env.lifecycle === "deleted") {
        if (finished.has(name)) return;
      }
      // The same rule as the lease round, on a fresh view of the leases (a
      // replica may have joined since the last round). Before the first round,
      // and while our membership is not current, pokes take nothing.
      if (live === undefined || !memberOk) return;
      const view = placementView(await listLeasesShared(), clock.now());
      if (stopped || loops.has(name)) return;
      const decision = decideAcquire(name, view);
      if (decision === "preferred" || decision === "orphaned") await tryAcquire(env);
    } catch (err) {
      logOnce("poke failed", { environment: name, error: String(err) });
    }
  }
}
