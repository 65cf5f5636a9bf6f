import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScheduler } from "../../server/reconciler/scheduler-service.js";
import { createStatusReader } from "../../server/status/status-reader.js";
import { createSqliteStore } from "../../server/store/sqlite-store.js";
import type { BloxStore, JournalEntry } from "../../server/store/store.js";
import { createWatchHub, type WatchHubService } from "../../server/watch/hub.js";
import type { WatchMessage } from "../../server/watch/hub-types.js";
import { statusWithHealthy } from "./support/fast-path-fixtures.js";
import { createFakeClock, type FakeClock } from "../support/fake-clock.js";
import { createHarness, daemonSpec, deploy, ENV, flush, until } from "../reconciler/support/harness.js";


async function append(store: BloxStore, clock: FakeClock, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const latest = (await store.latestJournal(ENV))?.sequence ?? 0;
    await store.appendJournal({
      environmentName: ENV,
      sequence: latest + 1,
      time: clock.now(),
      status: statusWithHealthy(latest + 1, ENV),
      events: [{ type: "revision_status_changed", time: clock.now(), message: `entry ${latest + 1}` }],
    });
  }
}

function iterate(hub: WatchHubService, afterSequence?: number) {
  const controller = new AbortController();
  const iterator = hub.subscribe(ENV, { afterSequence, signal: controller.signal })[Symbol.asyncIterator]();
  return { iterator, controller, next: async () => (await iterator.next()).value as WatchMessage };
}

/** Reads `n` messages. */
async function take(w: ReturnType<typeof iterate>, n: number): Promise<WatchMessage[]> {
  const out: WatchMessage[] = [];
  for (let i = 0; i < n; i++) out.push(await w.next());
  return out;
}

