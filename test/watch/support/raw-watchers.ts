// Many WatchEnvironmentStatus streams over raw node:http2 sessions (plain gRPC
// framing, N streams per session as gRPC clients multiplex them), and one
// "stuck" watcher that never reads: its session advertises a zero stream
// window, so the server cannot send it a byte until resume() opens the window.

import { createHash } from "node:crypto";
import * as http2 from "node:http2";
import { fromBinary } from "@bufbuild/protobuf";
import {
  WatchEnvironmentStatusResponseSchema,
  type WatchEnvironmentStatusResponse,
} from "../../../gen/blox/v1/environment_pb.js";
import { decodeWatchHeader, encodeWatchRequest, frame, FrameReader } from "../../../bench/watch/wire.js";

const WATCH_PATH = "/blox.v1.EnvironmentService/WatchEnvironmentStatus";
const GRPC_HEADERS = { ":method": "POST", ":path": WATCH_PATH, "content-type": "application/grpc", te: "trailers" };

export interface RawMessage {
  sequence: number;
  kind: number;
  coalesced: boolean;
  /** The message's time field (epoch ms). */
  timeMs: number;
  /** When this process received it (epoch ms). */
  receivedAt: number;
  /** sha1 of the serialized message: equal digests, equal messages. */
  digest: string;
  /** Only on watchers opened with `decode`. */
  decoded?: WatchEnvironmentStatusResponse;
}

export class RawWatcher {
  readonly messages: RawMessage[] = [];
  /** grpc-status of the end of the stream, or an error message. */
  ended?: string;
  private readonly reader = new FrameReader();
  private readonly waiters = new Set<() => void>();

  constructor(readonly decode: boolean) {}

  get last(): RawMessage | undefined {
    return this.messages[this.messages.length - 1];
  }

  onData(chunk: Buffer): void {
    const receivedAt = Date.now();
    for (const f of this.reader.push(chunk)) {
      const h = decodeWatchHeader(f.payload);
      this.messages.push({
        sequence: h.sequence,
        kind: h.kind,
        coalesced: h.coalesced,
        timeMs: h.timeMs,
        receivedAt,
        digest: createHash("sha1").update(f.payload).digest("hex"),
        decoded: this.decode ? fromBinary(WatchEnvironmentStatusResponseSchema, f.payload) : undefined,
      });
    }
    this.wake();
  }

  end(why: string): void {
    this.ended ??= why;
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves with the first message (from index `from`) that satisfies `pred`; rejects on end or timeout. */
  waitFor(pred: (m: RawMessage) => boolean, from = 0, timeoutMs = 10_000): Promise<RawMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.messages.slice(from).find(pred);
        if (m) return done(() => resolve(m));
        if (this.ended) return done(() => reject(new Error(`watch ended (${this.ended}) before the awaited message`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no awaited message within ${timeoutMs} ms`))), timeoutMs);
      const done = (then: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        then();
      };
      this.waiters.add(check);
      check();
    });
  }
}

function startStream(session: http2.ClientHttp2Session, body: Buffer, w: RawWatcher): http2.ClientHttp2Stream {
  const stream = session.request(GRPC_HEADERS, { endStream: false });
  stream.on("response", (h) => {
    if (h["grpc-status"] !== undefined) w.end(`grpc-status ${String(h["grpc-status"])} ${String(h["grpc-message"] ?? "")}`);
  });
  stream.on("trailers", (t) => w.end(`grpc-status ${String(t["grpc-status"])} ${String(t["grpc-message"] ?? "")}`));
  stream.on("error", (err) => w.end(`error ${err.message}`));
  stream.on("close", () => w.end("closed"));
  stream.end(body);
  return stream;
}

function connect(url: string, settings?: http2.Settings): Promise<http2.ClientHttp2Session> {
  const session = http2.connect(url, settings ? { settings } : {});
  session.on("error", () => {}); // reported per stream
  return new Promise((resolve, reject) => {
    session.once("connect", () => resolve(session));
    session.once("error", reject);
  });
}

export interface RawWatcherPool {
  watchers: RawWatcher[];
  close(): void;
}

/**
 * Opens `count` watchers, `perSession` to a session, and resolves once every
 * one has its first message. Watcher 0 fully decodes its messages (the pilot).
 */
export async function openRawWatchers(
  url: string,
  request: { environmentName: string; all?: boolean },
  count: number,
  perSession: number,
): Promise<RawWatcherPool> {
  const body = frame(encodeWatchRequest(request));
  const sessions: http2.ClientHttp2Session[] = [];
  const watchers: RawWatcher[] = [];
  const pool = { watchers, close: () => sessions.forEach((s) => s.destroy()) };
  try {
    for (let opened = 0; opened < count; ) {
      const session = await connect(url);
      sessions.push(session);
      for (let i = 0; i < perSession && opened < count; i++, opened++) {
        const w = new RawWatcher(opened === 0);
        watchers.push(w);
        const stream = startStream(session, body, w);
        stream.on("data", (c: Buffer) => w.onData(c));
      }
    }
    await Promise.all(watchers.map((w) => w.waitFor(() => true)));
  } catch (err) {
    pool.close();
    throw err;
  }
  return pool;
}

export interface StuckWatcher {
  /** Resolves when the server has answered with response headers (the watch is registered). */
  responded: Promise<void>;
  /** Opens the window and starts reading; everything it then receives lands in `watcher`. */
  resume(): void;
  watcher: RawWatcher;
  close(): void;
}

/** A watcher whose session allows the server no stream window: it receives nothing until resume(). */
export async function openStuckWatcher(url: string, request: { environmentName: string; all?: boolean }): Promise<StuckWatcher> {
  const session = await connect(url, { initialWindowSize: 0 });
  const watcher = new RawWatcher(true);
  const stream = startStream(session, frame(encodeWatchRequest(request)), watcher);
  stream.pause();
  const responded = new Promise<void>((resolve, reject) => {
    stream.once("response", () => resolve());
    stream.once("close", () => reject(new Error(`stuck watcher closed before the response: ${watcher.ended}`)));
  });
  return {
    responded,
    watcher,
    resume() {
      stream.on("data", (c: Buffer) => watcher.onData(c));
      session.settings({ initialWindowSize: 65_535 });
      stream.resume();
    },
    close: () => session.destroy(),
  };
}
