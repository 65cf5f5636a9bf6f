// The watch benchmark's load generator, run as its own process (forked by
// watch-bench.ts) so that its CPU does not count against the server's event
// loop. It opens N WatchEnvironmentStatus streams, `streamsPerSession` to an
// HTTP/2 session as gRPC clients multiplex them, speaking plain gRPC or the
// Connect streaming protocol, and decodes only sequence, time, kind and
// coalesced of each message.
//
// IPC: → ready (every stream got its first message), ← finish {finalSequence},
// → result (delivery and latency).

import * as http2 from "node:http2";
import { KIND_HEARTBEAT, summarizeDelivery, WatcherDelivery } from "./delivery.js";
import { childArg, disconnectFromParent, cpuPercent, cpuSample, toParent, type LoadGenConfig, type LoadGenResult, type ToChild } from "./ipc.js";
import { LatencyHistogram } from "./stats.js";
import { CONNECT_END_STREAM_FLAG, decodeWatchHeader, encodeWatchRequest, frame, FrameReader } from "./wire.js";

const WATCH_PATH = "/blox.v1.EnvironmentService/WatchEnvironmentStatus";

async function main(): Promise<void> {
  const config = childArg<LoadGenConfig>();
  const latency = new LatencyHistogram();
  const watchers: WatcherDelivery[] = [];
  const endedEarly: Record<string, number> = {};
  const sessions: http2.ClientHttp2Session[] = [];
  let measuring = false;
  let bytesReceived = 0;
  let messagesReceived = 0;
  let started = 0;
  let failed = 0;
  let onProgress: (() => void) | undefined;

  const requestBody = frame(encodeWatchRequest({ environmentName: config.environmentName }));
  const headers: http2.OutgoingHttpHeaders =
    config.protocol === "grpc"
      ? { ":method": "POST", ":path": WATCH_PATH, "content-type": "application/grpc", te: "trailers" }
      : { ":method": "POST", ":path": WATCH_PATH, "content-type": "application/connect+proto", "connect-protocol-version": "1" };

  const countEnd = (why: string) => {
    endedEarly[why] = (endedEarly[why] ?? 0) + 1;
  };

  function openStream(session: http2.ClientHttp2Session): void {
    const w = new WatcherDelivery();
    watchers.push(w);
    const reader = new FrameReader();
    const stream = session.request(headers, { endStream: false });
    let ended = false;
    const end = (why: string) => {
      if (ended) return;
      ended = true;
      if (w.first === undefined) failed++;
      countEnd(why);
      onProgress?.();
    };
    stream.on("response", (h) => {
      if (h["grpc-status"] !== undefined) end(`grpc-status ${String(h["grpc-status"])} ${String(h["grpc-message"] ?? "")}`);
      else if (h[":status"] !== 200) end(`http ${String(h[":status"])}`);
    });
    stream.on("trailers", (t) => end(`grpc-status ${String(t["grpc-status"])} ${String(t["grpc-message"] ?? "")}`));
    stream.on("error", (err) => end(`error ${err.message}`));
    stream.on("close", () => end("closed"));
    stream.on("data", (chunk: Buffer) => {
      const now = Date.now();
      bytesReceived += chunk.byteLength;
      for (const f of reader.push(chunk)) {
        if (f.flags & CONNECT_END_STREAM_FLAG) {
          end(`connect end-stream ${f.payload.toString("utf8").slice(0, 200)}`);
          continue;
        }
        messagesReceived++;
        const h = decodeWatchHeader(f.payload);
        const wasStarted = w.first !== undefined;
        w.onMessage(h, now, measuring && h.kind !== KIND_HEARTBEAT ? latency : undefined);
        if (!wasStarted && w.first !== undefined) started++;
      }
      onProgress?.();
    });
    stream.end(requestBody);
  }

  const t0 = Date.now();
  const sessionCount = Math.ceil(config.watchers / config.streamsPerSession);
  for (let s = 0; s < sessionCount; s++) {
    const session = http2.connect(config.url, { maxSessionMemory: 64 });
    session.on("error", (err) => countEnd(`session error ${err.message}`));
    sessions.push(session);
    await new Promise<void>((resolve, reject) => {
      session.once("connect", () => resolve());
      session.once("error", reject);
    });
    const n = Math.min(config.streamsPerSession, config.watchers - s * config.streamsPerSession);
    for (let i = 0; i < n; i++) openStream(session);
  }

  const waitFor = (cond: () => boolean, timeoutMs: number) =>
    new Promise<void>((resolve) => {
      if (cond()) return resolve();
      const timer = setTimeout(finish, timeoutMs);
      const poll = setInterval(() => cond() && finish(), 100);
      function finish() {
        clearTimeout(timer);
        clearInterval(poll);
        onProgress = undefined;
        resolve();
      }
      onProgress = () => {
        if (cond()) finish();
      };
    });

  await waitFor(() => started + failed >= config.watchers, config.openTimeoutMs);
  toParent({ type: "ready", openMs: Date.now() - t0, started, watchers: config.watchers, failed });

  measuring = true;
  const cpuStart = cpuSample();
  const finish = await new Promise<Extract<ToChild, { type: "finish" }>>((resolve) => {
    process.on("message", (m: ToChild) => {
      if (m.type === "finish") resolve(m);
    });
  });
  const drainStart = Date.now();
  const reached = () => watchers.reduce((n, w) => n + (w.last >= finish.finalSequence ? 1 : 0), 0);
  const live = () => watchers.length - Object.values(endedEarly).reduce((a, b) => a + b, 0);
  await waitFor(() => reached() >= Math.min(watchers.length, live()) || reached() === watchers.length, finish.graceMs);
  const drainMs = Date.now() - drainStart;
  const cpuEnd = cpuSample();

  const result: LoadGenResult = {
    delivery: summarizeDelivery(watchers, finish.finalSequence),
    latency: latency.summary(),
    drainMs,
    endedEarly,
    bytesReceived,
    messagesReceived,
    cpuPercent: cpuPercent(cpuStart, cpuEnd),
  };
  toParent({ type: "result", result });
  for (const s of sessions) s.destroy();
  disconnectFromParent();
}

main().catch((err: unknown) => {
  toParent({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
  disconnectFromParent();
});
