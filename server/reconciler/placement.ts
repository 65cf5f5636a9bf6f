// Which replica should drive which environment: pure decisions, no I/O.
//
// Membership: every replica keeps a lease named `#replica/<owner>` in the
// lease table, renewed on the same tick as its environment leases. The live
// replicas are the owners of unexpired membership leases (plus oneself).
// Environment names cannot start with `#`, so the two kinds never collide.
//
// Placement: rendezvous (highest-random-weight) hashing. The preferred owner
// of an environment is the live replica with the highest sha1(replica, name).
// Every replica computes the same answer from the same live set, the load is
// even in expectation, and when a replica joins or leaves only the
// environments it wins or held move.
//
// Rules (decideAcquire / decideHandovers):
// - take a free or expired environment when preferred; take it anyway when
//   it has been orphaned for more than one renewal interval (expired that
//   long, or seen free that long), so a slow or unhealthy preferred owner
//   cannot strand it;
// - hand over (release) held environments preferred by another live replica,
//   but only while holding more than the fair share ceil(wanted / live), and
//   at most a few per round. The fair-share bound keeps an already even
//   spread still (a lone environment never moves just because a replica
//   joined) and stops the releasing side from overshooting.

import { createHash } from "node:crypto";
import type { Lease } from "../store/store.js";

/** Prefix of membership lease names; environment names never start with `#`. */
export const MEMBERSHIP_LEASE_PREFIX = "#replica/";

export const membershipLeaseName = (owner: string): string => MEMBERSHIP_LEASE_PREFIX + owner;

export const isMembershipLease = (name: string): boolean => name.startsWith(MEMBERSHIP_LEASE_PREFIX);

/**
 * Live replicas: owners of unexpired membership leases (a lease is live while
 * now ≤ expiresAt, the same instant the store stops letting others take it),
 * always including `self`. Sorted, without duplicates.
 */
export function liveReplicas(leases: readonly Lease[], self: string, now: number): string[] {
  const live = new Set<string>([self]);
  for (const l of leases) {
    if (!isMembershipLease(l.environmentName) || !l.owner || l.expiresAt < now) continue;
    live.add(l.environmentName.slice(MEMBERSHIP_LEASE_PREFIX.length));
  }
  return [...live].sort();
}

/** The rendezvous weight of (environment, replica): 48 bits of sha1, stable across processes and versions. */
export function rendezvousWeight(environmentName: string, replica: string): number {
  const digest = createHash("sha1").update(replica).update("\0").update(environmentName).digest();
  return digest.readUIntBE(0, 6);
}

/** The live replica that should drive the environment (ties, astronomically rare, go to the smaller name). */
export function preferredOwner(environmentName: string, live: readonly string[]): string {
  if (live.length === 0) throw new Error("preferredOwner: the live set must not be empty");
  let best = live[0]!;
  let bestWeight = rendezvousWeight(environmentName, best);
  for (let i = 1; i < live.length; i++) {
    const r = live[i]!;
    const w = rendezvousWeight(environmentName, r);
    if (w > bestWeight || (w === bestWeight && r < best)) {
      best = r;
      bestWeight = w;
    }
  }
  return best;
}

/** ceil(environments / replicas), at least 1 when there is any environment. */
export function fairShare(environments: number, replicas: number): number {
  return Math.ceil(environments / Math.max(1, replicas));
}

/** What one replica knows when it decides. */
export interface PlacementView {
  /** This replica. */
  self: string;
  now: number;
  /** Lease renewal interval (ttl/3): the grace given to a preferred owner before others step in. */
  renewIntervalMs: number;
  /** Live replicas, including self (see liveReplicas). */
  live: readonly string[];
  /** Current environment leases by environment name (any owner, expired or not; released ones absent). */
  leases: ReadonlyMap<string, Lease>;
  /** Since when each environment has been seen free (no lease) by this replica. */
  freeSince: ReadonlyMap<string, number>;
}

export type AcquireDecision =
  /** Held by another replica whose lease has not expired: the store would refuse anyway. */
  | "held"
  /** We are the preferred owner (or the lease is still ours from an earlier incarnation). */
  | "preferred"
  /** Not ours to take yet: the preferred owner gets one renewal interval to do it. */
  | "wait"
  /** Orphaned for more than one renewal interval: anyone takes it. */
  | "orphaned";

/** Whether this replica should try to acquire an environment it does not drive. */
export function decideAcquire(name: string, view: PlacementView): AcquireDecision {
  const lease = view.leases.get(name);
  if (lease && lease.owner === view.self) return "preferred"; // ours already (a restart with the same id): acquireLease renews it
  if (lease && lease.expiresAt >= view.now) return "held";
  if (preferredOwner(name, view.live) === view.self) return "preferred";
  if (lease) return view.now > lease.expiresAt + view.renewIntervalMs ? "orphaned" : "wait";
  const since = view.freeSince.get(name);
  return since !== undefined && view.now - since > view.renewIntervalMs ? "orphaned" : "wait";
}

/**
 * The environments (names of those without a lease, among `wanted`) with
 * their first-seen-free time: kept from `previous`, `now` for new ones.
 */
export function trackFree(wanted: Iterable<string>, leases: ReadonlyMap<string, Lease>, previous: ReadonlyMap<string, number>, now: number): Map<string, number> {
  const next = new Map<string, number>();
  for (const name of wanted) if (!leases.has(name)) next.set(name, previous.get(name) ?? now);
  return next;
}

export interface HandoverInput {
  self: string;
  live: readonly string[];
  /** Number of environments that need a driver (the fair share is computed from it). */
  wanted: number;
  /** Environments this replica drives and is not already handing over. */
  held: readonly string[];
  /** How many it is already handing over (they still count as held until released). */
  handingOver: number;
  /** At most this many new handovers. */
  max: number;
}

/** Held environments to hand over to their preferred owners (sorted by name, deterministic). */
export function decideHandovers(input: HandoverInput): string[] {
  const share = fairShare(input.wanted, input.live.length);
  const excess = input.held.length + input.handingOver - share;
  const budget = Math.min(excess, input.max) - input.handingOver;
  if (budget <= 0 || input.live.length < 2) return [];
  const out: string[] = [];
  for (const name of [...input.held].sort()) {
    if (out.length >= budget) break;
    if (preferredOwner(name, input.live) !== input.self) out.push(name);
  }
  return out;
}

/** Default number of handovers per round: a tenth of what is held, at least 2. */
export const defaultMaxHandovers = (held: number): number => Math.max(2, Math.ceil(held / 10));
