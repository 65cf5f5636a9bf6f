import * as http2 from "node:http2";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type WatchEnvironmentStatusRequest,
  WatchEnvironmentStatusRequestSchema,
  type WatchEnvironmentStatusResponse,
  WatchEnvironmentStatusResponseSchema,
} from "../../gen/blox/v1/environment_pb.js";
import { validateEnvironmentName, validateRevisionNumber } from "../domain/identifiers.js";
import { systemClock, type Clock } from "../clock.js";
import { MAX_TIMER_MS } from "../duration.js";
import { timeoutHeaderMs } from "./timeout-headers.js";
import type { JournalEntry } from "../store/store.js";
import type { AdmitHttp2Call, AdmittedCall } from "./admission.js";
import type { WatchMessage } from "../watch/hub-types.js";
import { encodeGrpcMessage, frameGrpcMessage, unframeSingleMessage } from "./grpc-frame.js";
import { context } from "@opentelemetry/api";
import type { BloxMetrics } from "../observability/metrics.js";
import { startRpcTelemetry, type RpcTelemetry } from "../observability/rpc-telemetry.js";

export const WATCH_METHOD_PATH = "/blox.v1.EnvironmentService/WatchEnvironmentStatus";
const WATCH_PROCEDURE = { service: "blox.v1.EnvironmentService", method: "WatchEnvironmentStatus" };
const MAX_REQUEST_BYTES = 64 * 1024;
/** Messages a stream may have waiting behind the one in flight before it is coalesced. */
const maxQueuedPerStream = 16;

export interface GrpcWatchFastPathOptions {
  /** Feed of journal entries per environment (the watch hub's producer). */
  onEntry(environmentName: string, listener: (entry: JournalEntry) => void): () => void;
  /**
   * The first message(s) of a stream: a snapshot of the current status, or the
   * replay after `afterSequence` (or a snapshot if that history is gone).
   * Throws a ConnectError (e.g. NOT_FOUND) to refuse the stream.
   */
  initialMessages(environmentName: string, afterSequence: number | undefined): Promise<WatchMessage[]>;
  /**
   * Adds the per-instance view to a message's status, for `instances`
   * watchers (rare; their frames are built per environment like the rest).
   * Without it such watchers are refused with UNIMPLEMENTED.
   */
  addInstances?(environmentName: string, message: WatchMessage): Promise<WatchMessage>;
  /** Maps a hub message onto the wire response, honouring the request's `all` and `instances`. */
  toResponse(message: WatchMessage, request: WatchEnvironmentStatusRequest): WatchEnvironmentStatusResponse;
  /** The same auth check the Connect handlers run, before the body is read; throws a ConnectError to refuse. */
  admit?: AdmitHttp2Call;
  /** Idle streams get a heartbeat this often. */
  heartbeatIntervalMs: number;
  /** Aborting ends every open stream with UNAVAILABLE. */
  shutdownSignal?: AbortSignal;
  /** Time source of heartbeats, deadlines and the finish grace. Default: the system clock. */
  clock?: Clock;
  /**
   * A finished stream whose trailers cannot be sent (the client stopped
   * reading, so its last message is still in flight) is reset after this long,
   * so that it does not hold the stream and its buffer forever. Default 5000 ms.
   */
  finishGraceMs?: number;
  /** RPC durations and messages written. Spans are made through @opentelemetry/api either way. */
  metrics?: BloxMetrics;
}

export interface GrpcWatchFastPath {
  /**
   * Takes a raw HTTP/2 stream if it is a plain gRPC (protobuf) call of
   * WatchEnvironmentStatus; returns false to leave it to the Connect handler
   * (gRPC-Web, Connect protocol, JSON, and `instances` watchers).
   */
  handleStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): boolean;
  /** Open streams, for tests and metrics. */
  streamCount(): number;
  close(): void;
}

/**
 * The watch path for gRPC clients at scale. Connect's generic streaming handler
 * serializes per stream and queues without bound; at 10,000 watchers it falls
 * behind by tens of seconds. Here each status is serialized and framed once per
 * environment and view, and every stream keeps at most one message in flight:
 * a stream that cannot keep up skips to the latest status, flagged coalesced.
 */
