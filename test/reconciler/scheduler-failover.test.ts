import { expect } from "chai";
import { TAG_ENVIRONMENT_ID } from "../../server/domain/cluster.js";
import type { ActionLogEntry } from "../../server/cluster/simulator/index.js";
import { createScheduler, type SchedulerService } from "../../server/reconciler/scheduler-service.js";
import { assertNoDoubleStarts } from "./support/invariants.js";
import { crashable, createHarness, daemonSpec, deploy, ENV, flush, until, type Harness } from "./support/harness.js";

const TTL = 15_000;

async function activeAt(h: Harness, name: string, revision: number): Promise<boolean> {
  const s = (await h.store.latestJournal(name))?.status;
  return s?.status === "Active" && s.targetRevision === revision;
}

/** The environment id an action concerns (start: its tag; stop: the stopped task's tag). */
function envOf(h: Harness, e: ActionLogEntry): string | undefined {
  if (e.environmentId) return e.environmentId;
  if (e.request) return e.request.tags[TAG_ENVIRONMENT_ID];
  return e.taskArn ? h.sim.getTask("default", e.taskArn)?.tags[TAG_ENVIRONMENT_ID] : undefined;
}

/** Per environment, the actors in action order must form runs that never come back (no interleaving). */
function assertNoInterleaving(h: Harness): Map<string, string[]> {
  const runs = new Map<string, string[]>();
  for (const e of h.sim.actionLog()) {
    const env = envOf(h, e) ?? "?";
    const list = runs.get(env) ?? [];
    if (list[list.length - 1] !== e.actor) {
      expect(list, `actor ${e.actor} acted again on ${env} after another took over`).not.to.include(e.actor);
      list.push(e.actor!);
    }
    runs.set(env, list);
  }
  return runs;
}

describe("scheduler: crash safety and several replicas", function () {
  let h: Harness;
  const schedulers: SchedulerService[] = [];

  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop();
    await h.store.close();
  });

  // Kill the driving replica after the n-th action of the second rollout.
  for (const killAfter of [1, 2, 3, 4, 5, 7]) {
    it(`a replica killed after action ${killAfter} of a rollout: another completes it without double starts`, async () => {
      await h.store.createEnvironment(daemonSpec(), h.clock.now());
      const p1 = crashable(h.clock, h.store, h.sim);
      const s1 = createScheduler({ store: p1.store, backend: p1.backend, clock: p1.clock, owner: "r1", leaseTtlMs: TTL });
      await s1.start();
      await deploy(h.store, h.clock, ENV, 1);
      await until(h.clock, () => activeAt(h, ENV, 1), 60_000, 100, "rev 1 Active");
      await h.store.updateEnvironment(ENV, 1, (s) => ({ ...s, taskDefinition: "log-daemon:2" }), h.clock.now());
      const before = h.sim.actionLog().length;
      await deploy(h.store, h.clock, ENV, 2);
      await until(h.clock, () => h.sim.actionLog().length >= before + killAfter, 60_000, 50, `action ${killAfter}`);
      p1.kill(); // SIGKILL: no release, no more timers, calls in flight never return
      const killedAt = h.clock.now();

      const s2 = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r2", leaseTtlMs: TTL });
      schedulers.push(s2);
      await s2.start();
      await until(h.clock, () => s2.held().length === 1, 2 * TTL, 100, "takeover");
      // Within one lease period (plus one renewal tick of the survivor).
      expect(h.clock.now() - killedAt).to.be.at.most(TTL + TTL / 3 + 200);
      expect(s2.held()[0]!.epoch).to.equal(2);
      await until(h.clock, () => activeAt(h, ENV, 2), 120_000, 100, "rev 2 Active after takeover");

      assertNoDoubleStarts(h);
      const runs = assertNoInterleaving(h);
      expect([...runs.values()][0]).to.deep.equal(["r1#1", "r2#2"]);
      const env = (await h.store.getEnvironment(ENV))!;
      const live = h.sim.listAllTasks("default").filter((t) => t.tags[TAG_ENVIRONMENT_ID] === env.environmentId && t.lastStatus !== "STOPPED");
      expect(live.map((t) => t.taskDefinition).sort()).to.deep.equal(Array(5).fill("log-daemon:2"));
      const journal = await h.store.readJournal(ENV, 0, 10_000);
      expect(journal.map((e) => e.sequence)).to.deep.equal(journal.map((_, i) => i + 1));
    });
  }

  it("two replicas on one store and cluster: one acts per environment; takeover with a higher epoch", async () => {
    const names = ["A/one", "B/two"];
    for (const name of names) await h.store.createEnvironment(daemonSpec({ name }), h.clock.now());
    const pa = crashable(h.clock, h.store, h.sim);
    const sa = createScheduler({ store: pa.store, backend: pa.backend, clock: pa.clock, owner: "a", leaseTtlMs: TTL });
    const sb = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "b", leaseTtlMs: TTL });
    schedulers.push(sb);
    await sa.start();
    await sb.start();
    for (const name of names) await deploy(h.store, h.clock, name, 1);
    for (const name of names) await until(h.clock, () => activeAt(h, name, 1), 60_000, 100, `${name} Active`);
    const heldA = sa.held().map((l) => l.environmentName);
    const heldB = sb.held().map((l) => l.environmentName);
    expect([...heldA, ...heldB].sort()).to.deep.equal(names);
    expect(heldA.filter((n) => heldB.includes(n))).to.deep.equal([]);
    assertNoInterleaving(h);
    expect(heldA.length, "the first replica holds something to take over").to.be.greaterThan(0);

    // Start a rollout of everything, then kill replica a in the middle of it.
    for (const name of names) {
      await h.store.updateEnvironment(name, 1, (s) => ({ ...s, taskDefinition: "log-daemon:2" }), h.clock.now());
      await deploy(h.store, h.clock, name, 2);
    }
    const before = h.sim.actionLog().length;
    await until(h.clock, () => h.sim.actionLog().length >= before + 3, 60_000, 50, "rollout under way");
    pa.kill();
    const killedAt = h.clock.now();
    await until(h.clock, () => sb.held().length === 2, 2 * TTL, 100, "b holds both");
    expect(h.clock.now() - killedAt).to.be.at.most(TTL + TTL / 3 + 200);
    for (const lease of sb.held()) {
      if (heldA.includes(lease.environmentName)) expect(lease.epoch).to.equal(2);
    }
    for (const name of names) await until(h.clock, () => activeAt(h, name, 2), 120_000, 100, `${name} rev 2 Active`);
    const runs = assertNoInterleaving(h);
    for (const [, actors] of runs) expect(actors.length).to.be.at.most(2);
    assertNoDoubleStarts(h);
  });

  it("a graceful stop releases leases so another replica takes over at once", async () => {
    await h.store.createEnvironment(daemonSpec(), h.clock.now());
    const s1 = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r1", leaseTtlMs: TTL });
    await s1.start();
    expect(s1.held().map((l) => l.environmentName)).to.deep.equal([ENV]);
    const s2 = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r2", leaseTtlMs: TTL });
    schedulers.push(s2);
    await s2.start();
    expect(s2.held()).to.deep.equal([]);
    await s1.stop();
    await flush();
    const t0 = h.clock.now();
    await until(h.clock, () => s2.held().length === 1, TTL, 100, "takeover after release");
    expect(h.clock.now() - t0).to.be.at.most(TTL / 3 + 100);
    expect(s2.held()[0]!.epoch).to.equal(2);
  });
});

