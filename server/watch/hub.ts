// Fan-out of an environment's status journal to its watchers.
//
// One producer per environment with watchers: it tails the journal in the
// store (woken by store.subscribe, and polling in case a notification is
// missed or written by a process the store cannot hear), so every replica
// streams the same entries with the same sequences, in order. Each watcher
// has a bounded queue; on overflow its backlog is dropped and it receives the
// latest full status as a snapshot flagged `coalesced`. Publishing is O(1)
// per watcher and never waits on one, so a stuck watcher cannot slow the
// producer or the others. A watcher that is behind the queue (resume after a
// sequence) catches up by reading the journal itself, in pages.

import type { Clock } from "../clock.js";
import type { Logger } from "../observability/logger.js";
import type { BloxMetrics } from "../observability/metrics.js";
import type { EnvironmentStatusSnapshot } from "../domain/status.js";
import { invalidArgument, notFound } from "../errors.js";
import type { BloxStore, JournalEntry } from "../store/store.js";
import type { WatchHub, WatchMessage } from "./hub-types.js";

export interface WatchHubOptions {
  store: BloxStore;
  clock: Clock;
  /** An idle stream gets a heartbeat after this long without a message. Default 15 s. */
  heartbeatIntervalMs?: number;
  /** Entries queued per watcher before it is coalesced to a snapshot. Default 64. */
  bufferSize?: number;
  /** Journal entries read per store call when tailing or replaying. Default 256. */
  journalReadBatch?: number;
  /** The producer re-reads the journal this often even without a notification. Default 2 s. */
  pollIntervalMs?: number;
  /**
   * The environment's current status (wire it to StatusReader.describe): the
   * first snapshot of a new stream, so it shows writes the journal has not
   * caught up with, and the status of an environment with nothing journaled.
   * Without it a stream starts with the latest journal entry, or a snapshot
   * with no status at sequence 0. Throws NOT_FOUND for an unknown environment.
   */
  describe?: (environmentName: string) => Promise<{ status: EnvironmentStatusSnapshot; sequence: number; journaled?: boolean }>;
  logger?: Logger;
  /** Counts the messages written to streams. */
  metrics?: BloxMetrics;
}

export interface WatchHubService extends WatchHub {
  /**
   * Low-level feed: `listener` gets every journal entry of the environment,
   * in order, once (e.g. to serialize each entry once for a gRPC fast path).
   * Keeps the environment's producer alive until the returned function is called.
   */
  onEntry(environmentName: string, listener: (entry: JournalEntry) => void): () => void;
  /**
   * The first messages of a stream, computed once: a snapshot of the latest
   * status, or the entries after `afterSequence` (a coalesced snapshot when
   * that history was trimmed or the sequence is unknown).
   */
  initialMessages(environmentName: string, afterSequence?: number): Promise<WatchMessage[]>;
  /** Environments with a running producer (tests, metrics). */
  producerCount(): number;
  /** Open subscribe() streams (metrics). */
  watcherCount(): number;
}

const updateOf = (e: JournalEntry): WatchMessage => ({
  kind: "update",
  sequence: e.sequence,
  time: e.time,
  status: e.status,
  events: e.events,
  coalesced: false,
});

const snapshotOf = (e: JournalEntry, coalesced: boolean): WatchMessage => ({
  kind: "snapshot",
  sequence: e.sequence,
  time: e.time,
  status: e.status,
  events: [],
  coalesced,
});

function checkAfterSequence(afterSequence: number | undefined): void {
  if (afterSequence === undefined) return;
  if (!Number.isSafeInteger(afterSequence) || afterSequence < 0) {
    throw invalidArgument("afterSequence", `must be a non-negative integer, got ${afterSequence}`);
  }
}