describe("watch hub", () => {
  let clock: FakeClock;
  let store: BloxStore;
  let hub: WatchHubService;

  beforeEach(async () => {
    clock = createFakeClock();
    store = createSqliteStore({ path: ":memory:" });
    await store.init();
    await store.createEnvironment(daemonSpec(), clock.now());
    hub = createWatchHub({ store, clock, heartbeatIntervalMs: 15_000, bufferSize: 8, journalReadBatch: 4 });
  });
  afterEach(async () => {
    await hub.close();
    await store.close();
  });

  it("starts with a snapshot, then one update per entry, in order, without gaps", async () => {
    await append(store, clock, 3);
    const w = iterate(hub);
    const first = await w.next();
    expect([first.kind, first.sequence, first.coalesced]).to.deep.equal(["snapshot", 3, false]);
    expect(first.status!.healthy).to.equal(3);
    await append(store, clock, 6);
    const updates = await take(w, 6);
    expect(updates.map((m) => m.kind)).to.deep.equal(Array(6).fill("update"));
    expect(updates.map((m) => m.sequence)).to.deep.equal([4, 5, 6, 7, 8, 9]);
    expect(updates.map((m) => m.status!.healthy)).to.deep.equal([4, 5, 6, 7, 8, 9]);
    expect(updates[0]!.events.map((e) => e.message)).to.deep.equal(["entry 4"]);
    w.controller.abort();
  });

  it("resumes after a sequence with exactly the missed entries, then goes live", async () => {
    await append(store, clock, 10);
    const w = iterate(hub, 3);
    const replay = await take(w, 7);
    expect(replay.map((m) => [m.kind, m.sequence])).to.deep.equal([4, 5, 6, 7, 8, 9, 10].map((s) => ["update", s]));
    await append(store, clock, 1);
    const live = await w.next();
    expect([live.kind, live.sequence]).to.deep.equal(["update", 11]);
    w.controller.abort();
  });

  it("a resume from the latest sequence sends nothing until the next entry", async () => {
    await append(store, clock, 2);
    const w = iterate(hub, 2);
    const pending = w.next();
    await flush();
    await append(store, clock, 1);
    const m = await pending;
    expect([m.kind, m.sequence]).to.deep.equal(["update", 3]);
    w.controller.abort();
  });

  it("sends a coalesced snapshot when the missed history was trimmed, or the sequence is unknown", async () => {
    await append(store, clock, 10);
    await store.trimJournal(ENV, 3);
    const w = iterate(hub, 2);
    const m = await w.next();
    expect([m.kind, m.sequence, m.coalesced]).to.deep.equal(["snapshot", 10, true]);
    expect(m.status!.healthy).to.equal(10);
    w.controller.abort();

    const future = iterate(hub, 99);
    const f = await future.next();
    expect([f.kind, f.sequence, f.coalesced]).to.deep.equal(["snapshot", 10, true]);
    future.controller.abort();
  });

  it("a slow watcher gets a coalesced snapshot and does not delay the others", async () => {
    await append(store, clock, 1);
    const slow = iterate(hub);
    const fast = iterate(hub);
    expect((await slow.next()).sequence).to.equal(1);
    expect((await fast.next()).sequence).to.equal(1);
    // 30 entries > bufferSize 8: the fast watcher reads each as it comes, the slow one reads nothing.
    for (let i = 0; i < 30; i++) {
      await append(store, clock, 1);
      const m = await fast.next();
      expect([m.kind, m.sequence]).to.deep.equal(["update", i + 2]);
    }
    const resumed = await slow.next();
    expect([resumed.kind, resumed.sequence, resumed.coalesced]).to.deep.equal(["snapshot", 31, true]);
    expect(resumed.status!.healthy).to.equal(31);
    await append(store, clock, 1);
    expect((await slow.next()).sequence).to.equal(32);
    slow.controller.abort();
    fast.controller.abort();
  });

  it("one never-reading watcher among many: the others see every sequence", async () => {
    const stuck = iterate(hub);
    await stuck.next();
    const watchers = Array.from({ length: 200 }, () => iterate(hub));
    await Promise.all(watchers.map((w) => w.next()));
    const reading = Promise.all(watchers.map(async (w) => (await take(w, 20)).map((m) => m.sequence)));
    for (let i = 0; i < 20; i++) {
      await append(store, clock, 1);
      await flush(1);
    }
    const seen = await reading;
    for (const s of seen) expect(s).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(hub.producerCount()).to.equal(1);
    const resumed = await stuck.next();
    expect([resumed.kind, resumed.sequence, resumed.coalesced]).to.deep.equal(["snapshot", 20, true]);
    for (const w of [stuck, ...watchers]) w.controller.abort();
    expect(hub.producerCount()).to.equal(0);
  });

  it("sends heartbeats on idle streams, at the configured interval", async () => {
    await append(store, clock, 2);
    const w = iterate(hub);
    await w.next();
    const pending = w.next();
    let settled = false;
    void pending.then(() => (settled = true));
    clock.advance(14_999);
    await flush();
    expect(settled).to.equal(false);
    clock.advance(1);
    const hb = await pending;
    expect([hb.kind, hb.sequence, hb.events.length]).to.deep.equal(["heartbeat", 2, 0]);
    expect(hb.status).to.equal(undefined);
    w.controller.abort();
  });

  it("abort ends the stream and releases the producer, its listeners and its timers", async () => {
    const timersBefore = clock.pending();
    await append(store, clock, 1);
    const w = iterate(hub);
    await w.next();
    const pending = w.next();
    await flush();
    expect(hub.producerCount()).to.equal(1);
    expect(clock.pending()).to.be.greaterThan(timersBefore);
    w.controller.abort();
    expect((await w.iterator.next()).done).to.equal(true);
    expect(await pending).to.equal(undefined); // the waiting next() ends (done)
    expect(hub.producerCount()).to.equal(0);
    expect(clock.pending()).to.equal(timersBefore);
  });

  it("breaking out of for-await releases the producer too", async () => {
    await append(store, clock, 1);
    const controller = new AbortController();
    for await (const m of hub.subscribe(ENV, { signal: controller.signal })) {
      expect(m.kind).to.equal("snapshot");
      break;
    }
    expect(hub.producerCount()).to.equal(0);
  });

  it("rejects a bad afterSequence and an unknown environment", async () => {
    const signal = new AbortController().signal;
    expect(() => hub.subscribe(ENV, { afterSequence: -1, signal })).to.throw(/afterSequence/);
    const it = hub.subscribe("Nope", { signal })[Symbol.asyncIterator]();
    try {
      await it.next();
      expect.fail("an unknown environment must fail");
    } catch (err) {
      expect((err as { code?: number }).code).to.equal(5);
    }
    expect(hub.producerCount()).to.equal(0);
  });

  it("refuses an unknown environment with NOT_FOUND on resume too (afterSequence 0), also when describe is wired", async () => {
    const described = createWatchHub({
      store,
      clock,
      describe: async (name) => {
        if (name !== ENV) throw Object.assign(new Error(`environment ${JSON.stringify(name)} not found`), { code: 5 });
        return { status: statusWithHealthy(0, ENV), sequence: 0 };
      },
    });
    try {
      for (const [h, afterSequence] of [[hub, 0], [described, 0], [described, undefined], [described, 3]] as const) {
        const it = h.subscribe("Nope", { afterSequence, signal: new AbortController().signal })[Symbol.asyncIterator]();
        // Under the fake clock a stream that wrongly opens just waits: give up after 1 s of real time.
        const err = await Promise.race([
          it.next().then(
            () => ({ code: -1 }),
            (e: unknown) => e as { code?: number },
          ),
          new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -2 }), 1000)),
        ]);
        await it.return?.();
        expect(err?.code, `subscribe after ${afterSequence}`).to.equal(5);
        const err2 = await h.initialMessages("Nope", afterSequence).then(
          () => undefined,
          (e: unknown) => e as { code?: number },
        );
        expect(err2?.code, `initialMessages after ${afterSequence}`).to.equal(5);
      }
      // The known environment, nothing journaled yet: resuming at 0 has nothing to replay.
      expect(await described.initialMessages(ENV, 0)).to.deep.equal([]);
      expect(described.producerCount()).to.equal(0);
    } finally {
      await described.close();
    }
  });

  it("onEntry: every entry once, in order; initialMessages computes the replay", async () => {
    const got: JournalEntry[] = [];
    const off = hub.onEntry(ENV, (e) => got.push(e));
    await flush();
    await append(store, clock, 5);
    await flush();
    expect(got.map((e) => e.sequence)).to.deep.equal([1, 2, 3, 4, 5]);
    off();
    expect(hub.producerCount()).to.equal(0);
    expect((await hub.initialMessages(ENV, 2)).map((m) => [m.kind, m.sequence])).to.deep.equal([
      ["update", 3],
      ["update", 4],
      ["update", 5],
    ]);
    expect((await hub.initialMessages(ENV)).map((m) => [m.kind, m.sequence])).to.deep.equal([["snapshot", 5]]);
  });

  it("a resume from a sequence the store has but the producer has not heard of yet replays from there, never a stale snapshot", async () => {
    const deaf: BloxStore = new Proxy(store, {
      get(t, prop, r) {
        if (prop === "subscribe") return () => () => {};
        const v = Reflect.get(t, prop, r);
        return typeof v === "function" ? v.bind(t) : v;
      },
    });
    const lagging = createWatchHub({ store: deaf, clock, pollIntervalMs: 1000 });
    try {
      await append(store, clock, 3);
      const a = lagging.subscribe(ENV, { signal: new AbortController().signal })[Symbol.asyncIterator]();
      expect(((await a.next()).value as WatchMessage).sequence).to.equal(3); // the producer is at 3
      await append(store, clock, 1); // 4: written (e.g. by another replica), not yet heard of
      // A client that saw 4 elsewhere (DescribeEnvironmentStatus, another replica) resumes here.
      expect(await lagging.initialMessages(ENV, 4)).to.deep.equal([]);
      const b = lagging.subscribe(ENV, { afterSequence: 4, signal: new AbortController().signal })[Symbol.asyncIterator]();
      const pending = b.next();
      await flush();
      await append(store, clock, 1); // 5
      clock.advance(1000);
      const m = (await pending).value as WatchMessage;
      expect([m.kind, m.sequence, m.coalesced]).to.deep.equal(["update", 5, false]);
      await a.return!();
      await b.return!();
    } finally {
      await lagging.close();
    }
  });

  it("picks up entries by polling when a store notification is missed", async () => {
    const deaf: BloxStore = new Proxy(store, {
      get(t, prop, r) {
        if (prop === "subscribe") return () => () => {};
        const v = Reflect.get(t, prop, r);
        return typeof v === "function" ? v.bind(t) : v;
      },
    });
    const polling = createWatchHub({ store: deaf, clock, pollIntervalMs: 1000 });
    const w = polling.subscribe(ENV, { afterSequence: 0, signal: new AbortController().signal })[Symbol.asyncIterator]();
    const pending = w.next();
    await flush();
    await append(store, clock, 1);
    clock.advance(1000);
    const m = (await pending).value as WatchMessage;
    expect([m.kind, m.sequence]).to.deep.equal(["update", 1]);
    await polling.close();
  });
});

