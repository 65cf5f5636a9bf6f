// Edge cases of the gRPC watch fast path over raw node:http2: resume at the
// latest sequence, cancellation during the initial read, deadlines (huge,
// malformed, during the initial read, with a client that stopped reading),
// shutdown while the request is still arriving, and throws that must never
// reach the process.

import * as http2 from "node:http2";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import {
  EnvironmentStatusViewSchema,
  WatchEnvironmentStatusRequestSchema,
  WatchEnvironmentStatusResponseSchema,
  WatchMessageKind,
  type WatchEnvironmentStatusResponse,
} from "../../gen/blox/v1/environment_pb.js";
import type { JournalEntry } from "../../server/store/store.js";
import { createGrpcWatchFastPath, WATCH_METHOD_PATH } from "../../server/transport/grpc-watch-fast-path.js";
import type { WatchMessage } from "../../server/watch/hub-types.js";
import { createFakeClock } from "../support/fake-clock.js";
import { serveFastPath, statusWithHealthy } from "../watch/support/fast-path-fixtures.js";

const ENV = "Env/Prod";
const KIND = { snapshot: WatchMessageKind.SNAPSHOT, update: WatchMessageKind.UPDATE, heartbeat: WatchMessageKind.HEARTBEAT };


const update = (e: JournalEntry): WatchMessage => ({ kind: "update", sequence: e.sequence, time: e.time, status: e.status, events: [], coalesced: false });

interface HarnessOptions {
  heartbeatIntervalMs?: number;
  finishGraceMs?: number;
  /** toResponse throws for these messages (to prove such throws stay contained). */
  failOn?: (m: WatchMessage) => boolean;
}

/**
 * An h2c server whose only handler is the fast path. initialMessages behaves
 * like the watch hub: a snapshot without afterSequence, else exactly the
 * entries after it (none when resuming at the latest). `gate` holds
 * initialMessages until released.
 */
async function startHarness(opts: HarnessOptions = {}) {
  const listeners = new Set<(e: JournalEntry) => void>();
  const journal: JournalEntry[] = [{ environmentName: ENV, sequence: 1, time: 1000, status: statusWithHealthy(0, ENV), events: [] }];
  const shutdown = new AbortController();
  let gate: Promise<void> | undefined;
  let initialCalls = 0;
  const clock = createFakeClock();
  const fastPath = createGrpcWatchFastPath({
    onEntry: (_name, l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async initialMessages(name, after): Promise<WatchMessage[]> {
      initialCalls++;
      const held = gate;
      gate = undefined; // a hold applies to one call
      if (held) await held;
      if (name !== ENV) throw new ConnectError(`environment ${name} not found`, Code.NotFound);
      const last = journal[journal.length - 1]!;
      if (after === undefined) return [{ ...update(last), kind: "snapshot" }];
      return journal.filter((e) => e.sequence > after).map(update);
    },
    toResponse: (m) => {
      if (opts.failOn?.(m)) throw new Error("toResponse failed");
      return create(WatchEnvironmentStatusResponseSchema, {
        sequence: BigInt(m.sequence),
        time: timestampFromMs(m.time),
        kind: KIND[m.kind],
        coalesced: m.coalesced,
        status: m.status ? create(EnvironmentStatusViewSchema, { environmentName: m.status.environmentName, healthy: m.status.healthy }) : undefined,
      });
    },
    async addInstances(_name, m) {
      return m;
    },
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 60_000,
    finishGraceMs: opts.finishGraceMs,
    shutdownSignal: shutdown.signal,
    clock,
  });
  const served = await serveFastPath(fastPath);
  const { port } = served;
  const clients = new Set<http2.ClientHttp2Session>();
  return {
    port,
    fastPath,
    shutdown,
    clock,
    listenerCount: () => listeners.size,
    initialCalls: () => initialCalls,
    /** Holds the next initialMessages call until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => release();
    },
    publish(healthy: number) {
      const e: JournalEntry = { environmentName: ENV, sequence: journal.length + 1, time: 1000 + journal.length, status: statusWithHealthy(healthy, ENV), events: [] };
      journal.push(e);
      for (const l of [...listeners]) l(e);
    },
    latest: () => journal.length,
    connect(settings?: http2.Settings): http2.ClientHttp2Session {
      const session = http2.connect(`http://127.0.0.1:${port}`, settings ? { settings } : {});
      session.on("error", () => {});
      clients.add(session);
      return session;
    },
    async stop() {
      shutdown.abort();
      for (const c of clients) c.destroy();
      await served.close();
    },
  };
}

/** A raw gRPC watch call: collects messages, headers and trailers. */
class RawCall {
  readonly messages: WatchEnvironmentStatusResponse[] = [];
  headers?: http2.IncomingHttpHeaders;
  trailers?: http2.IncomingHttpHeaders;
  closed = false;
  rstCode?: number;
  private buffered = Buffer.alloc(0);
  readonly stream: http2.ClientHttp2Stream;

  constructor(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders = {}, body?: Buffer, endBody = true) {
    this.stream = session.request({ ":method": "POST", ":path": WATCH_METHOD_PATH, "content-type": "application/grpc", te: "trailers", ...headers });
    this.stream.on("error", () => {});
    this.stream.on("response", (h) => (this.headers = h));
    this.stream.on("trailers", (t) => (this.trailers = t));
    this.stream.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 5 && this.buffered.length >= 5 + this.buffered.readUInt32BE(1)) {
        const len = this.buffered.readUInt32BE(1);
        this.messages.push(fromBinary(WatchEnvironmentStatusResponseSchema, this.buffered.subarray(5, 5 + len)));
        this.buffered = this.buffered.subarray(5 + len);
      }
    });
    this.stream.on("close", () => {
      this.closed = true;
      this.rstCode = this.stream.rstCode;
    });
    if (body) {
      if (endBody) this.stream.end(body);
      else this.stream.write(body);
    }
  }

  /** grpc-status from a trailers-only response or the trailers. */
  get grpcStatus(): string | undefined {
    return (this.trailers?.["grpc-status"] ?? this.headers?.["grpc-status"]) as string | undefined;
  }

  get grpcMessage(): string {
    return decodeURIComponent(String(this.trailers?.["grpc-message"] ?? this.headers?.["grpc-message"] ?? ""));
  }
}

