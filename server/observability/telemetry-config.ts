// Logging, metrics and tracing settings from the environment: BLOX_LOG_LEVEL,
// BLOX_LOG_FORMAT, BLOX_METRICS_LISTEN and the standard OTEL_EXPORTER_OTLP_*
// variables (whose values the OTLP exporters read themselves; here they only
// switch export on, and a malformed URL fails at start like any setting).

import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from "./logger.js";

export interface TelemetryConfig {
  /** BLOX_LOG_LEVEL, default info. */
  logLevel: LogLevel;
  /** BLOX_LOG_FORMAT; unset: pretty on a TTY, else json. */
  logFormat?: LogFormat;
  /** BLOX_METRICS_LISTEN (host:port): serve Prometheus text at /metrics. Off when unset. */
  metricsListen?: { host: string; port: number };
  /** Export spans over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set). */
  otlpTraces: boolean;
  /** Export metrics over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_METRICS_ENDPOINT set). */
  otlpMetrics: boolean;
  /** OTEL_METRIC_EXPORT_INTERVAL (ms) for OTLP metrics; default 60000. */
  metricsExportIntervalMs: number;
}

/** Whether any exporter is asked for (else the SDK is not loaded at all). */
export function telemetryWanted(config: TelemetryConfig): boolean {
  return config.otlpTraces || config.otlpMetrics || config.metricsListen !== undefined;
}

export class TelemetrySettingError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = "TelemetrySettingError";
  }
}

function value(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, key: string, allowed: readonly T[]): T | undefined {
  const v = value(env, key)?.toLowerCase();
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new TelemetrySettingError(key, `unknown value ${JSON.stringify(env[key])}; use one of ${allowed.join(", ")}`);
  }
  return v as T;
}

function endpointSet(env: NodeJS.ProcessEnv, key: string): boolean {
  const v = value(env, key);
  if (v === undefined) return false;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new TelemetrySettingError(key, `${JSON.stringify(v)} is not a URL; use e.g. http://127.0.0.1:4318`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TelemetrySettingError(key, `${JSON.stringify(v)}: OTLP/HTTP needs an http:// or https:// URL`);
  }
  return true;
}

/**
 * Reads the telemetry settings. `parseListen` is the server's host:port parser
 * (passed in so both listen settings read the same way).
 */
export function telemetryConfigFromEnv(
  env: NodeJS.ProcessEnv,
  parseListen: (text: string, key: string) => { host: string; port: number },
): TelemetryConfig {
  const sdkDisabled = value(env, "OTEL_SDK_DISABLED")?.toLowerCase() === "true";
  const base = endpointSet(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
  const traces = endpointSet(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  const metrics = endpointSet(env, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
  const listen = value(env, "BLOX_METRICS_LISTEN");
  const config: TelemetryConfig = {
    logLevel: oneOf(env, "BLOX_LOG_LEVEL", LOG_LEVELS) ?? "info",
    otlpTraces: !sdkDisabled && (base || traces),
    otlpMetrics: !sdkDisabled && (base || metrics),
    metricsExportIntervalMs: exportInterval(env),
  };
  const format = oneOf(env, "BLOX_LOG_FORMAT", LOG_FORMATS);
  if (format) config.logFormat = format;
  if (listen) config.metricsListen = parseListen(listen, "BLOX_METRICS_LISTEN");
  return config;
}

function exportInterval(env: NodeJS.ProcessEnv): number {
  const v = value(env, "OTEL_METRIC_EXPORT_INTERVAL");
  if (v === undefined) return 60_000;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new TelemetrySettingError("OTEL_METRIC_EXPORT_INTERVAL", `${JSON.stringify(v)}: use a whole number of milliseconds, at least 1`);
  return n;
}
