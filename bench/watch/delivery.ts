// Per-watcher delivery bookkeeping for the watch benchmark: did a watcher get
// every status, or a snapshot flagged `coalesced` for the ones it skipped, and
// never a silent gap or a repeat? Pure, so the rules are unit-tested.

import type { WatchHeader } from "./wire.js";
import { LatencyHistogram } from "./stats.js";

export const KIND_SNAPSHOT = 1;
export const KIND_UPDATE = 2;
export const KIND_HEARTBEAT = 3;

/** One watcher's view of its stream. */
export class WatcherDelivery {
  /** Sequence of the first message (the initial snapshot); undefined until it arrives. */
  first?: number;
  /** Highest sequence received. */
  last = 0;
  /** Updates received in order (sequence = last + 1). */
  inOrder = 0;
  /** Snapshots flagged coalesced after the first message. */
  coalesced = 0;
  /** Entries skipped behind a coalesced snapshot. */
  skippedFlagged = 0;
  /** Entries skipped without a coalesced flag: a silent gap (must stay 0). */
  silentGaps = 0;
  /** Messages whose sequence did not advance (must stay 0; heartbeats excluded). */
  repeats = 0;
  heartbeats = 0;
  /** When the message with `last` arrived (epoch ms). */
  lastReceivedAt = 0;

  /**
   * Records a message. Latency (receive time minus the message's time field)
   * goes to `latency` for every transition after the initial snapshot.
   */
  onMessage(h: WatchHeader, receivedAt: number, latency?: LatencyHistogram): void {
    if (h.kind === KIND_HEARTBEAT) {
      this.heartbeats++;
      return;
    }
    if (this.first === undefined) {
      this.first = h.sequence;
      this.last = h.sequence;
      this.lastReceivedAt = receivedAt;
      return;
    }
    if (h.sequence <= this.last) {
      this.repeats++;
      return;
    }
    const skipped = h.sequence - this.last - 1;
    if (skipped > 0) {
      if (h.coalesced) this.skippedFlagged += skipped;
      else this.silentGaps += skipped;
    }
    if (h.coalesced) this.coalesced++;
    else if (skipped === 0) this.inOrder++;
    this.last = h.sequence;
    this.lastReceivedAt = receivedAt;
    if (latency && Number.isFinite(h.timeMs)) latency.add(receivedAt - h.timeMs);
  }
}

export interface DeliverySummary {
  watchers: number;
  /** Watchers that received their first message. */
  started: number;
  /** Watchers whose last sequence reached the final one. */
  reachedFinal: number;
  /** Σ over started watchers of (final − first): what "every status" means. */
  expectedEntries: number;
  inOrder: number;
  coalescedSnapshots: number;
  skippedFlagged: number;
  silentGaps: number;
  repeats: number;
  heartbeats: number;
  /** Every watcher got every status or a flagged coalesced snapshot, and reached the final one. */
  everyStatusOrFlagged: boolean;
}

/** The summary of `watchers` watchers that received nothing (yet). */
export function emptyDeliverySummary(watchers: number): DeliverySummary {
  return {
    watchers,
    started: 0,
    reachedFinal: 0,
    expectedEntries: 0,
    inOrder: 0,
    coalescedSnapshots: 0,
    skippedFlagged: 0,
    silentGaps: 0,
    repeats: 0,
    heartbeats: 0,
    everyStatusOrFlagged: false,
  };
}

export function summarizeDelivery(watchers: readonly WatcherDelivery[], finalSequence: number): DeliverySummary {
  const s = emptyDeliverySummary(watchers.length);
  for (const w of watchers) {
    if (w.first === undefined) continue;
    s.started++;
    if (w.last >= finalSequence) s.reachedFinal++;
    s.expectedEntries += Math.max(0, finalSequence - w.first);
    s.inOrder += w.inOrder;
    s.coalescedSnapshots += w.coalesced;
    s.skippedFlagged += w.skippedFlagged;
    s.silentGaps += w.silentGaps;
    s.repeats += w.repeats;
    s.heartbeats += w.heartbeats;
  }
  s.everyStatusOrFlagged =
    watchers.length > 0 && s.started === watchers.length && s.reachedFinal === watchers.length && s.silentGaps === 0 && s.repeats === 0;
  return s;
}