function watchRequest(fields: { environmentName?: string; afterSequence?: bigint; instances?: boolean } = {}): Buffer {
  const bytes = toBinary(WatchEnvironmentStatusRequestSchema, create(WatchEnvironmentStatusRequestSchema, { environmentName: ENV, ...fields }));
  const frame = Buffer.alloc(5 + bytes.length);
  frame.writeUInt32BE(bytes.length, 1);
  frame.set(bytes, 5);
  return frame;
}

/** Lets pending I/O callbacks and promise continuations run (no time passes on the fake clock). */
const settle = () => new Promise<void>((r) => setImmediate(r));

async function until(predicate: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("gRPC watch fast path: edge cases", () => {
  it("a watcher resuming at the latest sequence: heartbeats carry that sequence, then the next entry is a plain update", async () => {
    const h = await startHarness({ heartbeatIntervalMs: 30 });
    try {
      h.publish(1);
      h.publish(2); // latest = 3
      const session = h.connect();
      // Another watcher keeps the channel's latest entry around, as in production.
      const other = new RawCall(session, {}, watchRequest());
      await until(() => other.messages.length >= 1, "the other watcher's snapshot");
      const call = new RawCall(session, {}, watchRequest({ afterSequence: 3n }));
      await until(() => call.headers !== undefined, "the response headers");
      h.clock.advance(30);
      await until(() => call.messages.length >= 1, "a heartbeat");
      expect(call.messages[0]!.kind).to.equal(WatchMessageKind.HEARTBEAT);
      expect(Number(call.messages[0]!.sequence)).to.equal(3);
      h.publish(3);
      await until(() => call.messages.some((m) => m.kind !== WatchMessageKind.HEARTBEAT), "the next entry");
      const next = call.messages.find((m) => m.kind !== WatchMessageKind.HEARTBEAT)!;
      expect({ kind: next.kind, sequence: Number(next.sequence), coalesced: next.coalesced }).to.deep.equal({
        kind: WatchMessageKind.UPDATE,
        sequence: 4,
        coalesced: false,
      });
      expect(call.messages.every((m) => Number(m.sequence) >= 3)).to.equal(true);
    } finally {
      await h.stop();
    }
  });

  it("a stream cancelled during its initial read leaves one subscription per view for later watchers", async () => {
    const h = await startHarness();
    try {
      const session = h.connect();
      const release = h.hold();
      const first = new RawCall(session, {}, watchRequest());
      await until(() => h.initialCalls() === 1, "the first initial read");
      first.stream.close(http2.constants.NGHTTP2_CANCEL);
      await until(() => h.fastPath.streamCount() === 0, "the cancelled stream to be released");
      const second = new RawCall(session, {}, watchRequest());
      await until(() => second.messages.length === 1, "the second watcher's snapshot");
      // The first call's initial read completes only now, after its stream is gone.
      release();
      await settle();
      const third = new RawCall(session, {}, watchRequest());
      await until(() => third.messages.length === 1, "the third watcher's snapshot");
      // Both live watchers share one channel: one subscription to the hub.
      expect(h.listenerCount()).to.equal(1);
      h.publish(4);
      await until(() => second.messages.length === 2 && third.messages.length === 2, "the update on both");
      expect([second, third].map((c) => Number(c.messages[1]!.sequence))).to.deep.equal([2, 2]);
      second.stream.close();
      third.stream.close();
      await until(() => h.listenerCount() === 0, "every subscription to be released");
    } finally {
      await h.stop();
    }
  });

  it("a grpc-timeout beyond the timer range (99999999H) is no deadline, not an immediate DEADLINE_EXCEEDED", async () => {
    const h = await startHarness({ heartbeatIntervalMs: 30 });
    try {
      const call = new RawCall(h.connect(), { "grpc-timeout": "99999999H" }, watchRequest());
      await until(() => call.messages.length >= 1, "the snapshot");
      for (let beats = 1; beats <= 2; beats++) {
        h.clock.advance(30);
        await until(() => call.messages.length >= 1 + beats, `heartbeat ${beats}`);
      }
      // No deadline timer was armed: the only pending timer is the channel's heartbeat.
      expect(h.clock.pending()).to.equal(1);
      expect(call.grpcStatus).to.equal(undefined);
      expect(call.closed).to.equal(false);
    } finally {
      await h.stop();
    }
  });

  it("a malformed grpc-timeout is refused with INVALID_ARGUMENT, as the Connect handler does", async () => {
    const h = await startHarness();
    try {
      const call = new RawCall(h.connect(), { "grpc-timeout": "soon" }, watchRequest());
      await until(() => call.grpcStatus !== undefined, "the status");
      expect(call.grpcStatus).to.equal(String(Code.InvalidArgument));
      expect(call.grpcMessage).to.contain("grpc timeout");
      expect(h.fastPath.streamCount()).to.equal(0);
    } finally {
      await h.stop();
    }
  });

  it("the deadline also covers a slow initial read", async () => {
    const h = await startHarness();
    const release = h.hold();
    try {
      const call = new RawCall(h.connect(), { "grpc-timeout": "100m" }, watchRequest());
      await until(() => h.initialCalls() === 1, "the initial read to start");
      h.clock.advance(99);
      await settle();
      expect(call.grpcStatus, "not before the deadline").to.equal(undefined);
      h.clock.advance(1);
      await until(() => call.grpcStatus !== undefined, "DEADLINE_EXCEEDED");
      expect(call.grpcStatus).to.equal(String(Code.DeadlineExceeded));
      expect(h.fastPath.streamCount()).to.equal(0);
      release();
      await settle();
      expect(h.listenerCount()).to.equal(0);
    } finally {
      release();
      await h.stop();
    }
  });

  it("shutdown ends a stream whose request body has not fully arrived with UNAVAILABLE", async () => {
    const h = await startHarness();
    try {
      const call = new RawCall(h.connect(), {}, watchRequest().subarray(0, 3), false);
      await until(() => h.fastPath.streamCount() === 1, "the stream to be taken");
      h.shutdown.abort();
      await until(() => call.grpcStatus !== undefined, "the status");
      expect(call.grpcStatus).to.equal(String(Code.Unavailable));
      expect(h.fastPath.streamCount()).to.equal(0);
    } finally {
      await h.stop();
    }
  });

  it("refuses a malformed environment name with INVALID_ARGUMENT naming the field", async () => {
    const h = await startHarness();
    try {
      for (const environmentName of ["", "a b", "x".repeat(300)]) {
        const call = new RawCall(h.connect(), {}, watchRequest({ environmentName }));
        await until(() => call.grpcStatus !== undefined, "the status");
        expect(call.grpcStatus, environmentName).to.equal(String(Code.InvalidArgument));
        expect(call.grpcMessage).to.contain("environment_name");
      }
      expect(h.initialCalls()).to.equal(0);
    } finally {
      await h.stop();
    }
  });

  it("a finished stream whose client stopped reading is reset after finishGraceMs", async () => {
    const h = await startHarness({ finishGraceMs: 100 });
    try {
      // A zero stream window: not even the snapshot can be sent, so its write never completes.
      const call = new RawCall(h.connect({ initialWindowSize: 0 }), { "grpc-timeout": "100m" }, watchRequest());
      call.stream.pause();
      await until(() => call.headers !== undefined, "the response headers");
      h.clock.advance(100); // the deadline: the stream ends, but its trailers cannot follow the stuck snapshot
      await settle();
      expect(call.closed, "not reset before the grace").to.equal(false);
      h.clock.advance(100);
      await until(() => call.closed, "the stream to be reset", 3000);
      expect(call.rstCode).to.equal(http2.constants.NGHTTP2_CANCEL);
      expect(h.fastPath.streamCount()).to.equal(0);
    } finally {
      await h.stop();
    }
  });

  it("a toResponse throw (update of an instances view, or a heartbeat) never reaches the process", async () => {
    const h = await startHarness({ heartbeatIntervalMs: 20, failOn: (m) => m.kind === "heartbeat" || m.status?.healthy === 99 });
    const escaped: unknown[] = [];
    const onRejection = (err: unknown) => escaped.push(err);
    process.on("unhandledRejection", onRejection);
    try {
      const call = new RawCall(h.connect(), {}, watchRequest({ instances: true }));
      await until(() => call.messages.length === 1, "the snapshot");
      h.publish(99); // cannot be framed: skipped
      h.publish(4);
      await until(() => call.messages.length === 2, "the next entry");
      // Entry 2 was skipped, so entry 3 comes as the latest status, flagged coalesced.
      expect({ sequence: Number(call.messages[1]!.sequence), coalesced: call.messages[1]!.coalesced }).to.deep.equal({ sequence: 3, coalesced: true });
      for (let beat = 0; beat < 5; beat++) {
        h.clock.advance(20); // a failing heartbeat
        await settle();
      }
      expect(escaped).to.deep.equal([]);
      expect(call.closed).to.equal(false);
    } finally {
      process.off("unhandledRejection", onRejection);
      await h.stop();
    }
  });
});