describe("scheduler: a replica that cannot renew its lease", () => {
  it("stops acting (and writing status) before the lease can expire; the other takes over after expiry", async () => {
    const h = await createHarness();
    const margin = TTL / 5;
    try {
      await h.store.createEnvironment(daemonSpec(), h.clock.now());
      let cut = false;
      const partitioned = new Proxy(h.store, {
        get(t, prop, r) {
          if (prop === "acquireLease" && cut) return async () => Promise.reject(new Error("lease table unreachable"));
          const v = Reflect.get(t, prop, r);
          return typeof v === "function" ? v.bind(t) : v;
        },
      });
      const s1 = createScheduler({ store: partitioned, backend: h.sim, clock: h.clock, owner: "r1", leaseTtlMs: TTL });
      const s2 = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r2", leaseTtlMs: TTL });
      await s1.start();
      await s2.start();
      await deploy(h.store, h.clock, ENV, 1);
      await until(h.clock, () => activeAt(h, ENV, 1), 60_000);
      cut = true;
      const expiresAt = s1.held()[0]!.expiresAt;
      // Deploy shortly before r1 must stop, so the rollout spans the handover.
      await until(h.clock, () => h.clock.now() >= expiresAt - margin - 1500, TTL, 100, "near the margin");
      await h.store.updateEnvironment(ENV, 1, (s) => ({ ...s, taskDefinition: "log-daemon:2" }), h.clock.now());
      await deploy(h.store, h.clock, ENV, 2);
      await until(h.clock, () => activeAt(h, ENV, 2), 120_000, 100, "rev 2 Active");
      const r1 = h.sim.actionLog().filter((e) => e.actor === "r1#1");
      const r2 = h.sim.actionLog().filter((e) => e.actor === "r2#2");
      expect(r2.length, "r2 finished the rollout").to.be.greaterThan(0);
      for (const e of r1) expect(e.at).to.be.below(expiresAt - margin + 1);
      for (const e of r2) expect(e.at).to.be.above(expiresAt);
      assertNoInterleaving(h);
      assertNoDoubleStarts(h);
      await s1.stop();
      await s2.stop();
    } finally {
      await h.store.close();
    }
  });
});
