// Spreading environments over live replicas (placement.ts): several
// schedulers in one process share one sqlite store and one simulator on the
// fake clock. Who acted is read from the simulator's action log, where every
// action carries `<replica>#<epoch>`.

import { expect } from "chai";
import { TAG_ENVIRONMENT_ID, TAG_REVISION } from "../../server/domain/cluster.js";
import type { SimConfig } from "../../server/cluster/simulator/types.js";
import { preferredOwner } from "../../server/reconciler/placement.js";
import { createScheduler, type SchedulerOptions, type SchedulerService } from "../../server/reconciler/scheduler-service.js";
import type { BloxStore } from "../../server/store/store.js";
import { actorBlocks, environmentOf, type ActorBlock } from "./support/actors.js";
import { crashable, createHarness, daemonSpec, deploy, flush, run, until, type Harness } from "./support/harness.js";
import { assertNoDoubleStarts } from "./support/invariants.js";

const TTL = 15_000;
const RENEW = TTL / 3;
const STEP = 100;
const INSTANCES = 5;
const NAMES = Array.from({ length: 30 }, (_, i) => `Spread/env-${String(i).padStart(2, "0")}`);

/** Instances big enough for one task of each of the 30 environments (plus surge). */
function cluster(): SimConfig {
  const big = 1 << 16;
  return {
    clusters: [{ name: "default", instances: [{ count: INSTANCES, attributes: { stack: "prod" }, cpu: big, memory: big }] }],
    latencies: { startMs: 2000, stopMs: 1000 },
    faults: [],
  };
}

interface Replica {
  id: string;
  s: SchedulerService;
  kill: () => void;
}

