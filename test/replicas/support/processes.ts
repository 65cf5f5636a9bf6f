// Real server processes for the multi-replica tests: `node --import tsx
// server/main.ts` replicas and the `npm run ecs-sim` cluster, each its own OS
// process, so a SIGKILL is a real crash. Every process started here is
// registered, stopped by stopAllProcesses() and SIGKILLed at the latest when
// the test runner exits, so none outlives the run.

import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** A child process with its captured output. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** stdout and stderr so far, interleaved as received. */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it has exited. */
  hasExited(): boolean;
  /** Sends SIGKILL: no shutdown hook runs, nothing is released. */
  crash(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ReplicaProcess extends ManagedProcess {
  /** BLOX_REPLICA_ID. */
  readonly id: string;
  /** http://127.0.0.1:PORT */
  readonly url: string;
}

export interface EcsSimProcess extends ManagedProcess {
  /** The endpoint's URL, for AWS_ENDPOINT_URL_ECS. */
  readonly url: string;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // mocha --exit calls process.exit(): last chance to take the children along.
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

const registry = new Set<ManagedProcess>();

/** Environment of the test runner without Blox / AWS / MongoDB settings that would leak into a child. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(BLOX_|AWS_|MONGODB_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

function launch(name: string, args: string[], env: Record<string, string>): { proc: ManagedProcess; child: ChildProcess; onLine(cb: (line: string) => void): void } {
  installExitHook();
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${args.join(" ")}`);
  live.add(child);
  let out = "";
  const lineListeners: ((line: string) => void)[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      out += chunk;
      partial += chunk;
      let nl: number;
      while ((nl = partial.indexOf("\n")) >= 0) {
        const line = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        for (const l of lineListeners) l(line);
      }
    });
  }
  let exitedFlag = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once("exit", (code, signal) => {
      exitedFlag = true;
      live.delete(child);
      resolveExit({ code, signal });
    });
  });
  const proc: ManagedProcess = {
    name,
    pid: child.pid,
    output: () => out,
    exited,
    hasExited: () => exitedFlag,
    async crash() {
      if (!exitedFlag) child.kill("SIGKILL");
      await exited;
    },
    async stop(graceMs = 5000) {
      if (exitedFlag) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  registry.add(proc);
  void exited.then(() => registry.delete(proc));
  return { proc, child, onLine: (cb) => lineListeners.push(cb) };
}

/** Waits for the first output line matching `pattern`; fails with the output if the process exits first or time runs out. */
function waitForLine(
  launched: ReturnType<typeof launch>,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  const { proc } = launched;
  return new Promise((resolveLine, reject) => {
    const timer = setTimeout(() => {
      void proc.crash();
      reject(new Error(`${proc.name}: no line matching ${pattern} within ${timeoutMs} ms; output:\n${proc.output()}`));
    }, timeoutMs);
    launched.onLine((line) => {
      const m = pattern.exec(line);
      if (m) {
        clearTimeout(timer);
        resolveLine(m);
      }
    });
    void proc.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${proc.name} exited (code ${code}, signal ${signal}) before it was ready; output:\n${proc.output()}`));
    });
  });
}

export interface StartReplicaOptions {
  /** BLOX_REPLICA_ID; also the process name in messages. */
  id: string;
  /** Store selection: BLOX_STORE, BLOX_DATA_DIR or MONGODB_URI (see stores.ts). */
  storeEnv: Record<string, string>;
  /** More variables (BLOX_LEASE_TTL, BLOX_CLUSTER_BACKEND, ...). */
  env?: Record<string, string>;
  /** How long start-up may take (tsx compiles on first load). Default 30 s. */
  readyTimeoutMs?: number;
}

/** Starts `node --import tsx server/main.ts` on a free port; resolves once it logs its address. */
export async function startReplica(options: StartReplicaOptions): Promise<ReplicaProcess> {
  const launched = launch(`replica ${options.id}`, ["server/main.ts"], {
    BLOX_LISTEN: "127.0.0.1:0",
    BLOX_REPLICA_ID: options.id,
    ...options.storeEnv,
    ...(options.env ?? {}),
  });
  const m = await waitForLine(launched, /blox listening on (https?:\/\/[^\s]+)/, options.readyTimeoutMs ?? 30_000);
  return { ...launched.proc, id: options.id, url: m[1]! };
}

export interface StartEcsSimOptions {
  /** Simulator YAML file (--sim-config). */
  simConfigPath?: string;
  readyTimeoutMs?: number;
}

/** Starts `server/cluster/ecs-endpoint/main.ts` (what `npm run ecs-sim` runs) on a free port. */
export async function startEcsSim(options: StartEcsSimOptions = {}): Promise<EcsSimProcess> {
  const args = [join("server", "cluster", "ecs-endpoint", "main.ts"), "--listen", "127.0.0.1:0"];
  if (options.simConfigPath) args.push("--sim-config", options.simConfigPath);
  const launched = launch("ecs-sim", args, {});
  const m = await waitForLine(launched, /listening on (https?:\/\/[^\s]+)/, options.readyTimeoutMs ?? 30_000);
  return { ...launched.proc, url: m[1]! };
}

/** Stops every process started here that is still running (SIGTERM, then SIGKILL). */
export async function stopAllProcesses(graceMs = 3000): Promise<void> {
  await Promise.all([...registry].map((p) => p.stop(graceMs)));
}

/** The ECS endpoint environment for a replica using the shared cluster. */
export function ecsBackendEnv(sim: EcsSimProcess): Record<string, string> {
  return {
    BLOX_CLUSTER_BACKEND: "ecs",
    AWS_ENDPOINT_URL_ECS: sim.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "x",
    AWS_SECRET_ACCESS_KEY: "x",
  };
}
