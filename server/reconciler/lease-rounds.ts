// The lease side of one replica's scheduler: which environments this replica
// drives. Every ttl/3 a lease round renews the membership lease
// `#replica/<owner>` (first, so it never outlives the environment leases),
// renews the held environment leases, purges expired Deleted environments,
// takes free or expired environments by the placement rule (placement.ts) and
// hands a few over that another live replica should drive. Pokes take an
// environment by the same rule on a fresh view of the leases.
//
// The rounds never run a reconcile pass: they tell their host (the scheduler,
// which owns the reconcile loops) to start, release, lose or hand over a loop.

import type { Clock } from "../clock.js";
import type { EnvironmentRecord } from "../domain/environment.js";
import type { BloxStore, Lease } from "../store/store.js";
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

/** An environment the host drives, as the rounds see it. */
export interface HeldEnvironment {
  name: string;
  lease: Lease;
  /** Being handed over: counted as given away already. */
  handingOver: boolean;
}

/** What the rounds ask of the host that runs the reconcile loops. */
export interface LeaseRoundsHost {
  /** The environments driven now. */
  held(): HeldEnvironment[];
  isHeld(name: string): boolean;
  /** Start driving: `lease` was just taken. */
  start(name: string, lease: Lease, cluster: string | undefined): void;
  /** Stop driving and release the lease (the environment is gone). */
  release(name: string): Promise<void>;
  /** Stop driving at once, without release: the lease is, or may be, another's. */
  lose(name: string, why: string): void;
  /** The lease was renewed (its epoch may have moved). */
  renewed(name: string, lease: Lease): void;
  /** Let the running pass finish, then release the lease for `to`. */
  handOver(name: string, to: string): void;
}

export interface LeaseRoundsOptions {
  store: BloxStore;
  clock: Clock;
  /** This replica's name in leases. */
  owner: string;
  host: LeaseRoundsHost;
  /** Lease time to live; rounds run every ttl/3. */
  ttlMs: number;
  /** Spread over the live replicas (placement and handover). When false, take every free or expired environment. */
  balance: boolean;
  /** Most environments handed over per round. Default max(2, ceil(held / 10)). */
  maxHandoversPerRound?: number;
  /** Warnings, each said once until another one comes. */
  logOnce: (message: string, fields: Record<string, unknown>) => void;
  logger?: Logger;
}

/** The result of renewing one held lease. */
export type RenewOutcome =
  /** Renewed: still ours for a full ttl. */
  | "renewed"
  /** Could not renew (store or membership trouble): act only while the old lease lasts. */
  | "unrenewed"
  /** Lost (another holds it, or it expired unrenewed): the host was told to stop. */
  | "lost";

export interface LeaseRounds {
  /** Runs the first round, then one every ttl/3. */
  start(): Promise<void>;
  /** Stops the timer and waits for a round in flight. */
  stop(): Promise<void>;
  /** Releases the membership lease (last, after the environments). */
  leaveMembership(): Promise<void>;
  /** Runs a round now (or joins the one in flight). */
  runRound(): Promise<void>;
  /** Renews one held lease now (after a pass that found another writer). */
  renew(held: HeldEnvironment): Promise<RenewOutcome>;
  /** Takes the environment if the placement rule gives it to this replica. */
  poke(name: string): Promise<void>;
  /** Whether another replica held the environment's lease, unexpired, at the last round. */
  heldByOthers(name: string): boolean;
  /** The environment is Deleted and its final status journaled: no lease needed until its purge. */
  markFinished(name: string): void;
  /** The live replicas (this one included) as of the last round. */
  liveReplicas(): string[];
}

/**
 * Creates the lease rounds of one replica. Time comes only from `clock`, so a
 * fake clock drives them in tests.
 */
