import type * as http2 from "node:http2";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type WatchEnvironmentStatusRequest,
  WatchEnvironmentStatusRequestSchema,
  type WatchEnvironmentStatusResponse,
  WatchEnvironmentStatusResponseSchema,
} from "../../gen/blox/v1/environment_pb.js";
import type { JournalEntry } from "../store/store.js";
import type { WatchMessage } from "./hub-types.js";
import { encodeGrpcMessage, frameGrpcMessage, parseGrpcTimeout, unframeSingleMessage } from "./grpc-frame.js";

export const WATCH_METHOD_PATH = "/blox.v1.EnvironmentService/WatchEnvironmentStatus";
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
  /** The same auth check the Connect interceptors run; throws a ConnectError to refuse. */
  authenticate?(headers: http2.IncomingHttpHeaders): void | Promise<void>;
  /** Idle streams get a heartbeat this often. */
  heartbeatIntervalMs: number;
  /** Aborting ends every open stream with UNAVAILABLE. */
  shutdownSignal?: AbortSignal;
  now?: () => number;
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
  const now = options.now ?? Date.now;
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
    private readonly heartbeat: NodeJS.Timeout;

    constructor(
      readonly key: string,
      readonly environmentName: string,
      readonly request: WatchEnvironmentStatusRequest,
    ) {
      this.unsubscribe = options.onEntry(environmentName, (entry) => this.publish(entry));
      this.heartbeat = setInterval(() => this.beat(), options.heartbeatIntervalMs);
      this.heartbeat.unref();
    }

    publish(entry: JournalEntry): void {
      const message: WatchMessage = { kind: "update", sequence: entry.sequence, time: entry.time, status: entry.status, events: entry.events, coalesced: false };
      if (!this.request.instances) return this.deliver(entry, message);
      // Enrich in order: each entry waits for the previous one's instance view.
      this.enriching = this.enriching
        .then(() => options.addInstances!(this.environmentName, message))
        .then((m) => this.deliver({ ...entry, status: m.status ?? entry.status }, m))
        .catch(() => this.deliver(entry, message));
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
      this.watchers.delete(w);
      if (this.watchers.size === 0) {
        this.unsubscribe();
        clearInterval(this.heartbeat);
        channels.delete(this.key);
      }
    }
  }

  class Watcher {
    /** Sequence of the last message written or queued for this stream. */
    lastSentSequence?: number;
    private inFlight = false;
    private ready = false;
    private finished = false;
    /** Shared update frames waiting behind the one in flight; bounded. */
    private readonly queue: Buffer[] = [];
    /** The queue overflowed: the next write is the latest status, flagged coalesced. */
    private coalesce = false;
    private deadline?: NodeJS.Timeout;
    private trailers?: http2.OutgoingHttpHeaders;

    constructor(
      readonly stream: http2.ServerHttp2Stream,
      readonly channel: Channel,
    ) {}

    /** A new entry was published on the channel. */
    offer(): void {
      if (!this.ready || this.finished) return;
      const last = this.channel.last!;
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
        frame = this.channel.coalescedFrame();
      } else {
        frame = this.queue.shift();
      }
      if (frame) this.write(frame);
    }

    sendHeartbeat(frame: Buffer): void {
      if (this.ready && !this.inFlight && !this.finished && this.queue.length === 0 && !this.coalesce) this.write(frame);
    }

    private write(frame: Buffer): void {
      this.inFlight = true;
      this.stream.write(frame, (err) => {
        this.inFlight = false;
        if (!err) this.pump();
      });
    }

    start(initial: Buffer[], lastSequence: number, timeoutMs: number | undefined): void {
      if (timeoutMs !== undefined) {
        this.deadline = setTimeout(() => this.finish(Code.DeadlineExceeded, "deadline exceeded"), timeoutMs);
        this.deadline.unref();
      }
      this.queue.push(...initial);
      this.lastSentSequence = lastSequence;
      this.ready = true;
      const last = this.channel.last;
      // An entry that arrived while the initial messages were being read.
      if (last && last.entry.sequence > lastSequence) this.offer();
      else this.pump();
    }

    /** Ends the stream with a gRPC status in the trailers. */
    finish(code: Code, message: string): void {
      if (this.finished) return;
      this.finished = true;
      this.cleanup();
      if (this.stream.destroyed || this.stream.closed) return;
      this.trailers = { "grpc-status": String(code), "grpc-message": encodeGrpcMessage(message) };
      if (!this.stream.headersSent) {
        this.stream.respond({ ":status": 200, "content-type": "application/grpc+proto", ...this.trailers }, { endStream: true });
        return;
      }
      this.stream.end();
    }

    sendTrailers(): void {
      this.stream.sendTrailers(this.trailers ?? { "grpc-status": "0" });
    }

    cleanup(): void {
      if (this.deadline) clearTimeout(this.deadline);
      openStreams.delete(this);
      this.channel.remove(this);
    }
  }

  function refuse(stream: http2.ServerHttp2Stream, code: Code, message: string): void {
    if (stream.destroyed) return;
    stream.respond(
      { ":status": 200, "content-type": "application/grpc+proto", "grpc-status": String(code), "grpc-message": encodeGrpcMessage(message) },
      { endStream: true },
    );
  }

  async function serve(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): Promise<void> {
    const body = await readBody(stream);
    if (body === undefined) return; // client went away or sent too much (already answered)
    await options.authenticate?.(headers);
    const unframed = unframeSingleMessage(body);
    if (!unframed.ok) throw new ConnectError(unframed.reason, unframed.compressed ? Code.Unimplemented : Code.InvalidArgument);
    let request: WatchEnvironmentStatusRequest;
    try {
      request = fromBinary(WatchEnvironmentStatusRequestSchema, unframed.message);
    } catch (err) {
      throw new ConnectError(`cannot decode WatchEnvironmentStatusRequest: ${String(err)}`, Code.InvalidArgument);
    }
    if (request.instances && !options.addInstances) {
      throw new ConnectError("instances is not supported over the gRPC watch fast path; use the Connect protocol", Code.Unimplemented);
    }
    const name = request.environmentName;
    const key = `${name}\u0000${request.all ? "all" : "active"}\u0000${request.instances ? "instances" : ""}`;
    let channel = channels.get(key);
    if (!channel) {
      const view = create(WatchEnvironmentStatusRequestSchema, { environmentName: name, all: request.all, instances: request.instances });
      channel = new Channel(key, name, view);
      channels.set(key, channel);
    }
    const watcher = new Watcher(stream, channel);
    channel.watchers.add(watcher);
    openStreams.add(watcher);
    stream.once("close", () => watcher.cleanup());
    try {
      if (options.shutdownSignal?.aborted) throw new ConnectError("server is shutting down", Code.Unavailable);
      let initial = await options.initialMessages(name, request.afterSequence === undefined ? undefined : Number(request.afterSequence));
      if (request.instances) {
        const enriched: WatchMessage[] = [];
        for (const m of initial) enriched.push(await options.addInstances!(name, m));
        initial = enriched;
      }
      if (stream.destroyed || stream.closed) return watcher.cleanup();
      stream.respond({ ":status": 200, "content-type": "application/grpc+proto" }, { waitForTrailers: true });
      stream.once("wantTrailers", () => watcher.sendTrailers());
      const frames = initial.map((m) => channel.frame(m));
      const lastSequence = initial.length > 0 ? initial[initial.length - 1]!.sequence : 0;
      watcher.start(frames, lastSequence, parseGrpcTimeout(headers["grpc-timeout"] as string | undefined));
    } catch (err) {
      const e = ConnectError.from(err);
      watcher.finish(e.code, e.rawMessage);
    }
  }

  return {
    handleStream(stream, headers) {
      if (headers[":path"] !== WATCH_METHOD_PATH || headers[":method"] !== "POST") return false;
      const contentType = String(headers["content-type"] ?? "");
      if (contentType !== "application/grpc" && contentType !== "application/grpc+proto") return false;
      stream.on("error", () => {}); // resets by clients are normal; never crash
      serve(stream, headers).catch((err: unknown) => {
        const e = ConnectError.from(err);
        if (!stream.headersSent) refuse(stream, e.code, e.rawMessage);
        else if (!stream.destroyed) stream.close();
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

function readBody(stream: http2.ServerHttp2Stream): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_REQUEST_BYTES) {
        stream.removeAllListeners("data");
        resolve(undefined);
        if (!stream.headersSent) {
          stream.respond(
            { ":status": 200, "content-type": "application/grpc+proto", "grpc-status": String(Code.ResourceExhausted), "grpc-message": "request too large" },
            { endStream: true },
          );
        }
        return;
      }
      chunks.push(chunk);
    });
    stream.once("end", () => resolve(Buffer.concat(chunks)));
    stream.once("close", () => resolve(undefined));
  });
}
