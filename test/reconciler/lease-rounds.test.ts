import { expect } from "chai";
import { createLeaseRounds, type HeldEnvironment, type LeaseRounds, type LeaseRoundsHost } from "../../server/reconciler/lease-rounds.js";
import { preferredOwner } from "../../server/reconciler/placement.js";
import { createSqliteStore } from "../../server/store/sqlite-store.js";
import type { BloxStore, Lease } from "../../server/store/store.js";
import { createFakeClock, type FakeClock } from "../support/fake-clock.js";
import { daemonSpec, flush, run } from "./support/harness.js";

// The lease rounds alone: the real store (sqlite :memory:), the fake clock, and
// a recording host in place of the scheduler's reconcile loops. No sockets.

const TTL = 15_000;

interface RecordingHost extends LeaseRoundsHost {
  loops: Map<string, HeldEnvironment>;
  log: string[];
}

function recordingHost(): RecordingHost {
  const loops = new Map<string, HeldEnvironment>();
  const log: string[] = [];
  return {
    loops,
    log,
    held: () => [...loops.values()].map((h) => ({ ...h })),
    isHeld: (name) => loops.has(name),
    start(name, lease) {
      loops.set(name, { name, lease, handingOver: false });
      log.push(`start ${name} #${lease.epoch}`);
    },
    async release(name) {
      loops.delete(name);
      log.push(`release ${name}`);
    },
    lose(name, why) {
      loops.delete(name);
      log.push(`lose ${name}: ${why}`);
    },
    renewed(name, lease) {
      const h = loops.get(name);
      if (h) h.lease = lease;
    },
    handOver(name, to) {
      const h = loops.get(name);
      if (h) h.handingOver = true;
      log.push(`hand ${name} to ${to}`);
    },
  };
}

