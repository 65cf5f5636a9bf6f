// The watch scale benchmark (the spec's scale target).
//
// For each watcher count it starts a server in its own process, a load
// generator in another (node:http2 sessions, `streamsPerSession` streams each,
// plain gRPC or Connect framing), lets one environment change status
// 4 times a second for `durationMs`, and measures transition-to-receipt
// latency (the message's time field against the receive time, same machine
// clock) and delivery (every status, or a snapshot flagged coalesced).
//
// Servers measured in the same run:
// - floor: a bare node:http2 server writing one shared pre-framed gRPC message
//   to every stream (floor-server.ts);
// - blox-grpc: a real Blox replica, plain gRPC watchers (the fast path);
// - blox-connect: the same replica, Connect-protocol watchers (Connect's handler).
//
// How Blox transitions are driven (honest, end to end): this process calls
// FreezeEnvironment / ThawEnvironment alternately every `intervalMs` over
// gRPC. Each call goes through the API service and the store to the
// scheduler, which re-plans, journals the new status (Frozen / Active) with
// the FROZEN / THAWED event, and the watch hub fans it out. The time field is
// the journal entry's time, so latency covers journal → hub → framing → wire
// → load generator, not the scheduler's reaction to the RPC.
//
// Run alone: `node --import tsx bench/watch/watch-bench.ts` (BENCH_QUICK=1 for a short run).

import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createBloxClient, type BloxClient } from "../../client/client.js";
import { DeploymentMethod, EnvironmentStatus } from "../../gen/blox/v1/environment_pb.js";
import { parseDuration } from "../../server/config.js";
import { emptyDeliverySummary } from "./delivery.js";
import { cpuPercent, forkChild, type Child, type CpuSample, type LoadGenConfig, type LoadGenResult, type WatchProtocol } from "./ipc.js";

export interface WatchBenchOptions {
  /** How long the environment keeps changing. BENCH_WATCH_DURATION, default 20s (BENCH_QUICK: 5s). */
  durationMs: number;
  /** Time between transitions. BENCH_WATCH_INTERVAL, default 250ms (4 a second). */
  intervalMs: number;
  /** Watcher counts for the floor and Blox gRPC. BENCH_WATCH_COUNTS, default 100,1000,10000 (BENCH_QUICK: 100,1000); empty: none. */
  grpcWatchers: number[];
  /** Watcher counts for the Connect protocol. BENCH_WATCH_CONNECT_COUNTS, default 100,1000 (BENCH_QUICK: 100); empty: none. */
  connectWatchers: number[];
  /** BENCH_WATCH_STREAMS_PER_SESSION, default 100. */
  streamsPerSession: number;
  /** How long after the last transition watchers may take to catch up before the rest count as undelivered. Default 15s. */
  graceMs: number;
  /** Give up opening streams after this long. Default 90s. */
  openTimeoutMs: number;
  /** Extra node flags for the Blox server process, e.g. --cpu-prof. BENCH_WATCH_SERVER_NODE_OPTIONS (space-separated). */
  serverExecArgv?: string[];
  /** Progress lines on stderr. */
  log?: (line: string) => void;
}

export type WatchTarget = "floor" | "blox-grpc" | "blox-connect";

export interface WatchRun {
  target: WatchTarget;
  protocol: WatchProtocol;
  watchers: number;
  /** Time to open every stream and receive every first message. */
  openMs: number;
  started: number;
  transitions: number;
  /** Blox: Freeze/Thaw calls made. Fewer transitions than calls means the scheduler merged a freeze and a thaw (it fell behind). */
  driverCalls?: number;
  /** 1-minute load average before and after the run: other processes on the machine compete for its 2 cores. */
  loadavg: [number, number];
  /** Transitions per second actually achieved. */
  rate: number;
  /** Server process CPU while the environment was changing, % of one core. */
  serverCpuPercent: number;
  /** The server's event-loop delay while the environment was changing (a blocked loop delays every stream). */
  serverLoopDelay?: CpuSample["loopDelay"];
  loadGenCpuPercent: number;
  latency: LoadGenResult["latency"];
  delivery: LoadGenResult["delivery"];
  drainMs: number;
  endedEarly: Record<string, number>;
  bytesPerMessage: number;
  error?: string;
}