describe("watch hub across replicas and with the scheduler", () => {
  it("a watcher on replica A sees the entries written through replica B, same sequences, in order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blox-watch-"));
    const clock = createFakeClock();
    const a = createSqliteStore({ path: join(dir, "blox.db") });
    const b = createSqliteStore({ path: join(dir, "blox.db") });
    try {
      await a.init();
      await b.init();
      await b.createEnvironment(daemonSpec(), clock.now());
      const hubA = createWatchHub({ store: a, clock });
      const w = hubA.subscribe(ENV, { afterSequence: 0, signal: new AbortController().signal })[Symbol.asyncIterator]();
      await append(b, clock, 5);
      const seqs: number[] = [];
      for (let i = 0; i < 5; i++) seqs.push(((await w.next()).value as WatchMessage).sequence);
      expect(seqs).to.deep.equal([1, 2, 3, 4, 5]);
      await hubA.close();
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a watcher connected before a deploy sees every transition; its last message equals the latest status", async () => {
    const h = await createHarness();
    await h.store.createEnvironment(daemonSpec(), h.clock.now());
    const scheduler = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r1" });
    const reader = createStatusReader({ store: h.store, backend: h.sim, clock: h.clock });
    const hub = createWatchHub({ store: h.store, clock: h.clock, describe: (n) => reader.describe(n, { instances: false }) });
    const controller = new AbortController();
    const messages: WatchMessage[] = [];
    const reading = (async () => {
      for await (const m of hub.subscribe(ENV, { signal: controller.signal })) messages.push(m);
    })();
    await flush();
    await scheduler.start();
    await deploy(h.store, h.clock, ENV, 1);
    await until(h.clock, async () => (await h.store.latestJournal(ENV))?.status.status === "Active", 60_000);
    await flush();
    const latest = (await h.store.latestJournal(ENV))!;
    controller.abort();
    await reading;
    const data = messages.filter((m) => m.kind !== "heartbeat");
    expect(data[0]!.kind).to.equal("snapshot");
    expect(data[0]!.sequence).to.equal(0); // nothing journaled yet: described
    expect(data.slice(1).map((m) => m.sequence)).to.deep.equal(Array.from({ length: latest.sequence }, (_, i) => i + 1));
    expect(data[data.length - 1]!.status).to.deep.equal(latest.status);
    const revisionStatuses = data.map((m) => m.status?.revisions.find((r) => r.revision === 1)?.status);
    expect(revisionStatuses).to.include.members(["Created", "Deploying", "Active"]);
    expect(hub.producerCount()).to.equal(0);
    await scheduler.stop();
    await hub.close();
    await h.store.close();
  });
});