describe("lease rounds (fake clock, no sockets)", function () {
  let clock: FakeClock;
  let store: BloxStore;
  const started: LeaseRounds[] = [];

  beforeEach(async function () {
    clock = createFakeClock();
    store = createSqliteStore({ path: ":memory:" });
    await store.init();
  });

  afterEach(async function () {
    for (const r of started.splice(0)) await r.stop();
    await store.close();
  });

  function rounds(owner: string, host: LeaseRoundsHost, warnings: string[] = [], s: BloxStore = store): LeaseRounds {
    const r = createLeaseRounds({
      store: s,
      clock,
      owner,
      host,
      ttlMs: TTL,
      balance: true,
      logOnce: (message, fields) => void warnings.push(`${message} ${JSON.stringify(fields)}`),
    });
    started.push(r);
    return r;
  }

  const leaseOf = async (name: string): Promise<Lease | undefined> => (await store.listLeases()).find((l) => l.environmentName === name);

  it("takes membership first, then every free environment, and renews them every ttl/3", async function () {
    await store.createEnvironment(daemonSpec({ name: "A" }), clock.now());
    await store.createEnvironment(daemonSpec({ name: "B" }), clock.now());
    const host = recordingHost();
    const r = rounds("r1", host);
    await r.start();
    expect(host.log).to.deep.equal(["start A #1", "start B #1"]);
    expect(r.liveReplicas()).to.deep.equal(["r1"]);
    expect((await leaseOf("#replica/r1"))?.owner).to.equal("r1");
    const firstExpiry = (await leaseOf("A"))!.expiresAt;
    expect(firstExpiry).to.equal(clock.now() + TTL);

    await run(clock, TTL / 3);
    expect((await leaseOf("A"))!.expiresAt, "renewed at ttl/3").to.equal(firstExpiry + TTL / 3);
    expect(host.loops.get("A")!.lease.expiresAt, "the host heard the renewal").to.equal(firstExpiry + TTL / 3);
    expect((await leaseOf("A"))!.epoch, "same owner, same epoch").to.equal(1);
    expect(host.log, "nothing started twice").to.have.length(2);
  });

  it("releases an environment that is gone and purges a Deleted one past its retention", async function () {
    await store.createEnvironment(daemonSpec({ name: "Gone" }), clock.now());
    await store.createEnvironment(daemonSpec({ name: "Old" }), clock.now());
    const host = recordingHost();
    const r = rounds("r1", host);
    await r.start();
    await store.purgeEnvironment("Gone");
    const old = (await store.getEnvironment("Old"))!;
    await store.updateEnvironmentRecord("Old", old.version, { lifecycle: "deleted", deletedAt: clock.now(), purgeAfter: clock.now() + 1000 }, clock.now());
    await r.runRound();
    expect(host.log).to.include("release Gone");
    expect(await store.getEnvironment("Old"), "not yet past retention").to.not.equal(undefined);
    await run(clock, TTL / 3);
    expect(await store.getEnvironment("Old"), "purged").to.equal(undefined);
  });

  it("spreads environments over two replicas and hands over to the one that joins, by the placement rule", async function () {
    const names = Array.from({ length: 12 }, (_, i) => `Env-${i}`);
    for (const n of names) await store.createEnvironment(daemonSpec({ name: n }), clock.now());
    const h1 = recordingHost();
    const r1 = rounds("r1", h1);
    await r1.start();
    expect(h1.loops.size).to.equal(12);
    const h2 = recordingHost();
    const r2 = rounds("r2", h2);
    await r2.start();
    expect(h2.loops.size, "the newcomer waits for handovers").to.equal(0);
    await run(clock, TTL / 3);
    expect(r1.liveReplicas()).to.deep.equal(["r1", "r2"]);
    const handed = h1.log.filter((l) => l.startsWith("hand "));
    expect(handed.length, "a few per round").to.be.within(1, 2);
    for (const line of handed) {
      const [, name, , to] = line.split(" ");
      expect(to).to.equal("r2");
      expect(preferredOwner(name!, ["r1", "r2"])).to.equal("r2");
    }
    // The host releases what it handed over; r2 takes it at its next round, with the next epoch.
    for (const line of handed) {
      const name = line.split(" ")[1]!;
      await h1.release(name);
      await store.releaseLease(name, "r1");
    }
    await run(clock, TTL / 3);
    for (const line of handed) {
      const name = line.split(" ")[1]!;
      expect(h2.log).to.include(`start ${name} #2`);
    }
  });

  it("tells the host it lost a lease that another replica took after it expired", async function () {
    await store.createEnvironment(daemonSpec({ name: "A" }), clock.now());
    const host = recordingHost();
    const r = rounds("r1", host);
    await r.start();
    await r.stop(); // r1 stalls: no renewals
    clock.advance(TTL + 1);
    const taken = await store.acquireLease("A", "r2", TTL, clock.now());
    expect(taken?.epoch).to.equal(2);
    expect(await r.renew(host.held()[0]!)).to.equal("lost");
    expect(host.log).to.include("lose A: lost environment lease");
  });

  it("takes no new environment while its membership cannot be renewed, and keeps acting only on the old lease", async function () {
    await store.createEnvironment(daemonSpec({ name: "A" }), clock.now());
    const host = recordingHost();
    const warnings: string[] = [];
    let down = false;
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop === "acquireLease") {
          return (...args: Parameters<BloxStore["acquireLease"]>) =>
            down ? Promise.reject(new Error("database unavailable: down")) : target.acquireLease(...args);
        }
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const r = rounds("r1", host, warnings, flaky);
    await r.start();
    expect(host.log).to.deep.equal(["start A #1"]);
    down = true;
    await store.createEnvironment(daemonSpec({ name: "B" }), clock.now());
    await run(clock, TTL / 3);
    expect(host.loops.has("B"), "no new work without membership").to.equal(false);
    expect(warnings.some((w) => w.startsWith("membership lease renewal failed"))).to.equal(true);
    expect(await r.renew(host.held()[0]!)).to.equal("unrenewed");
    await r.poke("B");
    expect(host.loops.has("B"), "pokes take nothing either").to.equal(false);
    down = false;
    await run(clock, TTL / 3);
    expect(host.loops.has("B"), "back once the membership is renewed").to.equal(true);
  });

  it("pokes take a new environment at once for its preferred owner, and leave others' alone", async function () {
    const host = recordingHost();
    const r = rounds("r1", host);
    await r.start();
    await store.createEnvironment(daemonSpec({ name: "New" }), clock.now());
    await r.poke("New");
    await flush();
    expect(host.log).to.deep.equal(["start New #1"]);
    await store.createEnvironment(daemonSpec({ name: "Theirs" }), clock.now());
    await store.acquireLease("Theirs", "r9", TTL, clock.now());
    await r.runRound();
    expect(r.heldByOthers("Theirs")).to.equal(true);
    await r.poke("Theirs");
    expect(host.loops.has("Theirs")).to.equal(false);
  });
});
