import { expect } from "chai";
import {
  decideAcquire,
  decideHandovers,
  defaultMaxHandovers,
  fairShare,
  isMembershipLease,
  liveReplicas,
  membershipLeaseName,
  preferredOwner,
  rendezvousWeight,
  trackFree,
  type PlacementView,
} from "../../server/reconciler/placement.js";
import type { Lease } from "../../server/store/store.js";

const names = (n: number, prefix = "Team/env-") => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, "0")}`);
const lease = (environmentName: string, owner: string, expiresAt: number, epoch = 1): Lease => ({ environmentName, owner, expiresAt, epoch });

function countBy(envs: string[], live: string[]): Map<string, number> {
  const counts = new Map(live.map((r) => [r, 0]));
  for (const e of envs) {
    const p = preferredOwner(e, live);
    counts.set(p, counts.get(p)! + 1);
  }
  return counts;
}

describe("placement: membership leases", () => {
  it("names start with # and can never be an environment name", () => {
    expect(membershipLeaseName("blox-a")).to.equal("#replica/blox-a");
    expect(isMembershipLease("#replica/blox-a")).to.equal(true);
    expect(isMembershipLease("Team/env")).to.equal(false);
  });

  it("live replicas: unexpired membership leases plus oneself, sorted; environment leases and released ones ignored", () => {
    const now = 1000;
    const leases = [
      lease("#replica/c", "c", 1000), // expires now: still live (the store lets others take it only after)
      lease("#replica/b", "b", 5000),
      lease("#replica/old", "old", 999), // expired
      lease("#replica/gone", "", 0), // released (stores list them without owner only by mistake)
      lease("Team/env", "z", 5000), // an environment lease: not a replica
    ];
    expect(liveReplicas(leases, "a", now)).to.deep.equal(["a", "b", "c"]);
    expect(liveReplicas([], "solo", now)).to.deep.equal(["solo"]);
    expect(liveReplicas([lease("#replica/a", "a", 0)], "a", now), "oneself even when one's own membership looks expired").to.deep.equal(["a"]);
  });
});

describe("placement: rendezvous hashing", () => {
  it("the weight is stable (sha1-based, the same in every process)", () => {
    // Pinned (printf 'r1\0Team/env-000' | sha1sum, first 12 hex digits): a change here would make
    // replicas of different versions disagree on placement during a rolling upgrade.
    expect(rendezvousWeight("Team/env-000", "r1")).to.equal(96820671903761);
    expect(rendezvousWeight("Team/env-000", "r1")).to.not.equal(rendezvousWeight("Team/env-000", "r2"));
    expect(rendezvousWeight("a", "b")).to.not.equal(rendezvousWeight("b", "a"), "(environment, replica) is ordered");
    expect(Number.isSafeInteger(rendezvousWeight("x", "y"))).to.equal(true);
  });

  it("the preferred owner does not depend on the order of the live set", () => {
    for (const e of names(50)) {
      expect(preferredOwner(e, ["a", "b", "c"])).to.equal(preferredOwner(e, ["c", "a", "b"]));
    }
    expect(() => preferredOwner("x", [])).to.throw(/live set must not be empty/);
  });

  it("spreads evenly: 3000 environments over 3 replicas, each within 10% of 1000", () => {
    const counts = countBy(names(3000), ["r1", "r2", "r3"]);
    for (const [r, n] of counts) expect(n, r).to.be.within(900, 1100);
  });

  it("a joining replica takes only from the others, about 1/n of everything; a leaving one gives only its own", () => {
    const envs = names(600);
    const before = new Map(envs.map((e) => [e, preferredOwner(e, ["r1", "r2", "r3"])]));
    const joined = new Map(envs.map((e) => [e, preferredOwner(e, ["r1", "r2", "r3", "r4"])]));
    const moved = envs.filter((e) => before.get(e) !== joined.get(e));
    for (const e of moved) expect(joined.get(e), `${e} moved, so to the new replica`).to.equal("r4");
    expect(moved.length).to.be.within(120, 180); // 600/4 = 150
    const left = new Map(envs.map((e) => [e, preferredOwner(e, ["r1", "r3"])]));
    for (const e of envs) if (before.get(e) !== "r2") expect(left.get(e), `${e} was not r2's, so it stays`).to.equal(before.get(e));
  });

  it("fair share: ceil(environments / replicas)", () => {
    const table: [number, number, number][] = [
      [30, 3, 10],
      [31, 3, 11],
      [1, 2, 1],
      [0, 2, 0],
      [5, 0, 5],
    ];
    for (const [e, r, want] of table) expect(fairShare(e, r), `${e}/${r}`).to.equal(want);
  });
});