export interface WatchComparison {
  watchers: number;
  floorP99Ms?: number;
  bloxGrpcP99Ms?: number;
  /** Blox gRPC p99 / floor p99. */
  bloxGrpcRatio?: number;
  connectP99Ms?: number;
  /** Connect p99 / floor p99. */
  connectRatio?: number;
}

export interface WatchBenchReport {
  options: Omit<WatchBenchOptions, "log">;
  machine: { cpus: number; node: string; loadavgAtStart: number[] };
  transitionDriver: string;
  runs: WatchRun[];
  comparison: WatchComparison[];
  /** The target: 10,000 gRPC watchers, every status (or flagged), p99 ≤ 300 ms. */
  scaleTarget: { watchers: number; measured: boolean; p99Ms?: number; budgetMs: number; everyStatusOrFlagged?: boolean; met: boolean };
  notes: string[];
  wallMs: number;
}

const ENVIRONMENT = "SomeEnvironment/Prod";
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function counts(text: string | undefined, fallback: number[], key: string): number[] {
  if (text === undefined) return fallback;
  if (text.trim() === "") return []; // set but empty: skip these runs
  const out = text.split(",").map((s) => Number(s.trim()));
  if (out.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`${key}: expected positive integers separated by commas, got ${JSON.stringify(text)}`);
  return out;
}

