// Messages between the watch benchmark's orchestrator and its child processes
// (the server under test and the load generator), over Node's IPC channel.

import { fork, type ChildProcess } from "node:child_process";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import type { DeliverySummary } from "./delivery.js";
import type { LatencySummary } from "./stats.js";

/** Which wire protocol the load generator speaks. Both multiplex streams over HTTP/2 sessions. */
export type WatchProtocol = "grpc" | "connect";

export interface LoadGenConfig {
  /** e.g. http://127.0.0.1:50123 */
  url: string;
  protocol: WatchProtocol;
  environmentName: string;
  watchers: number;
  /** Streams multiplexed on one HTTP/2 session, as a real gRPC client would. */
  streamsPerSession: number;
  /** Give up waiting for every first message after this long (the result says how many started). */
  openTimeoutMs: number;
}

export interface CpuSample {
  userMicros: number;
  systemMicros: number;
  atMs: number;
  /** Event-loop delay since the previous sample (children that monitor it). */
  loopDelay?: { p50Ms: number; p99Ms: number; maxMs: number };
}

export type ToChild =
  | { type: "finish"; finalSequence: number; graceMs: number }
  | { type: "cpu" }
  | { type: "drive"; durationMs: number; intervalMs: number }
  | { type: "stop" };

export type FromChild =
  | { type: "listening"; port: number }
  | { type: "ready"; openMs: number; started: number; watchers: number; failed: number }
  | { type: "result"; result: LoadGenResult }
  | { type: "cpu"; sample: CpuSample }
  | { type: "driven"; finalSequence: number; transitions: number }
  | { type: "error"; message: string };

export interface LoadGenResult {
  delivery: DeliverySummary;
  latency: LatencySummary;
  /** Time from the finish command until every watcher reached the final sequence (or the grace ran out). */
  drainMs: number;
  /** Streams that ended early: their gRPC status / error, counted. */
  endedEarly: Record<string, number>;
  bytesReceived: number;
  messagesReceived: number;
  /** Load generator CPU while measuring, % of one core. */
  cpuPercent: number;
}

export function cpuSample(): CpuSample {
  const u = process.cpuUsage();
  return { userMicros: u.user, systemMicros: u.system, atMs: Date.now() };
}

let loopMonitor: IntervalHistogram | undefined;

/** In a server child: starts measuring event-loop delay (reported by cpuSampleWithLoopDelay). */
export function monitorLoopDelay(): void {
  loopMonitor ??= monitorEventLoopDelay({ resolution: 10 });
  loopMonitor.enable();
}

/** cpuSample plus the event-loop delay since the previous call (then resets it). */
export function cpuSampleWithLoopDelay(): CpuSample {
  const sample = cpuSample();
  if (loopMonitor) {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    sample.loopDelay = { p50Ms: ms(loopMonitor.percentile(50)), p99Ms: ms(loopMonitor.percentile(99)), maxMs: ms(loopMonitor.max) };
    loopMonitor.reset();
  }
  return sample;
}

/** CPU used between two samples as % of one core. */
export function cpuPercent(a: CpuSample, b: CpuSample): number {
  const wallMs = b.atMs - a.atMs;
  if (wallMs <= 0) return 0;
  const cpuMs = (b.userMicros - a.userMicros + b.systemMicros - a.systemMicros) / 1000;
  return Math.round((cpuMs / wallMs) * 1000) / 10;
}

/** A child process speaking this IPC, with a typed "wait for the next message of this type". */
export interface Child {
  process: ChildProcess;
  send(message: ToChild): void;
  next<T extends FromChild["type"]>(type: T, timeoutMs: number): Promise<Extract<FromChild, { type: T }>>;
  /** Kills the child (SIGKILL if it has not exited 2 s after SIGTERM). */
  kill(): Promise<void>;
}

/** Forks `modulePath` under tsx with `arg` as JSON in argv[2]. */
export function forkChild(modulePath: string, arg: unknown, extraExecArgv: string[] = []): Child {
  const proc = fork(modulePath, [JSON.stringify(arg)], {
    execArgv: ["--import", "tsx", ...extraExecArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const inbox: FromChild[] = [];
  const waiters = new Set<() => void>();
  let exited: string | undefined;
  // A child that already disconnected makes a late send fail asynchronously; that is not an error here.
  proc.on("error", () => {});
  proc.on("message", (m) => {
    inbox.push(m as FromChild);
    for (const w of [...waiters]) w();
  });
  proc.on("exit", (code, signal) => {
    exited = `exited with ${signal ?? code}`;
    for (const w of [...waiters]) w();
  });
  return {
    process: proc,
    send(message) {
      if (!proc.connected) return;
      try {
        proc.send(message, (err) => void err);
      } catch {
        // disconnected meanwhile
      }
    },
    next(type, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const err = inbox.findIndex((m) => m.type === "error");
          if (err >= 0) {
            const m = inbox.splice(err, 1)[0] as Extract<FromChild, { type: "error" }>;
            done();
            reject(new Error(`${modulePath}: ${m.message}`));
            return;
          }
          const i = inbox.findIndex((m) => m.type === type);
          if (i >= 0) {
            done();
            resolve(inbox.splice(i, 1)[0] as Extract<FromChild, { type: typeof type }>);
          } else if (exited) {
            done();
            reject(new Error(`${modulePath} ${exited} while waiting for "${type}"`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${modulePath}: no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise<void>((r) => proc.once("exit", () => r()));
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 2000);
      await gone;
      clearTimeout(t);
    },
  };
}

/** In a child: sends a message to the parent. */
export function toParent(message: FromChild): void {
  if (process.connected) process.send?.(message);
}

/** In a child: drops the IPC channel if it is still open. */
export function disconnectFromParent(): void {
  if (process.connected) process.disconnect?.();
}

/** In a child: the JSON argument the parent passed. */
export function childArg<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error("expected a JSON argument (this module is started by bench/watch/watch-bench.ts)");
  return JSON.parse(raw) as T;
}