export function createGrpcWatchFastPath(options: GrpcWatchFastPathOptions): GrpcWatchFastPath {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const finishGraceMs = options.finishGraceMs ?? 5000;
  const metrics = options.metrics;
  const countSent = (kind: string) => metrics?.watchMessages.add(1, { path: "grpc-fast-path", kind });
  const channels = new Map<string, Channel>();
  const openStreams = new Set<Watcher>();

  const onShutdown = () => {
    for (const w of [...openStreams]) w.finish(Code.Unavailable, "server is shutting down");
  };
  options.shutdownSignal?.addEventListener("abort", onShutdown, { once: true });

  /** One per environment and view (`all` or not): frames each entry once. */
  class Channel {
    readonly watchers = new Set<Watcher>();
    last?: { entry: JournalEntry; update: Buffer; coalesced?: Buffer };
    lastWriteAt = now();
    private readonly unsubscribe: () => void;
    private cancelHeartbeat: () => void;
    private closed = false;

    constructor(
      readonly key: string,
      readonly environmentName: string,
      readonly request: WatchEnvironmentStatusRequest,
    ) {
      this.unsubscribe = options.onEntry(environmentName, (entry) => this.publish(entry));
      this.cancelHeartbeat = this.scheduleBeat();
    }

    private scheduleBeat(): () => void {
      return clock.setTimer(options.heartbeatIntervalMs, () => {
        // A throw in a timer callback would take the process down.
        try {
          this.beat();
        } catch {
          // toResponse failed for a heartbeat: skip this beat, the next one retries.
        }
        if (!this.closed) this.cancelHeartbeat = this.scheduleBeat();
      });
    }

    publish(entry: JournalEntry): void {
      const message: WatchMessage = { kind: "update", sequence: entry.sequence, time: entry.time, status: entry.status, events: entry.events, coalesced: false };
      if (!this.request.instances) return this.deliver(entry, message);
      // Enrich in order: each entry waits for the previous one's instance view.
      this.enriching = this.enriching
        .then(() => options.addInstances!(this.environmentName, message))
        .then((m) => this.deliver({ ...entry, status: m.status ?? entry.status }, m))
        .catch(() => this.deliver(entry, message))
        // Never leave a rejected promise behind: it would be an unhandled rejection.
        // Watchers that miss this entry coalesce on the next one (sequence gap).
        .catch(() => {});
    }

    private enriching: Promise<void> = Promise.resolve();

    private deliver(entry: JournalEntry, message: WatchMessage): void {
      if (this.last && entry.sequence <= this.last.entry.sequence) return;
      this.last = { entry, update: this.frame(message) };
      this.lastWriteAt = now();
      for (const w of this.watchers) w.offer();
    }

    /** The latest status as a flagged snapshot, for watchers that skipped entries. */
    coalescedFrame(): Buffer {
      const last = this.last!;
      last.coalesced ??= this.frame({
        kind: "snapshot",
        sequence: last.entry.sequence,
        time: last.entry.time,
        status: last.entry.status,
        events: [],
        coalesced: true,
      });
      return last.coalesced;
    }

    frame(message: WatchMessage): Buffer {
      return frameGrpcMessage(toBinary(WatchEnvironmentStatusResponseSchema, options.toResponse(message, this.request)));
    }

    private beat(): void {
      if (now() - this.lastWriteAt < options.heartbeatIntervalMs || this.watchers.size === 0) return;
      this.lastWriteAt = now();
      const frames = new Map<number, Buffer>();
      for (const w of this.watchers) {
        if (w.lastSentSequence === undefined) continue;
        let frame = frames.get(w.lastSentSequence);
        if (!frame) {
          frame = this.frame({ kind: "heartbeat", sequence: w.lastSentSequence, time: now(), events: [], coalesced: false });
          frames.set(w.lastSentSequence, frame);
        }
        w.sendHeartbeat(frame);
      }
    }

    remove(w: Watcher): void {
      if (!this.watchers.delete(w)) return;
      if (this.watchers.size === 0) {
        this.closed = true;
        this.unsubscribe();
        this.cancelHeartbeat();
        // Only our own entry: a newer channel for the same view may have taken the key.
        if (channels.get(this.key) === this) channels.delete(this.key);
      }
    }
  }

  /** One stream, from its headers to its close. */
  class Watcher {
    /** Sequence of the last message written or queued for this stream. */
    lastSentSequence?: number;
    private channel?: Channel;
    private inFlight = false;
    private ready = false;
    private finished = false;
    private released = false;
    /** Shared update frames waiting behind the one in flight; bounded. */
    private readonly queue: Buffer[] = [];
    /** The queue overflowed: the next write is the latest status, flagged coalesced. */
    private coalesce = false;
    private cancelDeadline?: () => void;
    private cancelReset?: () => void;
    private trailers?: http2.OutgoingHttpHeaders;

    constructor(
      readonly stream: http2.ServerHttp2Stream,
      readonly rpc: RpcTelemetry,
    ) {
      openStreams.add(this);
      stream.once("close", () => {
        this.cancelReset?.();
        this.cleanup();
        // Closed without a status of ours: the client went away.
        rpc.end(Code.Canceled, "stream closed by the client");
      });
    }

    /** Finished, or the stream went away: nothing more to do for this call. */
    get done(): boolean {
      return this.finished || this.released || this.stream.destroyed || this.stream.closed;
    }

    /** The call's deadline, counted from its headers (covers reading the request and the initial messages). */
    armDeadline(timeoutMs: number): void {
      // Beyond a timer's range (~24.8 days) Node would fire after 1 ms: no deadline in practice.
      if (timeoutMs > MAX_TIMER_MS) return;
      this.cancelDeadline = clock.setTimer(timeoutMs, () => this.finish(Code.DeadlineExceeded, "deadline exceeded"));
    }

    join(channel: Channel): void {
      this.channel = channel;
      channel.watchers.add(this);
    }

    /** A new entry was published on the channel. */
    offer(): void {
      if (!this.ready || this.finished) return;
      const last = this.channel!.last!;
      if (this.lastSentSequence === undefined || last.entry.sequence <= this.lastSentSequence) return;
      if (this.coalesce || last.entry.sequence !== this.lastSentSequence + 1 || this.queue.length >= maxQueuedPerStream) {
        // Fell behind: drop the backlog, send the latest status instead.
        this.queue.length = 0;
        this.coalesce = true;
      } else {
        this.queue.push(last.update);
      }
      this.lastSentSequence = last.entry.sequence;
      this.pump();
    }

    private pump(): void {
      if (this.inFlight || this.finished) return;
      let frame: Buffer | undefined;
      if (this.coalesce) {
        this.coalesce = false;
        frame = this.channel!.coalescedFrame();
        if (metrics) countSent("coalesced");
      } else {
        frame = this.queue.shift();
        if (frame && metrics) countSent("message");
      }
      if (frame) this.write(frame);
    }

    sendHeartbeat(frame: Buffer): void {
      if (this.ready && !this.inFlight && !this.finished && this.queue.length === 0 && !this.coalesce) {
        if (metrics) countSent("heartbeat");
        this.write(frame);
      }
    }

    private write(frame: Buffer): void {
      this.inFlight = true;
      this.stream.write(frame, (err) => {
        this.inFlight = false;
        if (!err) this.pump();
      });
    }

    start(initial: Buffer[], lastSequence: number): void {
      this.queue.push(...initial);
      this.lastSentSequence = lastSequence;
      this.ready = true;
      const last = this.channel!.last;
      // An entry that arrived while the initial messages were being read.
      if (last && last.entry.sequence > lastSequence) this.offer();
      else this.pump();
    }

    /** Ends the stream with a gRPC status in the trailers. Never throws (called from timers and abort listeners). */
    finish(code: Code, message: string): void {
      if (this.finished) return;
      this.finished = true;
      this.cleanup();
      this.rpc.end(code, message);
      const stream = this.stream;
      if (stream.destroyed || stream.closed) return;
      this.trailers = { "grpc-status": String(code), "grpc-message": encodeGrpcMessage(message) };
      try {
        if (!stream.headersSent) {
          stream.respond({ ":status": 200, "content-type": "application/grpc+proto", ...this.trailers }, { endStream: true });
          return;
        }
        stream.end();
        // The trailers follow the message in flight; a client that stops reading never
        // lets them out. Reset the stream then rather than holding it forever.
        this.cancelReset = clock.setTimer(finishGraceMs, () => {
          if (!stream.destroyed && !stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
        });
      } catch {
        if (!stream.destroyed) stream.destroy();
      }
    }

    sendTrailers(): void {
      try {
        this.stream.sendTrailers(this.trailers ?? { "grpc-status": "0" });
      } catch {
        // The stream went away meanwhile: nothing to tell.
      }
    }

    private readonly cleanups: Array<() => void> = [];

    /** Runs `release` when the stream is done (or at once if it already is). */
    onCleanup(release: () => void): void {
      if (this.released) release();
      else this.cleanups.push(release);
    }

    /** Releases the deadline and the channel membership; idempotent. */
    cleanup(): void {
      if (this.released) return;
      this.released = true;
      this.cancelDeadline?.();
      for (const release of this.cleanups.splice(0)) release();
      openStreams.delete(this);
      this.channel?.remove(this);
    }
  }

  async function serve(watcher: Watcher, headers: http2.IncomingHttpHeaders): Promise<void> {
    const stream = watcher.stream;
    if (options.shutdownSignal?.aborted) throw new ConnectError("server is shutting down", Code.Unavailable);
    // Who is calling is decided first, from the headers alone: a caller without credentials
    // learns UNAUTHENTICATED whatever else is wrong with its request.
    const admitted: AdmittedCall | undefined = options.admit?.(stream, headers, WATCH_PROCEDURE);
    const timeout = headers["grpc-timeout"];
    if (timeout !== undefined) {
      const timeoutMs = timeoutHeaderMs("grpc-timeout", String(timeout));
      if (timeoutMs === undefined) throw new ConnectError(`protocol error: invalid grpc timeout value: ${String(timeout)}`, Code.InvalidArgument);
      watcher.armDeadline(timeoutMs);
    }
    const body = await readBody(stream);
    if (watcher.done || body === "closed") return;
    if (body === "too-large") throw new ConnectError(`request too large (more than ${MAX_REQUEST_BYTES} bytes)`, Code.ResourceExhausted);
    const unframed = unframeSingleMessage(body);
    if (!unframed.ok) throw new ConnectError(unframed.reason, unframed.compressed ? Code.Unimplemented : Code.InvalidArgument);
    let request: WatchEnvironmentStatusRequest;
    try {
      request = fromBinary(WatchEnvironmentStatusRequestSchema, unframed.message);
    } catch (err) {
      throw new ConnectError(`cannot decode WatchEnvironmentStatusRequest: ${String(err)}`, Code.InvalidArgument);
    }
    admitted?.checkRequest(request);
    // The same checks as the Connect handler, so both paths answer alike.
    const name = validateEnvironmentName(request.environmentName, "environment_name");
    watcher.rpc.environment(name);
    if (admitted) watcher.onCleanup(admitted.watch(name, (e) => watcher.finish(e.code, e.rawMessage)));
    const afterSequence =
      request.afterSequence === undefined ? undefined : validateRevisionNumber(request.afterSequence, "after_sequence", false);
    if (request.instances && !options.addInstances) {
      throw new ConnectError("instances is not supported over the gRPC watch fast path; use the Connect protocol", Code.Unimplemented);
    }
    const key = `${name}\u0000${request.all ? "all" : "active"}\u0000${request.instances ? "instances" : ""}`;
    let channel = channels.get(key);
    if (!channel) {
      const view = create(WatchEnvironmentStatusRequestSchema, { environmentName: name, all: request.all, instances: request.instances });
      channel = new Channel(key, name, view);
      channels.set(key, channel);
    }
    watcher.join(channel);
    let initial = await options.initialMessages(name, afterSequence);
    if (request.instances) {
      const enriched: WatchMessage[] = [];
      for (const m of initial) enriched.push(await options.addInstances!(name, m));
      initial = enriched;
    }
    // Cancelled, timed out or shut down while the initial messages were read.
    if (watcher.done) return watcher.cleanup();
    const frames = initial.map((m) => channel.frame(m));
    stream.respond({ ":status": 200, "content-type": "application/grpc+proto" }, { waitForTrailers: true });
    stream.once("wantTrailers", () => watcher.sendTrailers());
    // Nothing to replay (resuming at the latest sequence): the client is at afterSequence.
    const lastSequence = initial.length > 0 ? initial[initial.length - 1]!.sequence : (afterSequence ?? 0);
    watcher.start(frames, lastSequence);
  }

  return {
    handleStream(stream, headers) {
      if (headers[":path"] !== WATCH_METHOD_PATH || headers[":method"] !== "POST") return false;
      const contentType = String(headers["content-type"] ?? "");
      if (contentType !== "application/grpc" && contentType !== "application/grpc+proto") return false;
      stream.on("error", () => {}); // resets by clients are normal; never crash
      const rpc = startRpcTelemetry({
        ...WATCH_PROCEDURE,
        protocol: "grpc",
        headers,
        metrics,
      });
      const watcher = new Watcher(stream, rpc);
      context.with(rpc.context, () => serve(watcher, headers)).catch((err: unknown) => {
        const e = ConnectError.from(err);
        watcher.finish(e.code, e.rawMessage);
      });
      return true;
    },
    streamCount: () => openStreams.size,
    close() {
      options.shutdownSignal?.removeEventListener("abort", onShutdown);
      onShutdown();
    },
  };
}

/** The whole request body, or why there is none (the client went away, or sent too much). */
function readBody(stream: http2.ServerHttp2Stream): Promise<Buffer | "closed" | "too-large"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_REQUEST_BYTES) {
        stream.off("data", onData);
        chunks.length = 0;
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    };
    stream.on("data", onData);
    stream.once("end", () => resolve(Buffer.concat(chunks)));
    stream.once("close", () => resolve("closed"));
  });
}