export function createWatchHub(options: WatchHubOptions): WatchHubService {
  const { store, clock, logger, metrics } = options;
  const heartbeatMs = options.heartbeatIntervalMs ?? 15_000;
  const bufferSize = Math.max(1, options.bufferSize ?? 64);
  const batch = Math.max(1, options.journalReadBatch ?? 256);
  const pollMs = options.pollIntervalMs ?? 2_000;
  const producers = new Map<string, Producer>();
  let closed = false;

  class Producer {
    readonly watchers = new Set<Watcher>();
    readonly listeners = new Set<(entry: JournalEntry) => void>();
    lastSequence = 0;
    latest?: JournalEntry;
    initialized = false;
    ready: Promise<void>;
    private tailing = false;
    private dirty = false;
    private stopped = false;
    private readonly unsubscribe: () => void;
    private cancelPoll?: () => void;

    constructor(readonly name: string) {
      this.unsubscribe = store.subscribe((n) => {
        if (n === name) this.kick();
      });
      this.ready = this.init();
      this.armPoll();
    }

    private async init(): Promise<void> {
      try {
        const latest = await store.latestJournal(this.name);
        if (this.stopped || this.initialized) return;
        this.latest = latest;
        this.lastSequence = latest?.sequence ?? 0;
        this.initialized = true;
      } catch (err) {
        logger?.warn("watch producer could not read the journal; will retry", { environment: this.name, error: String(err) });
        return;
      }
      this.kick(); // entries that landed during init
    }

    private armPoll(): void {
      if (this.stopped) return;
      this.cancelPoll = clock.setTimer(pollMs, () => {
        if (!this.initialized) this.ready = this.init();
        else this.kick();
        this.armPoll();
      });
    }

    get idle(): boolean {
      return this.watchers.size === 0 && this.listeners.size === 0;
    }

    kick(): void {
      if (this.stopped || !this.initialized) return;
      if (this.tailing) {
        this.dirty = true;
        return;
      }
      void this.tail();
    }

    private async tail(): Promise<void> {
      this.tailing = true;
      try {
        do {
          this.dirty = false;
          for (;;) {
            const entries = await store.readJournal(this.name, this.lastSequence, batch);
            if (this.stopped) return;
            for (const e of entries) if (e.sequence > this.lastSequence) this.publish(e);
            if (entries.length < batch) break;
          }
        } while (this.dirty && !this.stopped);
      } catch (err) {
        logger?.warn("watch producer could not tail the journal; will retry", { environment: this.name, error: String(err) });
      } finally {
        this.tailing = false;
      }
    }

    private publish(e: JournalEntry): void {
      const gap = e.sequence !== this.lastSequence + 1;
      this.lastSequence = e.sequence;
      this.latest = e;
      for (const w of this.watchers) w.offer(e, gap);
      for (const l of [...this.listeners]) {
        try {
          l(e);
        } catch (err) {
          logger?.warn("watch entry listener threw", { environment: this.name, error: String(err) });
        }
      }
    }

    /** Drops the producer once nobody listens. */
    release(): void {
      if (!this.idle || this.stopped) return;
      this.stopped = true;
      this.unsubscribe();
      this.cancelPoll?.();
      if (producers.get(this.name) === this) producers.delete(this.name);
    }
  }

  const producerFor = (name: string): Producer => {
    let p = producers.get(name);
    if (!p) producers.set(name, (p = new Producer(name)));
    return p;
  };

  /** The latest entry as seen by the store itself (the producer may lag a notification). */
  const latestEntry = async (p: Producer): Promise<JournalEntry | undefined> => {
    await p.ready;
    if (p.initialized) return p.latest;
    return store.latestJournal(p.name);
  };

  /** The environment's current status as a snapshot (describe's, when wired; else an empty one). */
  const currentSnapshot = async (name: string): Promise<WatchMessage> => {
    if (options.describe) {
      const d = await options.describe(name);
      return { kind: "snapshot", sequence: d.sequence, time: clock.now(), status: d.status, events: [], coalesced: false };
    }
    if (!(await store.getEnvironment(name))) throw notFound(`environment ${JSON.stringify(name)} not found`);
    return { kind: "snapshot", sequence: 0, time: clock.now(), events: [], coalesced: false };
  };

  class Watcher implements AsyncIterator<WatchMessage> {
    private queue: JournalEntry[] = [];
    private overflowed = false;
    private replay: JournalEntry[] = [];
    private started = false;
    private done = false;
    private cursor = 0;
    private lastSentAt: number;
    private waiter?: () => void;
    private readonly onAbort = () => this.close();

    constructor(
      private readonly producer: Producer,
      private readonly afterSequence: number | undefined,
      private readonly signal: AbortSignal,
    ) {
      this.lastSentAt = clock.now();
      producer.watchers.add(this);
      signal.addEventListener("abort", this.onAbort, { once: true });
    }

    /** Called by the producer for every entry; never blocks. */
    offer(e: JournalEntry, gap: boolean): void {
      if (this.done || this.overflowed) return;
      if (gap || this.queue.length >= bufferSize) {
        this.overflowed = true;
        this.queue = [];
      } else {
        this.queue.push(e);
      }
      this.waiter?.();
    }

    close(): void {
      if (this.done) return;
      this.done = true;
      this.queue = [];
      this.replay = [];
      this.signal.removeEventListener("abort", this.onAbort);
      this.producer.watchers.delete(this);
      this.producer.release();
      this.waiter?.();
    }

    async return(): Promise<IteratorResult<WatchMessage>> {
      this.close();
      return { done: true, value: undefined };
    }

    async next(): Promise<IteratorResult<WatchMessage>> {
      try {
        const message = await this.produce();
        if (!message) return { done: true, value: undefined };
        this.lastSentAt = clock.now();
        metrics?.watchMessages.add(1, { path: "connect", kind: message.coalesced ? "coalesced" : message.kind === "heartbeat" ? "heartbeat" : "message" });
        return { done: false, value: message };
      } catch (err) {
        this.close();
        throw err;
      }
    }

    private sent(message: WatchMessage): WatchMessage | undefined {
      if (this.done) return undefined;
      if (message.kind !== "heartbeat") this.cursor = message.sequence;
      return message;
    }

    private async produce(): Promise<WatchMessage | undefined> {
      if (this.done) return undefined;
      if (!this.started) {
        this.started = true;
        const first = await this.first();
        if (first) return this.sent(first);
      }
      for (;;) {
        if (this.done) return undefined;
        if (this.overflowed) {
          this.overflowed = false;
          this.queue = [];
          this.replay = [];
          const latest = await latestEntry(this.producer);
          if (latest && latest.sequence > this.cursor) return this.sent(snapshotOf(latest, true));
          continue;
        }
        while (this.replay.length > 0 && this.replay[0]!.sequence <= this.cursor) this.replay.shift();
        if (this.replay.length > 0) return this.sent(updateOf(this.replay.shift()!));
        while (this.queue.length > 0 && this.queue[0]!.sequence <= this.cursor) this.queue.shift();
        if (this.queue.length > 0 && this.queue[0]!.sequence === this.cursor + 1) {
          return this.sent(updateOf(this.queue.shift()!));
        }
        if (this.cursor < this.producer.lastSequence) {
          // Behind the live queue (resuming, or entries that predate this
          // watcher): read the missed entries from the journal.
          const entries = await store.readJournal(this.producer.name, this.cursor, batch);
          if (this.done) return undefined;
          if (entries.length === 0 || entries[0]!.sequence !== this.cursor + 1) {
            const latest = await latestEntry(this.producer);
            if (latest && latest.sequence > this.cursor) return this.sent(snapshotOf(latest, true)); // history trimmed
            continue;
          }
          this.replay = entries;
          continue;
        }
        const beat = await this.wait();
        if (beat && !this.done) {
          return { kind: "heartbeat", sequence: this.cursor, time: clock.now(), events: [], coalesced: false };
        }
      }
    }

    /** The first message: a snapshot, or nothing when resuming (the loop replays). */
    async first(): Promise<WatchMessage | undefined> {
      let latest = await latestEntry(this.producer);
      if (this.afterSequence !== undefined && this.afterSequence > (latest?.sequence ?? 0)) {
        // The producer may lag the store (a missed notification, another
        // replica's write): ask the store before calling the sequence unknown,
        // or the client would get a snapshot older than what it has seen.
        const stored = await store.latestJournal(this.producer.name);
        if (stored && stored.sequence > (latest?.sequence ?? 0)) {
          latest = stored;
          this.producer.kick();
        }
      }
      if (this.afterSequence === undefined) {
        if (!options.describe) return latest ? snapshotOf(latest, false) : currentSnapshot(this.producer.name);
        // Read your writes: the journal lags an acknowledged RPC until the
        // scheduler's next pass; describe plans that write in, as it does for
        // DescribeEnvironmentStatus.
        const described = await options.describe(this.producer.name);
        // Up to date: the entry itself, byte for byte the same for every watcher.
        if (latest && (described.journaled || latest.sequence > described.sequence)) return snapshotOf(latest, false);
        return { kind: "snapshot", sequence: described.sequence, time: clock.now(), status: described.status, events: [], coalesced: false };
      }
      const latestSeq = latest?.sequence ?? 0;
      // Nothing journaled: the environment may not exist at all. currentSnapshot
      // throws NOT_FOUND then, whatever afterSequence says (even 0, which would
      // otherwise open an empty stream on a name nobody created).
      const empty = latest ? undefined : await currentSnapshot(this.producer.name);
      if (this.afterSequence > latestSeq) {
        // A sequence this environment never reached (recreated, or another
        // store): the client's view is unrelated; start it over.
        if (latest) return snapshotOf(latest, true);
        return { ...empty!, coalesced: true };
      }
      this.cursor = this.afterSequence;
      return undefined;
    }

    /** Waits for an entry, an abort, or the heartbeat; true for a heartbeat. */
    private wait(): Promise<boolean> {
      return new Promise<boolean>((resolve) => {
        const due = Math.max(0, this.lastSentAt + heartbeatMs - clock.now());
        const cancel = clock.setTimer(due, () => finish(true));
        const finish = (beat: boolean) => {
          cancel();
          this.waiter = undefined;
          resolve(beat);
        };
        this.waiter = () => finish(false);
      });
    }
  }

  const hub: WatchHubService = {
    subscribe(environmentName, { afterSequence, signal }) {
      checkAfterSequence(afterSequence);
      if (closed) throw new Error("watch hub is closed");
      return {
        [Symbol.asyncIterator]: () => {
          if (signal.aborted) {
            return { next: async () => ({ done: true, value: undefined }) } as AsyncIterator<WatchMessage>;
          }
          return new Watcher(producerFor(environmentName), afterSequence, signal);
        },
      };
    },

    onEntry(environmentName, listener) {
      const p = producerFor(environmentName);
      const entry = (e: JournalEntry) => listener(e);
      p.listeners.add(entry);
      return () => {
        p.listeners.delete(entry);
        p.release();
      };
    },

    async initialMessages(environmentName, afterSequence) {
      checkAfterSequence(afterSequence);
      const controller = new AbortController();
      const w = new Watcher(producerFor(environmentName), afterSequence, controller.signal);
      try {
        const out: WatchMessage[] = [];
        const first = await w.first();
        if (first) return [first];
        // Replay: read the journal up to its end now.
        let cursor = afterSequence ?? 0;
        for (;;) {
          const entries = await store.readJournal(environmentName, cursor, batch);
          if (entries.length === 0) break;
          if (entries[0]!.sequence !== cursor + 1) {
            const latest = await store.latestJournal(environmentName);
            return latest ? [snapshotOf(latest, true)] : out;
          }
          for (const e of entries) out.push(updateOf(e));
          cursor = entries[entries.length - 1]!.sequence;
          if (entries.length < batch) break;
        }
        return out;
      } finally {
        controller.abort();
      }
    },

    producerCount: () => producers.size,

    watcherCount() {
      let n = 0;
      for (const p of producers.values()) n += p.watchers.size;
      return n;
    },

    async close() {
      closed = true;
      for (const p of [...producers.values()]) {
        for (const w of [...p.watchers]) w.close();
        p.listeners.clear();
        p.release();
      }
    },
  };
  return hub;
}
