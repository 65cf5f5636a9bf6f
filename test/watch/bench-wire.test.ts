// The watch benchmark's hand-written wire reader and delivery rules: what the
// scale figures rest on, checked against protobuf-es and by invariants.

import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { expect } from "chai";
import {
  EnvironmentStatus,
  EventType,
  WatchEnvironmentStatusRequestSchema,
  WatchEnvironmentStatusResponseSchema,
  WatchMessageKind,
} from "../../gen/blox/v1/environment_pb.js";
import { summarizeDelivery, WatcherDelivery } from "../../bench/watch/delivery.js";
import { LatencyHistogram } from "../../bench/watch/stats.js";
import { decodeWatchHeader, encodeWatchRequest, frame, FrameReader, WireDecodeError } from "../../bench/watch/wire.js";

describe("bench/watch wire", () => {
  const cases: { name: string; sequence: bigint; timeMs?: number; nanos?: number; kind: WatchMessageKind; coalesced: boolean; withStatus: boolean }[] = [
    { name: "empty heartbeat", sequence: 0n, kind: WatchMessageKind.HEARTBEAT, coalesced: false, withStatus: false },
    { name: "update with status and events", sequence: 7n, timeMs: 1_700_000_000_123, kind: WatchMessageKind.UPDATE, coalesced: false, withStatus: true },
    { name: "coalesced snapshot", sequence: 300n, timeMs: 1_700_000_000_999, kind: WatchMessageKind.SNAPSHOT, coalesced: true, withStatus: true },
    { name: "large sequence", sequence: 2n ** 45n + 3n, timeMs: 5, kind: WatchMessageKind.UPDATE, coalesced: false, withStatus: false },
    { name: "sub-millisecond nanos truncate", sequence: 1n, timeMs: 1000, nanos: 999_999, kind: WatchMessageKind.UPDATE, coalesced: false, withStatus: false },
  ];
  for (const c of cases) {
    it(`decodes sequence, time, kind and coalesced: ${c.name}`, () => {
      const seconds = c.timeMs === undefined ? undefined : BigInt(Math.floor(c.timeMs / 1000));
      const nanos = c.timeMs === undefined ? 0 : (c.timeMs % 1000) * 1e6 + (c.nanos ?? 0);
      const message = create(WatchEnvironmentStatusResponseSchema, {
        sequence: c.sequence,
        time: seconds === undefined ? undefined : { seconds, nanos },
        kind: c.kind,
        coalesced: c.coalesced,
        status: c.withStatus ? { environmentName: "Env/Prod", status: EnvironmentStatus.ACTIVE, healthy: 5, total: 5, revisions: [{ revision: 1n, taskDefinition: "x:1" }] } : undefined,
        events: c.withStatus ? [{ sequence: c.sequence, type: EventType.FROZEN, message: "m" }] : [],
      });
      const h = decodeWatchHeader(toBinary(WatchEnvironmentStatusResponseSchema, message));
      expect(h.sequence).to.equal(Number(c.sequence));
      expect(h.kind).to.equal(c.kind);
      expect(h.coalesced).to.equal(c.coalesced);
      if (c.timeMs === undefined) expect(h.timeMs).to.be.NaN;
      else expect(h.timeMs).to.equal(c.timeMs);
    });
  }

  it("refuses truncated input with the offset", () => {
    const bytes = toBinary(WatchEnvironmentStatusResponseSchema, create(WatchEnvironmentStatusResponseSchema, { sequence: 300n, time: { seconds: 5n } }));
    expect(() => decodeWatchHeader(bytes.subarray(0, 2))).to.throw(WireDecodeError, /at byte/);
    expect(() => decodeWatchHeader(bytes.subarray(0, bytes.length - 1))).to.throw(WireDecodeError);
  });

  it("encodes a request protobuf-es reads back", () => {
    for (const r of [{ environmentName: "SomeEnvironment/Prod" }, { environmentName: "é/x", all: true, afterSequence: 2 ** 40 + 1 }, { environmentName: "a", afterSequence: 0 }]) {
      const decoded = fromBinary(WatchEnvironmentStatusRequestSchema, encodeWatchRequest(r));
      expect(decoded.environmentName).to.equal(r.environmentName);
      expect(decoded.all).to.equal(r.all ?? false);
      expect(decoded.afterSequence).to.equal(r.afterSequence === undefined ? undefined : BigInt(r.afterSequence));
    }
  });

  it("FrameReader yields the same frames however the bytes are split", () => {
    const payloads = [Buffer.from("a"), Buffer.alloc(0), Buffer.alloc(300, 7), Buffer.from("last")];
    const bytes = Buffer.concat(payloads.map((p, i) => frame(p, i === 3 ? 2 : 0)));
    for (let split = 1; split <= bytes.length; split++) {
      const reader = new FrameReader();
      const got = [];
      for (let off = 0; off < bytes.length; off += split) got.push(...reader.push(bytes.subarray(off, off + split)));
      expect(got.map((f) => f.payload.toString("hex")), `split ${split}`).to.deep.equal(payloads.map((p) => p.toString("hex")));
      expect(got.map((f) => f.flags)).to.deep.equal([0, 0, 0, 2]);
      expect(reader.buffered).to.equal(0);
    }
  });
});

