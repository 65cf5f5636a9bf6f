// A deterministic Clock for tests: time moves only when the test says so,
// and due timers run in time order (ties in scheduling order).

import type { Clock } from "../../server/clock.js";

export interface FakeClock extends Clock {
  /**
   * Moves time forward by `ms`, running every timer that falls due on the way
   * in time order, each with now() at its due time. Timers scheduled by those
   * timers run too if they fall due before the end.
   */
  advance(ms: number): void;
  /** Advances to `epochMs` (no-op when in the past). */
  advanceTo(epochMs: number): void;
  /** Runs every pending timer, advancing time to each; stops after `limit` timers (guards against self-rescheduling loops). */
  runAll(limit?: number): void;
  /** Number of pending (not cancelled, not yet run) timers. */
  pending(): number;
  /** Due time of the next pending timer, or undefined. */
  nextTimerAt(): number | undefined;
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** 2017-09-06T11:47:23Z, the doc's example time. */
export const FAKE_CLOCK_START = Date.UTC(2017, 8, 6, 11, 47, 23);

const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export function createFakeClock(startMs: number = FAKE_CLOCK_START): FakeClock {
  let now = startMs;
  let seq = 0;
  let live = 0;
  // Binary min-heap on (at, seq); cancelled timers are dropped lazily.
  const heap: Timer[] = [];

  const push = (t: Timer) => {
    heap.push(t);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const pop = (): Timer | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  const dropCancelled = () => {
    while (heap.length > 0 && heap[0].cancelled) pop();
  };
  const takeNextDue = (until: number): Timer | undefined => {
    dropCancelled();
    if (heap.length === 0 || heap[0].at > until) return undefined;
    const t = pop()!;
    t.cancelled = true; // ran: a later cancel() is a no-op
    live--;
    return t;
  };

  const clock: FakeClock = {
    now: () => now,
    setTimer(ms, fn) {
      const timer: Timer = { at: now + Math.max(0, Number.isFinite(ms) ? ms : 0), seq: seq++, fn, cancelled: false };
      push(timer);
      live++;
      return () => {
        if (!timer.cancelled) {
          timer.cancelled = true;
          live--;
        }
      };
    },
    advance(ms) {
      if (!(ms >= 0)) throw new Error(`advance: ms must be >= 0, got ${ms}`);
      clock.advanceTo(now + ms);
    },
    advanceTo(target) {
      for (;;) {
        const t = takeNextDue(target);
        if (!t) break;
        now = Math.max(now, t.at);
        t.fn();
      }
      now = Math.max(now, target);
    },
    runAll(limit = 100_000) {
      for (let i = 0; i < limit; i++) {
        const t = takeNextDue(Infinity);
        if (!t) return;
        now = Math.max(now, t.at);
        t.fn();
      }
      throw new Error(`runAll: more than ${limit} timers ran; a timer keeps rescheduling itself`);
    },
    pending: () => live,
    nextTimerAt() {
      dropCancelled();
      return heap[0]?.at;
    },
  };
  return clock;
}
