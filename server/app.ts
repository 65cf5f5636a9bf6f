// Wires one Blox server replica: store → cluster backend → scheduler → watch
// hub → EnvironmentService → HTTP server (gRPC, gRPC-Web, Connect on one port,
// with health and reflection). start() and stop() bring them up and down in
// dependency order.

import { join } from "node:path";
import type { ConnectRouter } from "@connectrpc/connect";
import { EnvironmentService } from "../gen/blox/v1/environment_pb.js";
import { watchMessageToProto } from "./api/convert.js";
import { createEnvironmentService } from "./api/environment-service.js";
import { createAccessControl } from "./auth/access-control.js";
import { createCallGuard } from "./auth/call-guard.js";
import { loadPrincipalsFile, principalsFromTokens } from "./auth/principals-file.js";
import { createPrincipalsReloader, type PrincipalsReloader } from "./auth/principals-reloader.js";
import type { ClusterBackend } from "./cluster/backend.js";
import { createEcsBackend } from "./cluster/ecs/ecs-backend.js";
import { createSimulatedCluster, DEFAULT_SIM_CONFIG, loadSimConfig } from "./cluster/simulator/index.js";
import { createSimulatorPersistence, SIM_STATE_FILE, type SimulatorPersistence } from "./cluster/simulator/sim-persistence.js";
import { systemClock, type Clock } from "./clock.js";
import type { BloxConfig } from "./config.js";
import { createScheduler, type SchedulerService } from "./reconciler/scheduler-service.js";
import { createObservationBoard } from "./status/observation.js";
import { createStatusReader } from "./status/status-reader.js";
import { createStoreFromConfig } from "./store/create-store.js";
import type { BloxStore } from "./store/store.js";
import { createBloxHttpServer, type BloxHttpServer } from "./transport/http-server.js";
import { createGrpcWatchFastPath, type GrpcWatchFastPath } from "./transport/grpc-watch-fast-path.js";
import { createStaticUi } from "./transport/static-ui.js";
import { createWatchHub, type WatchHubService } from "./watch/hub.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { createBloxMetrics, type BloxMetrics } from "./observability/metrics.js";
import { withStoreMetrics } from "./store/store-metrics.js";
import { createRpcTelemetryInterceptor } from "./observability/rpc-telemetry.js";

/** Largest request message accepted (a spec is a few KB). */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export type { Logger };

export interface BloxAppOptions {
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: JSON lines (pretty on a TTY) on stderr at info level. */
  logger?: Logger;
  /** Use this backend instead of the one the config names (tests). */
  backend?: ClusterBackend;
  /** Use this store instead of the one the config names (tests); the app still init()s and close()s it. */
  store?: BloxStore;
  /**
   * Serve plain-gRPC WatchEnvironmentStatus through the hand-written fast
   * path (serialize once per environment, not per watcher). Default true.
   */
  watchFastPath?: boolean;
  /** Folder of the built web dashboard served at /ui/. Default: client/web/dist. */
  uiRoot?: string;
  /** Signal that re-reads BLOX_AUTH_FILE; default SIGHUP, null for none (tests running several apps). */
  reloadSignal?: NodeJS.Signals | null;
  /** How long stop() lets in-flight calls finish. Default 5000 ms. */
  shutdownGraceMs?: number;
}

export interface BloxApp {
  /** Opens the store, starts the scheduler, listens. Resolves to the bound address. */
  start(): Promise<{ host: string; port: number }>;
  /** Graceful stop (health NOT_SERVING, streams UNAVAILABLE, drain), then closes everything. Idempotent. */
  stop(): Promise<void>;
}

