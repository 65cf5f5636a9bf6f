// Real `blox` server processes (and the ECS-compatible cluster endpoint) for
// end-to-end and multi-replica tests: spawned on port 0, the bound port parsed
// from their log, killed for real (SIGTERM / SIGKILL: a SIGKILL is a real
// crash) and restarted on the same data dir.
//
// Every process started here is tracked until it exits; call
// stopAllProcesses() from an after/afterEach hook. A last-resort `exit`
// handler SIGKILLs whatever is left, so a failing test (or mocha's --exit)
// never leaves a stray server behind.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

/** Repository root (cwd of spawned processes). */
export const REPO = fileURLToPath(new URL("../..", import.meta.url));
/** The CLI entry point (`node bin/blox.js`). */
export const BLOX_BIN = join(REPO, "bin", "blox.js");

const SERVER_ENTRY = join(REPO, "server", "main.ts");
const ECS_SIM_ENTRY = join(REPO, "tools", "ecs-endpoint", "main.ts");
/** Keep at most this much of a process's output (the tail). */
const MAX_LOG_CHARS = 256 * 1024;

const live = new Set<ChildProcess>();
// mocha --exit calls process.exit(): last chance to take the children along.
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/**
 * The test runner's environment without Blox / AWS / MongoDB settings: a
 * developer's own BLOX_STORE, AWS_PROFILE or MONGODB_URI must not leak into a
 * spawned process.
 */
function scrubbedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(BLOX_|AWS_|MONGODB_)/.test(k)) env[k] = v;
  return env;
}

/** A simulator YAML as an object (see server/cluster/simulator/sim-config.ts). */
export type SimConfigObject = Record<string, unknown>;

/**
 * Simulator settings that keep end-to-end tests quick: the doc's cluster
 * (`default`: 5 × stack=prod, 3 × stack=gamma) with 100 ms starts and 50 ms stops.
 */
export const FAST_SIM_CONFIG: SimConfigObject = {
  clusters: [
    {
      name: "default",
      instances: [
        { count: 5, attributes: { stack: "prod" } },
        { count: 3, attributes: { stack: "gamma" } },
      ],
    },
  ],
  latencies: { start: "100ms", stop: "50ms" },
};

/** Server settings for tests: quick resync and a short lease so a restarted process takes over fast. */
export const FAST_SERVER_ENV: Record<string, string> = {
  BLOX_RESYNC_INTERVAL: "200ms",
  BLOX_LEASE_TTL: "2s",
};

export interface ServerProcessOptions {
  /** The embedded store's directory. Default: a fresh temporary directory, removed by stopAllProcesses(). */
  dataDir?: string;
  /** BLOX_REPLICA_ID (default: the server's `<hostname>-<pid>`); also names the process in error messages. */
  replicaId?: string;
  /** Store selection (BLOX_STORE, BLOX_DATA_DIR or MONGODB_URI; see test/replicas/support/stores.ts), applied over `dataDir`. */
  storeEnv?: Record<string, string>;
  /**
   * Extra environment (BLOX_*, AWS_*), applied last; undefined values unset
   * variables. Inherited BLOX_*, AWS_* and MONGODB_* variables are dropped;
   * FAST_SERVER_ENV is the default.
   */
  env?: Record<string, string | undefined>;
  /** Simulator config: an object (written to a temporary YAML file) or a path. Default: FAST_SIM_CONFIG. Ignored for BLOX_CLUSTER_BACKEND=ecs. */
  simConfig?: SimConfigObject | string;
  /** Port to listen on. Default 0 (a free port). */
  port?: number;
  /** Give up waiting for the "listening" line after this long. Default 30 s. */
  startTimeoutMs?: number;
}

export interface RestartOptions {
  /** Listen on the same port as before (default: a new free port). */
  samePort?: boolean;
  /** Environment changes for the new process (merged over the original options' env). */
  env?: Record<string, string | undefined>;
}