export function createLeaseRounds(options: LeaseRoundsOptions): LeaseRounds {
  const { store, clock, owner, host, balance, logOnce, logger } = options;
  const ttl = options.ttlMs;
  const renewMs = Math.max(1, Math.floor(ttl / 3));
  const memberLease = membershipLeaseName(owner);
  /** Deleted environments whose final status is journaled (no lease needed until purge). */
  const finished = new Set<string>();
  const acquiring = new Set<string>();
  /** Leases other replicas held at the last round (name → expiresAt): no point asking for those. */
  const othersHold = new Map<string, number>();
  /** Live replicas as of the last round; undefined until the first one. */
  let live: string[] | undefined;
  /** Whether the last membership renewal succeeded: environment leases are renewed only then. */
  let memberOk = false;
  /** Environments seen without a lease, and since when (the orphan rule). */
  let freeSince = new Map<string, number>();
  /** One shared listLeases for concurrent pokes. */
  let leaseListing: Promise<Lease[]> | undefined;
  let tick: Promise<void> | undefined;
  let cancelTimer: (() => void) | undefined;
  let stopped = false;

  const renew = async (held: HeldEnvironment): Promise<RenewOutcome> => {
    // A replica that cannot renew its membership lets its environment leases
    // run out with it (and stops acting a margin before): the others count it
    // out when the membership expires, and then they can take over at once.
    let lease: Lease | undefined;
    try {
      if (!memberOk) throw new Error("membership lease not renewed");
      lease = await store.acquireLease(held.name, owner, ttl, clock.now());
    } catch (err) {
      logOnce("lease renewal failed", { environment: held.name, error: String(err) });
      // Once expired it may be another's: stop holding it (a later round may take it again).
      if (clock.now() > held.lease.expiresAt) {
        host.lose(held.name, "environment lease expired without renewal");
        return "lost";
      }
      return "unrenewed";
    }
    if (!lease || lease.owner !== owner) {
      host.lose(held.name, "lost environment lease");
      return "lost";
    }
    host.renewed(held.name, lease);
    return "renewed";
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
    if (host.isHeld(env.name) || acquiring.has(env.name) || stopped) return;
    acquiring.add(env.name);
    try {
      const lease = await store.acquireLease(env.name, owner, ttl, clock.now());
      if (!lease || lease.owner !== owner || stopped) return;
      if (host.isHeld(env.name)) return;
      host.start(env.name, lease, env.cluster);
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

  const round = async () => {
    // Membership first: it then never outlives this round's environment leases,
    // so when a replica dies, the others see it gone no later than its leases.
    const member = await renewMembership();
    for (const held of host.held()) await renew(held);
    if (stopped) return;
    const envs = await listAllEnvironments();
    const now = clock.now();
    const names = new Set(envs.map((e) => e.name));
    for (const held of host.held()) if (!names.has(held.name)) await host.release(held.name);
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
      if (host.isHeld(env.name)) continue;
      const decision = decideAcquire(env.name, view);
      if (decision === "preferred" || decision === "orphaned") await tryAcquire(env);
    }
    if (!balance) return;
    const all = host.held();
    const active = all.filter((h) => !h.handingOver);
    const give = decideHandovers({
      self: owner,
      live: view.live,
      wanted: wanted.length,
      held: active.map((h) => h.name),
      handingOver: all.length - active.length,
      max: options.maxHandoversPerRound ?? defaultMaxHandovers(all.length),
    });
    for (const name of give) if (host.isHeld(name)) host.handOver(name, preferredOwner(name, view.live));
  };

  const runRound = () => {
    if (tick || stopped) return tick ?? Promise.resolve();
    tick = round()
      .catch((err) => logOnce("lease round failed", { owner, error: String(err) }))
      .finally(() => {
        tick = undefined;
      });
    return tick;
  };

  const armTimer = () => {
    if (stopped) return;
    cancelTimer = clock.setTimer(renewMs, () => {
      void runRound().finally(armTimer);
    });
  };

  /** listLeases, shared by the pokes that arrive while one is in flight. */
  const listLeasesShared = (): Promise<Lease[]> => {
    leaseListing ??= store.listLeases().finally(() => {
      leaseListing = undefined;
    });
    return leaseListing;
  };

  return {
    async start() {
      await runRound();
      armTimer();
    },
    async stop() {
      stopped = true;
      cancelTimer?.();
      await tick;
    },
    async leaveMembership() {
      await store.releaseLease(memberLease, owner).catch((err) => logOnce("membership release failed", { owner, error: String(err) }));
    },
    runRound,
    renew,
    async poke(name) {
      if (stopped || host.isHeld(name)) return;
      const env = await store.getEnvironment(name);
      if (!env) return;
      if (env.lifecycle === "deleted" && finished.has(name)) return;
      // The same rule as the round, on a fresh view of the leases (a replica
      // may have joined since the last round). Before the first round, and
      // while the membership is not current, pokes take nothing.
      if (live === undefined || !memberOk) return;
      const view = placementView(await listLeasesShared(), clock.now());
      if (stopped || host.isHeld(name)) return;
      const decision = decideAcquire(name, view);
      if (decision === "preferred" || decision === "orphaned") await tryAcquire(env);
    },
    heldByOthers(name) {
      return (othersHold.get(name) ?? -Infinity) >= clock.now();
    },
    markFinished(name) {
      finished.add(name);
    },
    liveReplicas() {
      return [...(live ?? [owner])];
    },
  };
}