export function createBloxApp(config: BloxConfig, options: BloxAppOptions = {}): BloxApp {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  let store: BloxStore | undefined;
  let backend: (ClusterBackend & { close?: () => Promise<void> }) | undefined;
  let ownsBackend = false;
  let simState: SimulatorPersistence | undefined;
  let scheduler: SchedulerService | undefined;
  let hub: WatchHubService | undefined;
  let fastPath: GrpcWatchFastPath | undefined;
  let server: BloxHttpServer | undefined;
  let reloader: PrincipalsReloader | undefined;
  let stopping: Promise<void> | undefined;

  function createBackend(metrics: BloxMetrics | undefined): ClusterBackend & { close?: () => Promise<void> } {
    if (options.backend) return options.backend;
    ownsBackend = true;
    if (config.clusterBackend === "ecs") return createEcsBackend({ ...config.ecs, logger, metrics });
    // The simulator lives in this process: its state is kept in the data
    // directory, so a restart resumes the simulated cluster where it stood.
    const simConfig = config.simConfigPath ? loadSimConfig(config.simConfigPath) : DEFAULT_SIM_CONFIG;
    simState = createSimulatorPersistence({ path: join(config.dataDir, SIM_STATE_FILE), config: simConfig, clock, logger });
    const sim = createSimulatedCluster({ clock, config: simConfig, state: simState.load() });
    simState.attach(sim);
    return sim;
  }

  async function closeAll(): Promise<void> {
    // Each step runs even if an earlier one failed: a half-stopped server must not keep the store open.
    const steps: [string, (() => Promise<void> | void) | undefined][] = [
      ["principals reloader", reloader && (() => reloader!.close())],
      ["http server", server && (() => server!.shutdown())],
      ["watch fast path", fastPath && (() => fastPath!.close())],
      ["watch hub", hub && (() => hub!.close())],
      ["scheduler", scheduler && (() => scheduler!.stop())],
      ["simulator state", simState && (() => simState!.close())],
      ["cluster backend", ownsBackend && backend?.close ? () => backend!.close!() : undefined],
      ["store", store && (() => store!.close())],
    ];
    for (const [what, step] of steps) {
      if (!step) continue;
      try {
        await step();
      } catch (err) {
        logger.warn(`stopping the ${what} failed`, { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  return {
    async start() {
      if (server) throw new Error("createBloxApp: start() called twice");
      try {
        store =
          options.store ??
          createStoreFromConfig({
            kind: config.store.kind,
            dataDir: config.dataDir,
            mongodbUri: config.store.mongodbUri,
            logger,
          });
        await store.init();
        // Undefined unless a MeterProvider is registered (server/main.ts with BLOX_METRICS_LISTEN or OTLP).
        const metrics = createBloxMetrics({ replica: config.replicaId, now: () => clock.now() });
        backend = createBackend(metrics);
        const observations = createObservationBoard();
        const measured = metrics ? withStoreMetrics(store, metrics) : store;
        scheduler = createScheduler({
          metrics,
          store: measured,
          backend,
          clock,
          observations,
          owner: config.replicaId,
          leaseTtlMs: config.leaseTtlMs,
          resyncIntervalMs: config.resyncIntervalMs,
          deletedRetentionMs: config.deletedRetentionMs,
          logger,
        });
        const status = createStatusReader({ store: measured, backend, clock, observations });
        hub = createWatchHub({
          metrics,
          store: measured,
          clock,
          heartbeatIntervalMs: config.heartbeatIntervalMs,
          describe: (name) => status.describe(name, { instances: false }),
          logger,
        });
        const tokenPrincipals = principalsFromTokens(config.authTokens);
        const access = createAccessControl({
          principals: [...(config.authFile ? loadPrincipalsFile(config.authFile) : []), ...tokenPrincipals],
          enabled: config.authFile !== undefined || tokenPrincipals.length > 0,
          logFailure: (message, fields) => logger.warn(message, fields),
        });
        if (config.authFile) {
          reloader = createPrincipalsReloader({
            path: config.authFile,
            access,
            extra: tokenPrincipals,
            logger,
            signal: options.reloadSignal === undefined ? "SIGHUP" : options.reloadSignal,
          });
        }
        const guard = createCallGuard(access);
        const service = createEnvironmentService({
          guard,
          store: measured,
          scheduler,
          status,
          watchHub: hub,
          clock,
          deletedRetentionMs: config.deletedRetentionMs,
        });
        const watchHub = hub;
        server = createBloxHttpServer({
          beforeDecode: guard.beforeDecode,
          outerInterceptors: [createRpcTelemetryInterceptor(metrics)],
          interceptors: [guard.interceptor],
          // No request of this API comes near this; refuse huge bodies before reading them whole.
          readMaxBytes: MAX_REQUEST_BYTES,
          routes: (router: ConnectRouter) => {
            // Unknown JSON fields and enum names are the caller's mistake, as
            // unknown YAML keys are: refuse them instead of dropping them.
            router.service(EnvironmentService, service, { jsonOptions: { ignoreUnknownFields: false } });
          },
          listen: config.listen,
          tls: config.tls
            ? { cert: config.tls.certPath, key: config.tls.keyPath, ...(config.tls.clientCaPath ? { clientCa: config.tls.clientCaPath } : {}) }
            : undefined,
          shutdownGraceMs: options.shutdownGraceMs,
          onHttpRequest: createStaticUi({ root: options.uiRoot }).handle,
          onHttp2Stream:
            options.watchFastPath === false ? undefined : (stream, headers) => fastPath?.handleStream(stream, headers) ?? false,
          onError: (err, where) => logger.debug(`connection error (${where})`, { error: String(err) }),
        });
        if (options.watchFastPath !== false) {
          fastPath = createGrpcWatchFastPath({
            metrics,
            onEntry: (name, listener) => watchHub.onEntry(name, listener),
            initialMessages: (name, after) => watchHub.initialMessages(name, after),
            toResponse: (m, req) => watchMessageToProto(m, { all: req.all, instances: req.instances }),
            addInstances: (name, m) => status.withInstances(name, m),
            admit: guard.admitHttp2,
            heartbeatIntervalMs: config.heartbeatIntervalMs,
            shutdownSignal: server.shutdownSignal,
            clock,
          });
        }
        const heldBy = scheduler;
        metrics?.observe({
          heldEnvironments: () => heldBy.held().map((l) => l.environmentName),
          openWatchStreams: () => ({ "grpc-fast-path": fastPath?.streamCount() ?? 0, connect: watchHub.watcherCount() }),
        });
        await scheduler.start();
        return await server.listen();
      } catch (err) {
        await closeAll();
        throw err;
      }
    },

    stop() {
      stopping ??= closeAll();
      return stopping;
    },
  };
}