export interface ServerProcess {
  /** `http://127.0.0.1:PORT` of the current process. */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  /** BLOX_DATA_DIR of the process. */
  readonly dataDir: string;
  /** BLOX_REPLICA_ID of the current process, if one was set. */
  readonly replicaId: string | undefined;
  /** Whether the current process has exited. */
  readonly exited: boolean;
  /** SIGTERM (graceful stop), SIGKILL after `graceMs` (default 10 s); resolves to the exit code (null when killed by a signal). */
  stop(graceMs?: number): Promise<number | null>;
  /** SIGKILL (a crash: no shutdown hook runs, nothing is released) and wait for the exit. */
  kill(): Promise<void>;
  /** Starts a new process on the same data dir (the current one must have exited; call stop() or kill() first). */
  restart(options?: RestartOptions): Promise<void>;
  /** stdout and stderr of every process so far (restarts included), interleaved, with a marker per start. */
  logs(): string;
  /** Output of the current process only. */
  currentLogs(): string;
  /** Resolves when the current process's output matches `pattern` (checked on what it printed so far, too). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

interface Spawned {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
  onOutput: (listener: () => void) => () => void;
}

function spawnTracked(args: string[], env: NodeJS.ProcessEnv, append: (text: string) => void): Spawned {
  const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    const s = d.toString();
    out = (out + s).slice(-MAX_LOG_CHARS);
    append(s);
    for (const l of listeners) l();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("error", (err) => {
      onData(Buffer.from(`[spawn error: ${err.message}]\n`));
      live.delete(child);
      resolve({ code: null, signal: null });
    });
    child.on("exit", (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
      for (const l of listeners) l();
    });
  });
  return {
    child,
    exit,
    output: () => out,
    onOutput: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

/** Waits until `p`'s output matches, failing (with the output) if it exits first or the time runs out. */
function waitForOutput(p: Spawned, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err: Error | undefined, m?: RegExpMatchArray) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      if (err) reject(err);
      else resolve(m!);
    };
    const check = () => {
      const m = p.output().match(pattern);
      if (m) return finish(undefined, m);
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        finish(new Error(`${what} exited (code ${p.child.exitCode}, signal ${p.child.signalCode}) before printing ${pattern}; output:\n${p.output()}`));
      }
    };
    const timer = setTimeout(() => finish(new Error(`${what}: no ${pattern} within ${timeoutMs} ms; output:\n${p.output()}`)), timeoutMs);
    const unsubscribe = p.onOutput(check);
    void p.exit.then(check);
    check();
  });
}

async function signalAndWait(p: Spawned, signal: NodeJS.Signals, graceMs: number): Promise<number | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
  try {
    return (await p.exit).code;
  } finally {
    clearTimeout(timer);
  }
}

const cleanups: ((graceMs: number) => Promise<void>)[] = [];

/** Stops every process started through this module (SIGTERM, SIGKILL after `graceMs`) and removes their temporary files. */
export async function stopAllProcesses(graceMs = 3000): Promise<void> {
  const pending = cleanups.splice(0);
  await Promise.all(pending.map((c) => c(graceMs).catch(() => undefined)));
}

/**
 * Spawns `node --import tsx server/main.ts` with BLOX_LISTEN=127.0.0.1:PORT
 * (0 by default) and resolves once it logs `blox listening on http://…:PORT`.
 */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const scratch = mkdtempSync(join(tmpdir(), "blox-e2e-"));
  const dataDir = options.storeEnv?.BLOX_DATA_DIR ?? options.dataDir ?? join(scratch, "data");
  const ecs = (options.env?.BLOX_CLUSTER_BACKEND ?? "").toLowerCase() === "ecs";
  let simConfigPath: string | undefined;
  if (!ecs) {
    if (typeof options.simConfig === "string") simConfigPath = options.simConfig;
    else {
      simConfigPath = join(scratch, "sim-config.yaml");
      writeFileSync(simConfigPath, stringify(options.simConfig ?? FAST_SIM_CONFIG));
    }
  }
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  let allLogs = "";
  let starts = 0;
  let current: Spawned | undefined;
  let currentEnv: NodeJS.ProcessEnv = {};
  let port = options.port ?? 0;
  const name = () => (currentEnv.BLOX_REPLICA_ID ? `blox server ${currentEnv.BLOX_REPLICA_ID}` : "blox server");

  const launch = async (listenPort: number, extraEnv: Record<string, string | undefined> = {}) => {
    starts++;
    allLogs += `\n----- start #${starts} (port ${listenPort}) -----\n`;
    const env: NodeJS.ProcessEnv = { ...scrubbedEnv(), ...FAST_SERVER_ENV, BLOX_LISTEN: `127.0.0.1:${listenPort}`, BLOX_DATA_DIR: dataDir, NO_COLOR: "1" };
    if (simConfigPath) env.BLOX_SIM_CONFIG = simConfigPath;
    if (options.replicaId) env.BLOX_REPLICA_ID = options.replicaId;
    for (const [k, v] of Object.entries({ ...options.storeEnv, ...options.env, ...extraEnv })) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const p = spawnTracked(["--import", "tsx", SERVER_ENTRY], env, (s) => {
      allLogs = (allLogs + s).slice(-MAX_LOG_CHARS);
    });
    current = p;
    currentEnv = env;
    const m = await waitForOutput(p, /blox listening on https?:\/\/[^\s"]*:(\d+)/, startTimeoutMs, name()).catch(async (err) => {
      await signalAndWait(p, "SIGKILL", 1000);
      throw err;
    });
    port = Number(m[1]);
  };

  let lastEnv: Record<string, string | undefined> = {};
  const handle: ServerProcess = {
    get endpoint() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get pid() {
      return current!.child.pid!;
    },
    get child() {
      return current!.child;
    },
    dataDir,
    get replicaId() {
      return currentEnv.BLOX_REPLICA_ID;
    },
    get exited() {
      return current!.child.exitCode !== null || current!.child.signalCode !== null;
    },
    stop: (graceMs = 10_000) => signalAndWait(current!, "SIGTERM", graceMs),
    async kill() {
      await signalAndWait(current!, "SIGKILL", 5000);
    },
    async restart(restartOptions = {}) {
      if (!handle.exited) throw new Error("restart(): the server is still running; stop() or kill() it first");
      lastEnv = { ...lastEnv, ...restartOptions.env };
      await launch(restartOptions.samePort ? port : 0, lastEnv);
    },
    logs: () => allLogs,
    currentLogs: () => current!.output(),
    waitForLog: (pattern, timeoutMs = 30_000) => waitForOutput(current!, pattern, timeoutMs, name()),
  };

  cleanups.push(async (graceMs) => {
    if (current) await signalAndWait(current, "SIGTERM", graceMs);
    rmSync(scratch, { recursive: true, force: true });
  });
  await launch(port);
  return handle;
}