describe("placement: decideAcquire", () => {
  const now = 100_000;
  const renew = 5000;
  // Pick environment names by who prefers them among {me, other}.
  const live = ["me", "other"];
  const mine = names(40).find((e) => preferredOwner(e, live) === "me")!;
  const theirs = names(40).find((e) => preferredOwner(e, live) === "other")!;
  const view = (leases: Lease[], freeSince: [string, number][] = []): PlacementView => ({
    self: "me",
    now,
    renewIntervalMs: renew,
    live,
    leases: new Map(leases.map((l) => [l.environmentName, l])),
    freeSince: new Map(freeSince),
  });

  const table: { what: string; name: string; v: PlacementView; want: string }[] = [
    { what: "free, preferred", name: mine, v: view([]), want: "preferred" },
    { what: "free, not preferred, never seen free before", name: theirs, v: view([]), want: "wait" },
    { what: "free, not preferred, free for exactly one renewal interval", name: theirs, v: view([], [[theirs, now - renew]]), want: "wait" },
    { what: "free, not preferred, free for longer than one renewal interval", name: theirs, v: view([], [[theirs, now - renew - 1]]), want: "orphaned" },
    { what: "held by another, unexpired, even if we are preferred", name: mine, v: view([lease(mine, "other", now)]), want: "held" },
    { what: "expired, preferred", name: mine, v: view([lease(mine, "dead", now - 1)]), want: "preferred" },
    { what: "expired, not preferred, within the grace", name: theirs, v: view([lease(theirs, "dead", now - renew)]), want: "wait" },
    { what: "expired, not preferred, longer than the grace", name: theirs, v: view([lease(theirs, "dead", now - renew - 1)]), want: "orphaned" },
    { what: "still ours from an earlier incarnation, not preferred", name: theirs, v: view([lease(theirs, "me", now + 9000)]), want: "preferred" },
  ];
  for (const { what, name, v, want } of table) {
    it(`${what} → ${want}`, () => {
      expect(decideAcquire(name, v)).to.equal(want);
    });
  }

  it("alone, a replica is the preferred owner of everything free or expired", () => {
    const v: PlacementView = { ...view([lease(theirs, "dead", now - 1)]), live: ["me"] };
    for (const e of names(20)) expect(decideAcquire(e, v)).to.equal("preferred");
  });

  it("trackFree keeps the first-seen time of environments that stay free, and forgets taken ones", () => {
    const leases = new Map([["b", lease("b", "x", now)]]);
    const next = trackFree(["a", "b", "c"], leases, new Map([["a", 5], ["b", 7]]), now);
    expect([...next]).to.deep.equal([
      ["a", 5],
      ["c", now],
    ]);
  });
});

describe("placement: decideHandovers", () => {
  const live = ["me", "other"];
  const envs = names(30);
  const theirs = envs.filter((e) => preferredOwner(e, live) === "other");

  it("holding everything, hands over the other's environments, at most `max`, sorted", () => {
    const out = decideHandovers({ self: "me", live, wanted: 30, held: envs, handingOver: 0, max: 3 });
    expect(out).to.deep.equal([...theirs].sort().slice(0, 3));
  });

  it("never below the fair share, counting those already being handed over", () => {
    // Hold 17 of which 2 are already on their way: 15 = share, nothing more.
    const held = envs.slice(0, 15);
    expect(decideHandovers({ self: "me", live, wanted: 30, held, handingOver: 2, max: 10 })).to.deep.equal([]);
    // Hold 18 (16 + 2 in flight), max 3 per round: one more.
    const held16 = [...theirs, ...envs.filter((e) => !theirs.includes(e))].slice(0, 16);
    expect(decideHandovers({ self: "me", live, wanted: 30, held: held16, handingOver: 2, max: 3 })).to.have.length(1);
  });

  it("keeps a lone environment where it is (1 environment, 2 replicas: share 1)", () => {
    expect(decideHandovers({ self: "me", live, wanted: 1, held: [theirs[0]!], handingOver: 0, max: 3 })).to.deep.equal([]);
  });

  it("alone, never hands over", () => {
    expect(decideHandovers({ self: "me", live: ["me"], wanted: 30, held: envs, handingOver: 0, max: 30 })).to.deep.equal([]);
  });

  it("only environments another replica prefers", () => {
    const ours = envs.filter((e) => preferredOwner(e, live) === "me");
    // Far above the fair share (ceil(n/2) of n), yet nothing is another's.
    expect(decideHandovers({ self: "me", live, wanted: ours.length, held: ours, handingOver: 0, max: 30 })).to.deep.equal([]);
  });

  it("default per-round limit: a tenth of what is held, at least 2", () => {
    expect([0, 1, 20, 30, 1000].map(defaultMaxHandovers)).to.deep.equal([2, 2, 2, 3, 100]);
  });
});
