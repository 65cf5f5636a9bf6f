// The server under test of the watch benchmark, run as its own process: one
// real Blox replica (createBloxApp: SQLite store in a temporary directory,
// scheduler, watch hub, gRPC fast path, Connect handler) on 127.0.0.1:0, with
// the simulated cluster at short task latencies so the benchmark's setup
// deploy converges in a second. Reports its port and, on request, its CPU time.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBloxApp } from "../../server/app.js";
import { systemClock } from "../../server/clock.js";
import { createSimulatedCluster, DEFAULT_SIM_CONFIG } from "../../server/cluster/simulator/index.js";
import { loadConfig } from "../../server/config.js";
import { childArg, cpuSampleWithLoopDelay, disconnectFromParent, monitorLoopDelay, toParent, type ToChild } from "./ipc.js";
import { silentLogger } from "../../server/observability/logger.js";

export interface BloxServerArg {
  /** Serve plain-gRPC watches through the fast path (default true). */
  watchFastPath?: boolean;
}

async function main(): Promise<void> {
  const arg = childArg<BloxServerArg>();
  const dir = mkdtempSync(join(tmpdir(), "blox-watch-bench-"));
  const config = loadConfig({ BLOX_LISTEN: "127.0.0.1:0", BLOX_DATA_DIR: dir, BLOX_REPLICA_ID: "watch-bench" }, []);
  const backend = createSimulatedCluster({
    clock: systemClock,
    config: { ...DEFAULT_SIM_CONFIG, latencies: { startMs: 50, stopMs: 30 } },
  });
  const app = createBloxApp(config, {
    backend,
    watchFastPath: arg.watchFastPath ?? true,
    shutdownGraceMs: 1000,
    logger: { ...silentLogger, warn: (m, f) => void process.stderr.write(`blox-server warn: ${m} ${JSON.stringify(f ?? {})}\n`) },
  });
  const { port } = await app.start();
  monitorLoopDelay();
  toParent({ type: "listening", port });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.stop().catch(() => {});
    await backend.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    disconnectFromParent();
    process.exit(0);
  };
  process.on("message", (m: ToChild) => {
    if (m.type === "cpu") toParent({ type: "cpu", sample: cpuSampleWithLoopDelay() });
    else if (m.type === "stop") void stop();
  });
  process.on("SIGTERM", () => void stop());
  process.on("disconnect", () => void stop());
}

main().catch((err: unknown) => {
  toParent({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
});