describe("bench/watch delivery and latency", () => {
  const msg = (sequence: number, kind = 2, coalesced = false, timeMs = 1000) => ({ sequence, kind, coalesced, timeMs });

  it("counts in-order updates, flagged skips, silent gaps and repeats", () => {
    const table: { name: string; stream: ReturnType<typeof msg>[]; final: number; ok: boolean; expect: Partial<WatcherDelivery> }[] = [
      { name: "every status", stream: [msg(5, 1), msg(6), msg(7), msg(7, 3)], final: 7, ok: true, expect: { inOrder: 2, heartbeats: 1 } },
      { name: "flagged coalesced snapshot", stream: [msg(5, 1), msg(6), msg(9, 1, true)], final: 9, ok: true, expect: { inOrder: 1, coalesced: 1, skippedFlagged: 2 } },
      { name: "silent gap", stream: [msg(5, 1), msg(8)], final: 8, ok: false, expect: { silentGaps: 2 } },
      { name: "repeat", stream: [msg(5, 1), msg(6), msg(6)], final: 6, ok: false, expect: { repeats: 1 } },
      { name: "never reached the final status", stream: [msg(5, 1), msg(6)], final: 7, ok: false, expect: { inOrder: 1 } },
    ];
    for (const t of table) {
      const w = new WatcherDelivery();
      const latency = new LatencyHistogram();
      for (const m of t.stream) w.onMessage(m, 1010, latency);
      for (const [k, v] of Object.entries(t.expect)) expect((w as unknown as Record<string, unknown>)[k], `${t.name}: ${k}`).to.equal(v);
      const s = summarizeDelivery([w], t.final);
      expect(s.everyStatusOrFlagged, t.name).to.equal(t.ok);
      // Latency is recorded for every transition after the first snapshot, never for heartbeats.
      const transitions = t.stream.slice(1).filter((m) => m.kind !== 3 && m.sequence > t.stream[0]!.sequence).length - (w.repeats ?? 0);
      expect(latency.count, t.name).to.equal(transitions);
    }
  });

  it("a watcher that never started fails the run", () => {
    const started = new WatcherDelivery();
    started.onMessage(msg(3, 1), 0);
    const s = summarizeDelivery([started, new WatcherDelivery()], 3);
    expect(s.started).to.equal(1);
    expect(s.everyStatusOrFlagged).to.equal(false);
  });

  it("histogram percentiles are exact to the millisecond", () => {
    const h = new LatencyHistogram(1000);
    for (let i = 1; i <= 100; i++) h.add(i);
    h.add(-3); // clock granularity: counts as 0
    h.add(5000); // beyond the last bucket: max stays exact
    const s = h.summary();
    expect(s.count).to.equal(102);
    expect(s.p50Ms).to.equal(50);
    expect(s.p99Ms).to.equal(100);
    expect(s.maxMs).to.equal(5000);
    expect(new LatencyHistogram().summary().p99Ms).to.be.NaN;
  });
});
