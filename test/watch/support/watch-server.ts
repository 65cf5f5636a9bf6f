// A real Blox server for the watch acceptance tests: createBloxApp on
// 127.0.0.1:0 with the SQLite store in a temporary directory and the
// simulator's walkthrough cluster (5 × stack=prod, 3 × stack=gamma) at short
// task latencies (start 50 ms, stop 30 ms), so a rollout converges in about a
// second on the real clock.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBloxClient, type BloxClient } from "../../../client/client.js";
import { DeploymentMethod } from "../../../gen/blox/v1/environment_pb.js";
import { createBloxApp, type BloxApp } from "../../../server/app.js";
import { systemClock } from "../../../server/clock.js";
import { createSimulatedCluster, DEFAULT_SIM_CONFIG, type SimulatedCluster } from "../../../server/cluster/simulator/index.js";
import { loadConfig } from "../../../server/config.js";
import { createStoreFromConfig } from "../../../server/store/create-store.js";
import type { BloxStore } from "../../../server/store/store.js";
import { silentLogger } from "../../../server/observability/logger.js";

/** The environment of the design doc's walkthrough. */
export const WALKTHROUGH_ENV = "SomeEnvironment/Prod";

export const WALKTHROUGH_SPEC = {
  name: WALKTHROUGH_ENV,
  taskDefinition: "log-daemon:1",
  cluster: "default",
  instanceGroup: { query: "attribute:stack == prod" },
  deployment: { method: DeploymentMethod.REPLACE_THEN_TERMINATE, configuration: { minHealthyPercent: 80, maxOverPercent: 25 } },
};

export interface WatchTestServer {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  port: number;
  /** A gRPC client for driving the environment. */
  client: BloxClient;
  /** The server's own store (e.g. to trim the journal). */
  store: BloxStore;
  backend: SimulatedCluster;
  app: BloxApp;
  stop(): Promise<void>;
}

export interface WatchTestServerOptions {
  /** BLOX_HEARTBEAT_INTERVAL; default 60s so heartbeats stay out of the sequences under test. */
  heartbeatInterval?: string;
}

export async function startWatchTestServer(options: WatchTestServerOptions = {}): Promise<WatchTestServer> {
  const dir = mkdtempSync(join(tmpdir(), "blox-watch-acceptance-"));
  const config = loadConfig(
    {
      BLOX_LISTEN: "127.0.0.1:0",
      BLOX_DATA_DIR: dir,
      BLOX_REPLICA_ID: "watch-acceptance",
      BLOX_HEARTBEAT_INTERVAL: options.heartbeatInterval ?? "60s",
    },
    [],
  );
  const backend = createSimulatedCluster({
    clock: systemClock,
    config: { ...DEFAULT_SIM_CONFIG, latencies: { startMs: 50, stopMs: 30 } },
  });
  const store = createStoreFromConfig({ kind: "sqlite", dataDir: dir, logger: silentLogger });
  const app = createBloxApp(config, {
    backend,
    store,
    shutdownGraceMs: 500,
    logger: silentLogger,
  });
  let started: { host: string; port: number };
  try {
    started = await app.start();
  } catch (err) {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const baseUrl = `http://${started.host}:${started.port}`;
  return {
    baseUrl,
    port: started.port,
    client: createBloxClient({ endpoint: baseUrl, protocol: "grpc", timeoutMs: 10_000 }),
    store,
    backend,
    app,
    async stop() {
      await app.stop();
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