export interface EcsSimProcess {
  /** `http://127.0.0.1:PORT`: use as AWS_ENDPOINT_URL_ECS. */
  readonly endpoint: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** SIGTERM, SIGKILL after `graceMs` (default 5 s); resolves to the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  logs(): string;
  /** The environment a Blox server needs to use this endpoint as its ECS (BLOX_CLUSTER_BACKEND=ecs). */
  serverEnv(): Record<string, string>;
}

export interface EcsSimProcessOptions {
  /** Simulator config: an object (written to a temporary YAML file) or a path. Default: FAST_SIM_CONFIG. */
  simConfig?: SimConfigObject | string;
  /** Give up waiting for the "listening" line after this long. Default 30 s. */
  startTimeoutMs?: number;
}

/**
 * Spawns the ECS-compatible endpoint over a simulated cluster on the system
 * clock (`npm run ecs-sim -- --listen 127.0.0.1:0 --sim-config FILE`), as a
 * process of its own so it survives when the Blox server is killed.
 */
export async function startEcsSimProcess(options: EcsSimProcessOptions = {}): Promise<EcsSimProcess> {
  const scratch = mkdtempSync(join(tmpdir(), "blox-ecs-sim-"));
  let simConfigPath: string;
  if (typeof options.simConfig === "string") simConfigPath = options.simConfig;
  else {
    simConfigPath = join(scratch, "sim-config.yaml");
    writeFileSync(simConfigPath, stringify(options.simConfig ?? FAST_SIM_CONFIG));
  }
  let logs = "";
  const p = spawnTracked(["--import", "tsx", ECS_SIM_ENTRY, "--listen", "127.0.0.1:0", "--sim-config", simConfigPath], scrubbedEnv(), (s) => {
    logs = (logs + s).slice(-MAX_LOG_CHARS);
  });
  cleanups.push(async (graceMs) => {
    await signalAndWait(p, "SIGTERM", graceMs);
    rmSync(scratch, { recursive: true, force: true });
  });
  const m = await waitForOutput(p, /listening on (http:\/\/127\.0\.0\.1:(\d+))/, options.startTimeoutMs ?? 30_000, "ecs-sim");
  const endpoint = m[1]!;
  return {
    endpoint,
    port: Number(m[2]),
    child: p.child,
    stop: (graceMs = 5000) => signalAndWait(p, "SIGTERM", graceMs),
    logs: () => logs,
    serverEnv: () => ({
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      BLOX_CLUSTER_BACKEND: "ecs",
      AWS_ENDPOINT_URL_ECS: endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "x",
      AWS_SECRET_ACCESS_KEY: "x",
    }),
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Kill the CLI after this long. Default 60 s. */
  timeoutMs?: number;
  /** Run it as `npx --no-install blox ARGS` (the package's bin entry), not `node bin/blox.js ARGS`. */
  npx?: boolean;
}

/** Runs `node bin/blox.js ARGS` against `endpoint` (BLOX_ENDPOINT, no other inherited BLOX_* setting), with `input` on stdin. */
export function runCli(endpoint: string, args: string[], input?: string, options: RunCliOptions = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const env = { ...scrubbedEnv(), BLOX_ENDPOINT: endpoint, NO_COLOR: "1" };
    const [command, argv] = options.npx ? ["npx", ["--no-install", "blox", ...args]] : [process.execPath, [BLOX_BIN, ...args]];
    const child = spawn(command, argv, { cwd: REPO, env, stdio: ["pipe", "pipe", "pipe"] });
    live.add(child);
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? "");
  });
}

/** Polls `check` until it returns a value other than undefined/false, or fails with `what` (and the last value seen). */
export async function pollUntil<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `; last error: ${String(lastError)}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
