// `npm start`: load the configuration, start the server, stop gracefully on
// SIGINT / SIGTERM. Exit codes: 0 after a clean stop, 1 when the server fails
// to start or to stop, 2 for a bad configuration.

import { createBloxApp } from "./app.js";
import { ConfigError, HelpRequested, USAGE, loadConfig, type BloxConfig } from "./config.js";
import { createLogger } from "./observability/logger.js";
import type { Telemetry } from "./observability/telemetry-sdk.js";
import { telemetryWanted } from "./observability/telemetry-config.js";

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function main(): Promise<number> {
  let config: BloxConfig;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`blox: configuration error: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }

  const logger = createLogger({ level: config.telemetry.logLevel, format: config.telemetry.logFormat });
  let telemetry: Telemetry = { shutdown: async () => {} };
  try {
    // Before the app: its meters and tracers come from the providers registered here.
    // With telemetry off the SDK is never loaded and @opentelemetry/api stays a no-op.
    if (telemetryWanted(config.telemetry)) {
      const { startTelemetry } = await import("./observability/telemetry-sdk.js");
      telemetry = await startTelemetry(config.telemetry, { replica: config.replicaId });
    }
  } catch (err) {
    logger.error(`failed to start telemetry: ${errorText(err)}`, { setting: "BLOX_METRICS_LISTEN" });
    return 1;
  }
  if (telemetry.metricsAddress) {
    const m = telemetry.metricsAddress;
    logger.info(`metrics on http://${m.host.includes(":") ? `[${m.host}]` : m.host}:${m.port}/metrics`);
  }
  const app = createBloxApp(config, { logger });
  let address: { host: string; port: number };
  try {
    address = await app.start();
  } catch (err) {
    // Bad files named by the config (sim config, TLS PEM) surface here; they are configuration errors too.
    const name = err instanceof Error ? err.name : "";
    const message = err instanceof Error ? err.message : String(err);
    logger.error(`failed to start: ${message}`, { errorType: name || undefined });
    await telemetry.shutdown();
    return name === "SimConfigError" || name === "ConfigError" ? 2 : 1;
  }
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  const scheme = config.tls ? "https" : "http";
  logger.info(`blox listening on ${scheme}://${host}:${address.port}`, {
    store: config.store.kind,
    dataDir: config.store.kind === "sqlite" ? config.dataDir : undefined,
    clusterBackend: config.clusterBackend,
    replicaId: config.replicaId,
  });

  return await new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        // A second Ctrl-C means "now".
        logger.warn(`${signal} again, exiting without waiting`);
        resolve(130);
        return;
      }
      logger.info(`${signal} received, shutting down`);
      app.stop().finally(() => telemetry.shutdown()).then(
        () => {
          logger.info("stopped");
          resolve(0);
        },
        (err) => {
          logger.error("error while stopping", { error: errorText(err) });
          resolve(1);
        },
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`blox: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