describe("scheduler: spreading environments over live replicas", function () {
  this.timeout(120_000);
  let h: Harness;
  let replicas: Replica[];

  beforeEach(async () => {
    h = await createHarness(cluster());
    replicas = [];
  });
  afterEach(async () => {
    for (const r of replicas) await r.s.stop();
    await h.store.close();
  });

  /** A replica as its own "process" (crashable), optionally over a wrapped store. */
  async function start(id: string, wrap: (s: BloxStore) => BloxStore = (s) => s, extra: Partial<SchedulerOptions> = {}): Promise<Replica> {
    const p = crashable(h.clock, h.store, h.sim);
    const log = (m: string, f?: Record<string, unknown>): void => {
      if (process.env.DEBUG_SPREAD) console.log(h.clock.now() % 1_000_000, id, m, JSON.stringify(f));
    };
    const logger = { debug: log, info: log, warn: log, error: log };
    const s = createScheduler({ store: wrap(p.store), backend: p.backend, clock: p.clock, owner: id, leaseTtlMs: TTL, logger, ...extra });
    const r = { id, s, kill: p.kill };
    replicas.push(r);
    await s.start();
    return r;
  }

  const createAll = async (names = NAMES) => {
    for (const name of names) await h.store.createEnvironment(daemonSpec({ name }), h.clock.now());
  };

  /** Who holds what; asserts that no environment is held twice. */
  function holdings(rs: Replica[] = replicas): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const seen = new Map<string, string>();
    for (const r of rs) {
      const names = r.s.held().map((l) => l.environmentName).sort();
      for (const n of names) {
        expect(seen.get(n), `${n} held by ${seen.get(n)} and ${r.id}`).to.equal(undefined);
        seen.set(n, r.id);
      }
      out.set(r.id, names);
    }
    return out;
  }
  const heldCount = (rs: Replica[] = replicas) => [...holdings(rs).values()].reduce((n, l) => n + l.length, 0);
  const counts = (rs: Replica[] = replicas) => rs.map((r) => r.s.held().length);
  /** Steps until everything is held and nobody's count changed for two lease periods; returns when the last change happened (since the call). */
  async function settle(total = 30, maxMs = 10 * TTL): Promise<number> {
    const t0 = h.clock.now();
    let last = JSON.stringify(counts());
    let settledAt = t0;
    await until(
      h.clock,
      () => {
        const now = JSON.stringify(counts());
        if (now !== last) [last, settledAt] = [now, h.clock.now()];
        return heldCount() === total && h.clock.now() - settledAt >= 2 * TTL;
      },
      maxMs,
      STEP,
      "a still spread",
    );
    return settledAt - t0;
  }
  const epochs = (rs: Replica[] = replicas) => new Map(rs.flatMap((r) => r.s.held().map((l) => [l.environmentName, `${l.owner}#${l.epoch}`] as const)));

  async function activeAt(name: string, revision: number): Promise<boolean> {
    const s = (await h.store.latestJournal(name))?.status;
    return s?.status === "Active" && s.targetRevision === revision;
  }
  const allActive = async (revision: number, names = NAMES) => {
    for (const n of names) if (!(await activeAt(n, revision))) return false;
    return true;
  };

  /** Engine invariants at the end: per environment one task of `revision` per instance, nothing else alive. */
  async function assertConverged(revision: number, names = NAMES) {
    assertNoDoubleStarts(h);
    for (const name of names) {
      const env = (await h.store.getEnvironment(name))!;
      const live = h.sim.listAllTasks("default").filter((t) => t.tags[TAG_ENVIRONMENT_ID] === env.environmentId && t.lastStatus !== "STOPPED");
      expect(live.map((t) => t.tags[TAG_REVISION]), name).to.deep.equal(Array(INSTANCES).fill(String(revision)));
      expect(new Set(live.map((t) => t.containerInstanceArn)).size, `${name}: one task per instance`).to.equal(INSTANCES);
      const journal = await h.store.readJournal(name, 0, 10_000);
      expect(journal.map((e) => e.sequence), `${name}: journal without gaps`).to.deep.equal(journal.map((_, i) => i + 1));
    }
  }

  it("3 replicas, 30 environments created after they started: each environment goes straight to its preferred owner; 10±4 each", async () => {
    const [a, b, c] = [await start("a"), await start("b"), await start("c")];
    await createAll(); // the store notifications reach all three; only the preferred owner takes each
    await flush(8);
    expect(heldCount(), "all taken on their creation's notification, without waiting for a lease round").to.equal(30);
    await run(h.clock, 3 * TTL, STEP);
    const held = holdings();
    expect(heldCount()).to.equal(30);
    for (const r of [a, b, c]) {
      expect(r.s.liveReplicas()).to.deep.equal(["a", "b", "c"]);
      expect(held.get(r.id)!.length, `${r.id} holds ${held.get(r.id)!.length}`).to.be.within(6, 14);
      for (const n of held.get(r.id)!) expect(preferredOwner(n, ["a", "b", "c"]), n).to.equal(r.id);
    }
    // Nothing ever moved: every lease is still at its first epoch.
    for (const [n, e] of epochs()) expect(e, n).to.match(/#1$/);
    console.log(`      held: ${[a, b, c].map((r) => `${r.id}=${held.get(r.id)!.length}`).join(" ")}`);
  });

  it("replicas started one after another while 30 environments exist: the first takes all, then 10±4 each within a few lease periods, then still", async () => {
    await createAll();
    const a = await start("a");
    expect(counts([a])).to.deep.equal([30]);
    const b = await start("b");
    await run(h.clock, RENEW, STEP);
    const c = await start("c");
    const lastMove = await settle();
    const n = counts([a, b, c]);
    for (const k of n) expect(k).to.be.within(6, 14);
    expect(lastMove, "spread within a few lease periods").to.be.at.most(3 * TTL);
    console.log(`      held a=${n[0]} b=${n[1]} c=${n[2]}; last move ${lastMove} ms after the third replica started`);
  });

  it("a second replica joining during 30 rollouts: about half move to it within a few lease periods; never two actors at once; every rollout completes", async () => {
    await createAll();
    const a = await start("a");
    for (const n of NAMES) await deploy(h.store, h.clock, n, 1);
    await until(h.clock, () => allActive(1), 120_000, STEP, "revision 1 Active everywhere");
    expect(counts([a])).to.deep.equal([30]);

    for (const n of NAMES) {
      await h.store.updateEnvironment(n, 1, (s) => ({ ...s, taskDefinition: "log-daemon:2" }), h.clock.now());
      await deploy(h.store, h.clock, n, 2);
    }
    await run(h.clock, 1000, STEP); // every rollout under way
    const b = await start("b");
    const joinedAt = h.clock.now();
    // The design's target: b gets the environments it wins, but a keeps at least its fair share of 15.
    const preferB = NAMES.filter((n) => preferredOwner(n, ["a", "b"]) === "b");
    const target = Math.min(preferB.length, 15);
    expect(target, "about half").to.be.within(10, 20);
    const took = await until(h.clock, () => b.s.held().length === target && heldCount() === 30, 6 * TTL, STEP, `b holds ${target}`);
    expect(took, "moved within a few lease periods").to.be.at.most(3 * TTL);
    const settled = epochs();
    await until(h.clock, () => allActive(2), 240_000, STEP, "revision 2 Active everywhere");
    await run(h.clock, 2 * TTL, STEP);
    expect(epochs(), "no further moves once spread (no thrash)").to.deep.equal(settled);

    const held = holdings();
    expect(held.get("a")!.length + held.get("b")!.length).to.equal(30);
    const blocks = actorBlocks(h); // asserts non-overlapping actor blocks with increasing epochs
    const ids = new Map<string, string>();
    for (const n of NAMES) ids.set((await h.store.getEnvironment(n))!.environmentId, n);
    let handedMidRollout = 0;
    for (const [id, bs] of blocks) {
      const name = ids.get(id)!;
      const actors = bs.map((x: ActorBlock) => x.actor);
      if (held.get("b")!.includes(name)) {
        expect(actors[0], name).to.equal("a#1");
        expect(actors.slice(1), `${name}: a#1 then b only`).to.satisfy((xs: string[]) => xs.every((x) => x === "b#2"));
        // a handed over after a pass ended (never mid-act); b started after the release.
        if (bs.length === 2) {
          handedMidRollout++;
          expect(bs[1]!.first).to.be.greaterThan(bs[0]!.last);
        }
      } else {
        expect(actors, name).to.deep.equal(["a#1"]);
      }
    }
    expect(handedMidRollout, "some rollouts were in flight while handed over").to.be.greaterThan(0);
    await assertConverged(2);
    console.log(
      `      b joined; ${target} of 30 moved to it in ${took} ms (a=${held.get("a")!.length}, b=${held.get("b")!.length}); ` +
        `${handedMidRollout} handed over in the middle of their rollout`,
    );
  });

  it("killing one of 3 replicas: the survivors take its environments within one lease period plus one renewal tick; theirs stay put", async () => {
    await createAll();
    const rs = [await start("a"), await start("b"), await start("c")];
    for (const n of NAMES) await deploy(h.store, h.clock, n, 1);
    await until(h.clock, () => allActive(1), 120_000, STEP, "revision 1 Active everywhere");
    await settle();
    for (const k of counts()) expect(k).to.be.within(6, 14);
    const before = epochs();
    const victim = rs.reduce((x, y) => (y.s.held().length > x.s.held().length ? y : x));
    const survivors = rs.filter((r) => r !== victim);
    const lost = victim.s.held().map((l) => l.environmentName);
    // Start a rollout everywhere, then SIGKILL the busiest replica in the middle of it.
    for (const n of NAMES) {
      await h.store.updateEnvironment(n, 1, (s) => ({ ...s, taskDefinition: "log-daemon:2" }), h.clock.now());
      await deploy(h.store, h.clock, n, 2);
    }
    await run(h.clock, 1500, STEP);
    victim.kill();
    const killedAt = h.clock.now();
    replicas = survivors; // a dead process is not stopped
    const heldBySurvivors = () => new Set(survivors.flatMap((r) => r.s.held().map((l) => l.environmentName)));
    const took = await until(h.clock, () => lost.every((n) => heldBySurvivors().has(n)), 3 * TTL, STEP, "survivors hold the victim's");
    expect(took, "within one lease period plus one renewal tick").to.be.at.most(TTL + RENEW + STEP);
    const after = epochs(survivors);
    const epochOf = (e: string | undefined) => Number(e?.split("#")[1]);
    for (const [n, e] of before) {
      if (lost.includes(n)) expect(epochOf(after.get(n)), `${n} taken over with the next epoch`).to.equal(epochOf(e) + 1);
      else if (after.has(n)) expect(after.get(n), `${n} did not move`).to.equal(e);
    }
    // With one replica fewer the fair share grows; the survivors may still even out a little among themselves.
    await settle();
    expect(heldCount(survivors)).to.equal(30);
    for (const r of survivors) expect(r.s.liveReplicas()).to.deep.equal(survivors.map((x) => x.id));
    const gained = survivors.map((r) => r.s.held().filter((l) => lost.includes(l.environmentName)).length);
    expect(gained.reduce((x, y) => x + y)).to.equal(lost.length);
    await until(h.clock, () => allActive(2), 240_000, STEP, "revision 2 Active everywhere");
    actorBlocks(h);
    await assertConverged(2);
    console.log(
      `      killed ${victim.id} holding ${lost.length}; taken over ${took} ms later ` +
        `(${survivors.map((r, i) => `${r.id} +${gained[i]}`).join(", ")}); held now ${survivors.map((r) => `${r.id}=${r.s.held().length}`).join(" ")}`,
    );
  });

  it("a replica whose membership cannot be renewed stops acting before its leases expire, takes nothing new, and is taken over; it rejoins afterwards", async () => {
    await createAll();
    let cut = false;
    const membershipCut = (store: BloxStore): BloxStore =>
      new Proxy(store, {
        get(t, prop, r) {
          if (prop === "acquireLease") {
            return (name: string, ...rest: [string, number, number]) =>
              cut && name.startsWith("#replica/") ? Promise.reject(new Error("membership unreachable")) : t.acquireLease(name, ...rest);
          }
          const v = Reflect.get(t, prop, r);
          return typeof v === "function" ? v.bind(t) : v;
        },
      });
    const a = await start("a", membershipCut);
    const b = await start("b");
    for (const n of NAMES) await deploy(h.store, h.clock, n, 1);
    await until(h.clock, () => allActive(1), 120_000, STEP, "revision 1 Active everywhere");
    await until(h.clock, () => heldCount() === 30 && a.s.held().length >= 10 && b.s.held().length >= 10, 6 * TTL, STEP, "spread");
    const lost = a.s.held().map((l) => l.environmentName);

    cut = true;
    const expiresAt = Math.max(...a.s.held().map((l) => l.expiresAt));
    const margin = TTL / 5;
    // Roll out everything shortly before a must stop, so the rollouts span the takeover.
    await until(h.clock, () => h.clock.now() >= expiresAt - margin - 1500, TTL, STEP, "near the margin");
    for (const n of NAMES) {
      await h.store.updateEnvironment(n, 1, (s) => ({ ...s, taskDefinition: "log-daemon:2" }), h.clock.now());
      await deploy(h.store, h.clock, n, 2);
    }
    // A new environment that a prefers: a must not take it; b does, by the orphan rule.
    const newcomer = Array.from({ length: 50 }, (_, i) => `Spread/new-${i}`).find((n) => preferredOwner(n, ["a", "b"]) === "a")!;
    await h.store.createEnvironment(daemonSpec({ name: newcomer }), h.clock.now());
    a.s.poke(newcomer);
    await until(h.clock, () => b.s.held().length === 31, 3 * TTL, STEP, "b holds everything");
    const takenAfter = h.clock.now() - expiresAt;
    expect(takenAfter, "b took over within one renewal tick of the expiry").to.be.at.most(RENEW + STEP);
    expect(a.s.held(), "a dropped what it could not renew").to.deep.equal([]);
    await until(h.clock, () => allActive(2), 240_000, STEP, "revision 2 Active everywhere");

    const log = h.sim.actionLog();
    const byA = log.filter((e) => e.actor?.startsWith("a#") && e.at >= expiresAt - TTL);
    expect(byA.length, "a acted in its last lease period").to.be.greaterThan(0);
    for (const e of log.filter((x) => x.actor?.startsWith("a#"))) expect(e.at, "a's actions stop a margin before expiry").to.be.below(expiresAt - margin);
    const lostIds = new Set<string>();
    for (const n of lost) lostIds.add((await h.store.getEnvironment(n))!.environmentId);
    const takenBy = log.filter((e) => e.actor?.startsWith("b#") && lostIds.has(environmentOf(h, e) ?? ""));
    expect(takenBy.length, "b drove a's environments").to.be.greaterThan(0);
    for (const e of takenBy) expect(e.at).to.be.above(expiresAt);
    actorBlocks(h);
    await assertConverged(2, NAMES);
    for (const l of b.s.held()) if (lost.includes(l.environmentName)) expect(l.owner).to.equal("b");

    // The membership comes back: a rejoins and gets about half again.
    cut = false;
    await until(h.clock, () => a.s.held().length > 0, 2 * TTL, STEP, "a rejoined");
    await settle(31);
    expect(a.s.held().length, "about half again").to.be.within(11, 20);
    actorBlocks(h);
    console.log(`      a held ${lost.length}; b took them ${takenAfter} ms after their expiry; after rejoining a=${a.s.held().length} b=${b.s.held().length}`);
  });

  it("pokes and store notifications follow the rule: only the preferred owner reacts at once; an orphan is taken after the grace", async () => {
    const a = await start("a");
    const c = await start("c");
    const forA = Array.from({ length: 50 }, (_, i) => `Poke/${i}`).filter((n) => preferredOwner(n, ["a", "c"]) === "a");
    const forC = Array.from({ length: 50 }, (_, i) => `Poke/${i}`).filter((n) => preferredOwner(n, ["a", "c"]) === "c");
    // Created and poked on the other replica (as the API of that replica would): the preferred one takes it at once.
    await h.store.createEnvironment(daemonSpec({ name: forC[0]! }), h.clock.now());
    a.s.poke(forC[0]!);
    await flush(8);
    expect(c.s.held().map((l) => l.environmentName)).to.deep.equal([forC[0]]);
    expect(a.s.held()).to.deep.equal([]);

    // c dies; an environment created right after prefers it (its membership has not expired yet).
    c.kill();
    replicas = [a];
    const diedAt = h.clock.now();
    await h.store.createEnvironment(daemonSpec({ name: forC[1]! }), h.clock.now());
    a.s.poke(forC[1]!);
    await flush(8);
    expect(a.s.held(), "a poke does not bypass the rule").to.deep.equal([]);
    await h.store.createEnvironment(daemonSpec({ name: forA[0]! }), h.clock.now());
    await flush(8);
    expect(a.s.held().map((l) => l.environmentName), "a's own: at once").to.deep.equal([forA[0]]);
    await until(h.clock, () => a.s.held().length === 3, 3 * TTL, STEP, "a takes the orphans");
    // The free one is an orphan after more than one renewal interval; the dead one's after its lease expired.
    expect(h.clock.now() - diedAt).to.be.at.most(TTL + RENEW + STEP);
    expect(a.s.liveReplicas()).to.deep.equal(["a"]);
  });

  it("deleted environments are finished, released and purged with several replicas", async () => {
    const names = NAMES.slice(0, 6);
    await createAll(names);
    for (const id of ["a", "b"]) await start(id, undefined, { deletedRetentionMs: 60_000 });
    for (const n of names) await deploy(h.store, h.clock, n, 1);
    await until(h.clock, () => allActive(1, names), 120_000, STEP, "Active");
    await until(h.clock, () => replicas.every((r) => r.s.held().length > 0), 6 * TTL, STEP, "both hold some");
    for (const n of names) {
      const env = (await h.store.getEnvironment(n))!;
      await h.store.updateEnvironmentRecord(n, env.version, { lifecycle: "deleting", terminateTasks: true }, h.clock.now());
    }
    const deleted = async () => {
      for (const n of names) if ((await h.store.latestJournal(n))?.status.status !== "Deleted") return false;
      return true;
    };
    await until(h.clock, deleted, 120_000, STEP, "all Deleted");
    await until(h.clock, () => heldCount() === 0, 2 * TTL, STEP, "leases released");
    await run(h.clock, 70_000, 1000);
    for (const n of names) expect(await h.store.getEnvironment(n), `${n} purged`).to.equal(undefined);
    const leases = await h.store.listLeases();
    expect(leases.map((l) => l.environmentName).sort(), "only the membership leases remain").to.deep.equal(["#replica/a", "#replica/b"]);
    expect(h.sim.listAllTasks("default").filter((t) => t.lastStatus !== "STOPPED")).to.deep.equal([]);
    actorBlocks(h);
  });

  it("a graceful stop releases the membership too, so the others count the replica out at their next round", async () => {
    await createAll();
    const a = await start("a");
    const b = await start("b");
    await until(h.clock, () => b.s.held().length > 0 && heldCount() === 30, 6 * TTL, STEP, "spread");
    await b.s.stop();
    replicas = [a];
    const t0 = h.clock.now();
    await until(h.clock, () => a.s.held().length === 30, TTL, STEP, "a holds all");
    expect(h.clock.now() - t0).to.be.at.most(RENEW + STEP);
    expect(a.s.liveReplicas()).to.deep.equal(["a"]);
    expect((await h.store.listLeases()).map((l) => l.environmentName)).to.not.include("#replica/b");
  });
});