/** Options from BENCH_* environment variables (see WatchBenchOptions). */
export function watchBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WatchBenchOptions {
  const quick = env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true";
  const duration = (key: string, fallback: number) => (env[key] ? parseDuration(env[key]!, key) : fallback);
  const perSession = Number(env.BENCH_WATCH_STREAMS_PER_SESSION ?? 100);
  if (!Number.isInteger(perSession) || perSession <= 0) throw new Error("BENCH_WATCH_STREAMS_PER_SESSION: expected a positive integer");
  return {
    durationMs: duration("BENCH_WATCH_DURATION", quick ? 5_000 : 20_000),
    intervalMs: duration("BENCH_WATCH_INTERVAL", 250),
    grpcWatchers: counts(env.BENCH_WATCH_COUNTS, quick ? [100, 1000] : [100, 1000, 10_000], "BENCH_WATCH_COUNTS"),
    connectWatchers: counts(env.BENCH_WATCH_CONNECT_COUNTS, quick ? [100] : [100, 1000], "BENCH_WATCH_CONNECT_COUNTS"),
    streamsPerSession: perSession,
    graceMs: duration("BENCH_WATCH_GRACE", 15_000),
    openTimeoutMs: duration("BENCH_WATCH_OPEN_TIMEOUT", 90_000),
    serverExecArgv: env.BENCH_WATCH_SERVER_NODE_OPTIONS?.split(/\s+/).filter(Boolean),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Polls `read` until `ok` holds; returns the last value. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Creates the doc's walkthrough environment, deploys revision 1 and waits until it is Active. */
async function setUpEnvironment(client: BloxClient): Promise<void> {
  await client.createEnvironment({
    spec: {
      name: ENVIRONMENT,
      taskDefinition: "log-daemon:1",
      cluster: "default",
      instanceGroup: { query: "attribute:stack == prod" },
      deployment: { method: DeploymentMethod.REPLACE_THEN_TERMINATE, configuration: { minHealthyPercent: 80, maxOverPercent: 25 } },
    },
  });
  await client.deployEnvironment({ environmentName: ENVIRONMENT, revision: 1n });
  await until(
    () => client.describeEnvironmentStatus({ environmentName: ENVIRONMENT }),
    (d) => d.status?.status === EnvironmentStatus.ACTIVE,
    30_000,
    "the setup deploy to become Active",
  );
}

/**
 * Freeze/thaw every intervalMs for durationMs (an even number of calls, so
 * it ends thawed); returns the journal sequence at start and at the end.
 */
async function driveBlox(client: BloxClient, durationMs: number, intervalMs: number): Promise<{ from: number; to: number; calls: number; elapsedMs: number }> {
  const from = Number((await client.describeEnvironmentStatus({ environmentName: ENVIRONMENT })).sequence);
  const calls = Math.max(2, 2 * Math.floor(durationMs / intervalMs / 2));
  const start = Date.now();
  for (let k = 0; k < calls; k++) {
    await sleep(start + k * intervalMs - Date.now());
    if (k % 2 === 0) await client.freezeEnvironment({ environmentName: ENVIRONMENT });
    else await client.thawEnvironment({ environmentName: ENVIRONMENT });
  }
  const elapsedMs = Date.now() - start;
  // The last thaw is journaled by the scheduler shortly after the call returns.
  const last = await until(
    () => client.describeEnvironmentStatus({ environmentName: ENVIRONMENT }),
    (d) => d.status?.frozen === false && d.status.status === EnvironmentStatus.ACTIVE && Number(d.sequence) > from,
    10_000,
    "the last thaw to be journaled",
  );
  return { from, to: Number(last.sequence), calls, elapsedMs };
}

async function runOne(target: WatchTarget, watchers: number, o: WatchBenchOptions): Promise<WatchRun> {
  const protocol: WatchProtocol = target === "blox-connect" ? "connect" : "grpc";
  const children: Child[] = [];
  const run: WatchRun = {
    target,
    protocol,
    watchers,
    openMs: 0,
    started: 0,
    transitions: 0,
    loadavg: [Math.round(loadavg()[0]! * 100) / 100, 0],
    rate: 0,
    serverCpuPercent: 0,
    loadGenCpuPercent: 0,
    latency: { count: 0, p50Ms: Number.NaN, p90Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN, meanMs: Number.NaN },
    delivery: emptyDeliverySummary(watchers),
    drainMs: 0,
    endedEarly: {},
    bytesPerMessage: 0,
  };
  try {
    const server =
      target === "floor"
        ? forkChild(here("./floor-server.ts"), { environmentName: ENVIRONMENT })
        : forkChild(here("./blox-server.ts"), { watchFastPath: true }, o.serverExecArgv ?? []);
    children.push(server);
    const { port } = await server.next("listening", 60_000);
    const url = `http://127.0.0.1:${port}`;
    const client = target === "floor" ? undefined : createBloxClient({ endpoint: url, protocol: "grpc", timeoutMs: 30_000 });
    if (client) await setUpEnvironment(client);

    const loadGenConfig: LoadGenConfig = {
      url,
      protocol,
      environmentName: ENVIRONMENT,
      watchers,
      streamsPerSession: o.streamsPerSession,
      openTimeoutMs: o.openTimeoutMs,
    };
    const loadGen = forkChild(here("./load-generator.ts"), loadGenConfig);
    children.push(loadGen);
    const ready = await loadGen.next("ready", o.openTimeoutMs + 60_000);
    run.openMs = ready.openMs;
    run.started = ready.started;
    o.log?.(`  ${target} ${watchers}: ${ready.started}/${watchers} streams open in ${ready.openMs} ms`);

    server.send({ type: "cpu" });
    const cpuA = (await server.next("cpu", 30_000)).sample;
    let finalSequence: number;
    let elapsedMs: number;
    if (client) {
      const driven = await driveBlox(client, o.durationMs, o.intervalMs);
      finalSequence = driven.to;
      run.transitions = driven.to - driven.from;
      run.driverCalls = driven.calls;
      elapsedMs = driven.elapsedMs;
    } else {
      const t = Date.now();
      server.send({ type: "drive", durationMs: o.durationMs, intervalMs: o.intervalMs });
      const driven = await server.next("driven", o.durationMs + 60_000);
      finalSequence = driven.finalSequence;
      run.transitions = driven.transitions;
      elapsedMs = Date.now() - t;
    }
    server.send({ type: "cpu" });
    const cpuB = (await server.next("cpu", 30_000)).sample;
    run.serverCpuPercent = cpuPercent(cpuA, cpuB);
    run.serverLoopDelay = cpuB.loopDelay;
    run.rate = Math.round((run.transitions / (elapsedMs / 1000)) * 100) / 100;

    loadGen.send({ type: "finish", finalSequence, graceMs: o.graceMs });
    const { result } = await loadGen.next("result", o.graceMs + 60_000);
    run.latency = result.latency;
    run.delivery = result.delivery;
    run.drainMs = result.drainMs;
    run.endedEarly = result.endedEarly;
    run.loadGenCpuPercent = result.cpuPercent;
    run.bytesPerMessage = result.messagesReceived > 0 ? Math.round(result.bytesReceived / result.messagesReceived) : 0;
  } catch (err) {
    run.error = err instanceof Error ? err.message : String(err);
  } finally {
    run.loadavg[1] = Math.round(loadavg()[0]! * 100) / 100;
    for (const c of children.reverse()) {
      c.send({ type: "stop" });
      await c.kill();
    }
  }
  o.log?.(
    `  ${target} ${watchers}: p50 ${run.latency.p50Ms} ms, p99 ${run.latency.p99Ms} ms, max ${run.latency.maxMs} ms, ` +
      `${run.transitions} transitions, delivered ${run.delivery.everyStatusOrFlagged ? "all" : "NOT all"}, server CPU ${run.serverCpuPercent}%, ` +
      `server loop delay p99 ${run.serverLoopDelay?.p99Ms ?? "?"} ms max ${run.serverLoopDelay?.maxMs ?? "?"} ms` +
      (run.error ? `, error: ${run.error}` : ""),
  );
  return run;
}

const ratio = (a?: number, b?: number) =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) ? undefined : Math.round((a / Math.max(1, b)) * 100) / 100;

/** Runs the whole watch benchmark; see the file comment. */
export async function benchWatch(options: WatchBenchOptions = watchBenchOptionsFromEnv()): Promise<WatchBenchReport> {
  const t0 = Date.now();
  const runs: WatchRun[] = [];
  const plan: [WatchTarget, number][] = [];
  for (const n of options.grpcWatchers) plan.push(["floor", n], ["blox-grpc", n]);
  for (const n of options.connectWatchers) plan.push(["blox-connect", n]);
  for (const [target, n] of plan) {
    options.log?.(`watch bench: ${target} with ${n} watchers`);
    runs.push(await runOne(target, n, options));
  }

  const find = (t: WatchTarget, n: number) => runs.find((r) => r.target === t && r.watchers === n && !r.error);
  const all = [...new Set([...options.grpcWatchers, ...options.connectWatchers])].sort((a, b) => a - b);
  const comparison: WatchComparison[] = all.map((n) => {
    const floor = find("floor", n)?.latency.p99Ms;
    const grpc = find("blox-grpc", n)?.latency.p99Ms;
    const connect = find("blox-connect", n)?.latency.p99Ms;
    return { watchers: n, floorP99Ms: floor, bloxGrpcP99Ms: grpc, bloxGrpcRatio: ratio(grpc, floor), connectP99Ms: connect, connectRatio: ratio(connect, floor) };
  });
  const big = find("blox-grpc", 10_000);
  const budgetMs = 300;
  const { log: _log, ...printable } = options;
  return {
    options: printable,
    machine: { cpus: cpus().length, node: process.version, loadavgAtStart: loadavg().map((x) => Math.round(x * 100) / 100) },
    transitionDriver:
      "FreezeEnvironment/ThawEnvironment over gRPC from the orchestrator process, alternating every intervalMs; " +
      "each call is journaled by the scheduler as a Frozen/Active status with its event and fanned out by the watch hub. " +
      "Floor: a timer in the floor process writes one pre-framed message of similar size to every stream.",
    runs,
    comparison,
    scaleTarget: {
      watchers: 10_000,
      measured: big !== undefined,
      p99Ms: big?.latency.p99Ms,
      budgetMs,
      everyStatusOrFlagged: big?.delivery.everyStatusOrFlagged,
      met: big !== undefined && big.delivery.everyStatusOrFlagged && big.latency.p99Ms <= budgetMs,
    },
    notes: [
      `file descriptors: ${Math.ceil(Math.max(...options.grpcWatchers, ...options.connectWatchers, 1) / options.streamsPerSession)} ` +
        `client sockets at most (streams are multiplexed ${options.streamsPerSession} per HTTP/2 session), far below ulimit -n`,
      "server, load generator and orchestrator are separate processes on the same machine; latency = receive time − the message's time field (same clock, ms resolution)",
      "the machine is shared: other processes' CPU use shows up as latency; compare against the floor of the same run",
    ],
    wallMs: Date.now() - t0,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const options = { ...watchBenchOptionsFromEnv(), log: (l: string) => process.stderr.write(`${l}\n`) };
  benchWatch(options).then(
    (report) => process.stdout.write(`${JSON.stringify(report, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
