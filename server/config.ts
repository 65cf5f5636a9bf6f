// Server configuration from the environment (and a few command-line flags),
// validated up front so a typo fails at start with a message naming the
// variable, never minutes later inside a component.

import { existsSync, readFileSync, statSync } from "node:fs";
import type { EcsBackendOptions } from "./cluster/ecs/ecs-backend.js";
import { EcsSettingError, ecsBackendOptionsFromEnv } from "./cluster/ecs/from-env.js";
import { hostname } from "node:os";
import { DEFAULT_DELETED_RETENTION_MS } from "./domain/environment.js";
import { TelemetrySettingError, telemetryConfigFromEnv, type TelemetryConfig } from "./observability/telemetry-config.js";
import { MAX_TIMER_MS, parseDurationText } from "./duration.js";
import { loadPrincipalsFile, PrincipalsFileError } from "./auth/principals-file.js";

export type StoreKind = "sqlite" | "mongodb";
export type ClusterBackendKind = "simulator" | "ecs";

export interface BloxConfig {
  /** BLOX_LISTEN / --listen, default 127.0.0.1:50051. Port 0 picks a free port. */
  listen: { host: string; port: number };
  /** BLOX_DATA_DIR / --data-dir, default ./.blox (the embedded store lives here). */
  dataDir: string;
  /** BLOX_STORE: sqlite (default) or mongodb (needs MONGODB_URI). */
  store: { kind: StoreKind; mongodbUri?: string };
  /** BLOX_CLUSTER_BACKEND: simulator (default) or ecs. */
  clusterBackend: ClusterBackendKind;
  /** BLOX_SIM_CONFIG / --sim-config: YAML for the simulator; default: its built-in cluster. */
  simConfigPath?: string;
  /** BLOX_TLS_CERT + BLOX_TLS_KEY (file paths): serve TLS. Both or neither. */
  tls?: { certPath: string; keyPath: string; clientCaPath?: string };
  /** BLOX_DELETED_RETENTION, default 24h. */
  deletedRetentionMs: number;
  /** BLOX_RESYNC_INTERVAL, default 5s. */
  resyncIntervalMs: number;
  /** BLOX_HEARTBEAT_INTERVAL, default 15s (idle watch streams). */
  heartbeatIntervalMs: number;
  /** ECS backend settings (BLOX_ECS_*), when BLOX_CLUSTER_BACKEND=ecs. */
  ecs?: EcsBackendOptions;
  /** Bearer tokens every RPC must present (health and reflection excepted); empty = no authentication. */
  authTokens: string[];
  /** BLOX_AUTH_FILE: YAML principals (roles, environment scopes), re-read on SIGHUP and on change. */
  authFile?: string;
  /** BLOX_LEASE_TTL, default 15s. */
  leaseTtlMs: number;
  /** BLOX_REPLICA_ID, default `<hostname>-<pid>`: this replica's name in leases. */
  replicaId: string;
  /** Logs, metrics and traces: BLOX_LOG_LEVEL, BLOX_LOG_FORMAT, BLOX_METRICS_LISTEN, OTEL_EXPORTER_OTLP_*. */
  telemetry: TelemetryConfig;
}

/** A bad configuration value. main prints it and exits with status 2. */
export class ConfigError extends Error {
  constructor(
    /** The variable or flag at fault, e.g. BLOX_LISTEN. */
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
    this.name = "ConfigError";
  }
}

/** Thrown for --help; main prints `usage` and exits 0. */
export class HelpRequested extends Error {
  constructor() {
    super("help requested");
    this.name = "HelpRequested";
  }
}

export const USAGE = `Usage: blox-server [--listen HOST:PORT] [--data-dir DIR] [--sim-config FILE]

Environment:
  BLOX_LISTEN               host:port to serve on (default 127.0.0.1:50051)
  BLOX_DATA_DIR             data directory of the embedded store (default ./.blox)
  BLOX_STORE                sqlite (default) | mongodb
  MONGODB_URI               MongoDB connection string (BLOX_STORE=mongodb)
  BLOX_CLUSTER_BACKEND      simulator (default) | ecs
  BLOX_SIM_CONFIG           simulator YAML (same as --sim-config)
  BLOX_TLS_CERT, BLOX_TLS_KEY  PEM files; serve TLS when both are set
  BLOX_TLS_CLIENT_CA        PEM CA; ask clients for certificates (mTLS), see docs/security.md
  BLOX_DELETED_RETENTION    how long Deleted environments stay visible (default 24h)
  BLOX_RESYNC_INTERVAL      re-plan every environment at least this often (default 5s)
  BLOX_HEARTBEAT_INTERVAL   heartbeat on idle watch streams (default 15s)
  BLOX_LEASE_TTL            scheduler lease time to live (default 15s)
  BLOX_REPLICA_ID           this replica's name (default <hostname>-<pid>)
  BLOX_AUTH_TOKENS          comma-separated bearer tokens; when set, every RPC needs one
  BLOX_AUTH_FILE            YAML principals with roles and environment scopes (docs/security.md)
  BLOX_ECS_RATE_LIMIT       ECS calls per second per cluster (default 20; ecs backend only)
  BLOX_ECS_BURST            ECS calls allowed at once (default 2 x rate)
  BLOX_ECS_MAX_ATTEMPTS     attempts per ECS call on throttling and 5xx (default 6)
  BLOX_ECS_ENDPOINT         explicit ECS endpoint (AWS_ENDPOINT_URL_ECS works too)
  BLOX_LOG_LEVEL            debug | info (default) | warn | error | silent
  BLOX_LOG_FORMAT           json | pretty (default: pretty on a TTY, else json)
  BLOX_METRICS_LISTEN       host:port serving Prometheus /metrics (default off)
  OTEL_EXPORTER_OTLP_ENDPOINT  OTLP/HTTP collector for traces and metrics (default off;
                            also OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, _METRICS_ENDPOINT)
Durations: 500ms, 5s, 10m, 24h, 1h30m.`;

/** Parses "500ms", "5s", "10m", "24h", "1h30m", "1.5s". Throws a ConfigError naming `key`. */
export function parseDuration(text: string, key: string): number {
  const ms = parseDurationText(text);
  if (ms === undefined) {
    throw new ConfigError(key, `${JSON.stringify(text)} is not a duration; use a number with a unit, e.g. 500ms, 5s, 10m, 24h`);
  }
  return ms;
}

/** Parses "host:port", "[::1]:port". Port 0..65535. */
export function parseListen(text: string, key: string): { host: string; port: number } {
  const s = text.trim();
  const m = /^(?:\[([^\]]+)\]|([^:\s]*)):(\d{1,5})$/.exec(s);
  if (!m) throw new ConfigError(key, `${JSON.stringify(text)} is not host:port (e.g. 127.0.0.1:50051, [::1]:50051)`);
  const host = m[1] ?? m[2] ?? "";
  if (host === "") {
    throw new ConfigError(key, `${JSON.stringify(text)} has no host; use 0.0.0.0:PORT to listen on every interface`);
  }
  const port = Number(m[3]);
  if (port > 65535) throw new ConfigError(key, `port ${port} is out of range 0..65535`);
  return { host, port };
}

function positive(ms: number, key: string): number {
  if (ms <= 0) throw new ConfigError(key, "must be greater than 0");
  return ms;
}

function timer(ms: number, key: string): number {
  // A longer one would fire after 1 ms: a "30d" heartbeat would flood every watch stream.
  if (ms > MAX_TIMER_MS) throw new ConfigError(key, "must be at most 24d (it sets a timer, and timers cannot wait longer)");
  return ms;
}

/** Checks that the file at `path` holds the PEM block `begin` describes. */
function checkPem(key: string, path: string, begin: RegExp, what: string): void {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(key, `cannot read ${JSON.stringify(path)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!begin.test(text)) throw new ConfigError(key, `${JSON.stringify(path)} is not ${what}`);
}

/** Reads `--flag VALUE` / `--flag=VALUE` arguments. Unknown ones are errors. */
function parseArgs(argv: readonly string[]): Record<string, string> {
  const known = new Set(["--sim-config", "--listen", "--data-dir"]);
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") throw new HelpRequested();
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) throw new ConfigError(arg, `unknown argument; see --help`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === "") throw new ConfigError(flag, "needs a value");
    out[flag] = value;
  }
  return out;
}

/** Non-empty value of an environment variable, trimmed, or undefined. */
function get(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

/**
 * Loads and validates the configuration. Command-line flags win over the
 * environment. Throws ConfigError (or HelpRequested for --help).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): BloxConfig {
  const args = parseArgs(argv);

  const listen = args["--listen"]
    ? parseListen(args["--listen"], "--listen")
    : parseListen(get(env, "BLOX_LISTEN") ?? "127.0.0.1:50051", "BLOX_LISTEN");
  const dataDirKey = args["--data-dir"] ? "--data-dir" : "BLOX_DATA_DIR";
  const dataDir = args["--data-dir"] ?? get(env, "BLOX_DATA_DIR") ?? "./.blox";

  const storeRaw = (get(env, "BLOX_STORE") ?? "sqlite").toLowerCase();
  if (storeRaw !== "sqlite" && storeRaw !== "mongodb") {
    throw new ConfigError("BLOX_STORE", `unknown store ${JSON.stringify(env.BLOX_STORE)}; use sqlite (the default) or mongodb`);
  }
  const store: BloxConfig["store"] = { kind: storeRaw };
  if (storeRaw === "sqlite" && existsSync(dataDir) && !statSync(dataDir).isDirectory()) {
    throw new ConfigError(dataDirKey, `${JSON.stringify(dataDir)} is a file, not a directory`);
  }
  if (storeRaw === "mongodb") {
    const uri = get(env, "MONGODB_URI");
    if (!uri) throw new ConfigError("MONGODB_URI", "BLOX_STORE=mongodb needs MONGODB_URI (e.g. mongodb://127.0.0.1:27017/blox)");
    if (!/^mongodb(\+srv)?:\/\//i.test(uri)) throw new ConfigError("MONGODB_URI", "must start with mongodb:// or mongodb+srv://");
    store.mongodbUri = uri;
  }

  const backendRaw = (get(env, "BLOX_CLUSTER_BACKEND") ?? "simulator").toLowerCase();
  if (backendRaw !== "simulator" && backendRaw !== "ecs") {
    throw new ConfigError(
      "BLOX_CLUSTER_BACKEND",
      `unknown backend ${JSON.stringify(env.BLOX_CLUSTER_BACKEND)}; use simulator (the default) or ecs`,
    );
  }
  let ecs: EcsBackendOptions | undefined;
  if (backendRaw === "ecs") {
    try {
      ecs = ecsBackendOptionsFromEnv(env);
    } catch (err) {
      if (err instanceof EcsSettingError) throw new ConfigError(err.key, err.detail);
      throw err;
    }
  }
  const simKey = args["--sim-config"] ? "--sim-config" : "BLOX_SIM_CONFIG";
  const simConfigPath = args["--sim-config"] ?? get(env, "BLOX_SIM_CONFIG");
  if (simConfigPath !== undefined) {
    if (backendRaw !== "simulator") throw new ConfigError(simKey, "only applies with BLOX_CLUSTER_BACKEND=simulator");
    if (!existsSync(simConfigPath)) throw new ConfigError(simKey, `file ${JSON.stringify(simConfigPath)} does not exist`);
  }

  const certPath = get(env, "BLOX_TLS_CERT");
  const keyPath = get(env, "BLOX_TLS_KEY");
  let tls: BloxConfig["tls"];
  if (certPath || keyPath) {
    if (!certPath) throw new ConfigError("BLOX_TLS_CERT", "BLOX_TLS_KEY is set; TLS needs BLOX_TLS_CERT too");
    if (!keyPath) throw new ConfigError("BLOX_TLS_KEY", "BLOX_TLS_CERT is set; TLS needs BLOX_TLS_KEY too");
    if (!existsSync(certPath)) throw new ConfigError("BLOX_TLS_CERT", `file ${JSON.stringify(certPath)} does not exist`);
    if (!existsSync(keyPath)) throw new ConfigError("BLOX_TLS_KEY", `file ${JSON.stringify(keyPath)} does not exist`);
    // A wrong file would otherwise surface at start as a bare OpenSSL message naming neither variable.
    checkPem("BLOX_TLS_CERT", certPath, /-----BEGIN [A-Z0-9 ]*CERTIFICATE-----/, "a PEM certificate (-----BEGIN CERTIFICATE-----)");
    checkPem("BLOX_TLS_KEY", keyPath, /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, "a PEM private key (-----BEGIN PRIVATE KEY-----)");
    tls = { certPath, keyPath };
  }
  const clientCaPath = get(env, "BLOX_TLS_CLIENT_CA");
  if (clientCaPath !== undefined) {
    if (!tls) throw new ConfigError("BLOX_TLS_CLIENT_CA", "client certificates need TLS: set BLOX_TLS_CERT and BLOX_TLS_KEY too");
    if (!existsSync(clientCaPath)) throw new ConfigError("BLOX_TLS_CLIENT_CA", `file ${JSON.stringify(clientCaPath)} does not exist`);
    checkPem("BLOX_TLS_CLIENT_CA", clientCaPath, /-----BEGIN [A-Z0-9 ]*CERTIFICATE-----/, "a PEM CA certificate (-----BEGIN CERTIFICATE-----)");
    tls.clientCaPath = clientCaPath;
  }
  const authFile = get(env, "BLOX_AUTH_FILE");
  if (authFile !== undefined) {
    try {
      loadPrincipalsFile(authFile);
    } catch (err) {
      throw new ConfigError("BLOX_AUTH_FILE", err instanceof PrincipalsFileError ? err.message : String(err));
    }
  }

  const duration = (key: string, fallback: number) => {
    const v = get(env, key);
    return v === undefined ? fallback : positive(parseDuration(v, key), key);
  };
  const timerDuration = (key: string, fallback: number) => timer(duration(key, fallback), key);

  const replicaId = get(env, "BLOX_REPLICA_ID") ?? `${hostname()}-${process.pid}`;
  if (replicaId.length > 128 || !/^[A-Za-z0-9._:@-]+$/.test(replicaId)) {
    throw new ConfigError("BLOX_REPLICA_ID", `${JSON.stringify(replicaId)}: use up to 128 letters, digits and ._:@-`);
  }

  const authTokens = (get(env, "BLOX_AUTH_TOKENS") ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  for (const t of authTokens) {
    if (t.length < 16 || /\s/.test(t)) {
      throw new ConfigError("BLOX_AUTH_TOKENS", "each token must be at least 16 characters with no spaces (comma-separated list)");
    }
  }

  let telemetry: TelemetryConfig;
  try {
    telemetry = telemetryConfigFromEnv(env, parseListen);
  } catch (err) {
    if (err instanceof TelemetrySettingError) throw new ConfigError(err.key, err.message);
    throw err;
  }

  const config: BloxConfig = {
    listen,
    telemetry,
    authTokens,
    dataDir,
    store,
    clusterBackend: backendRaw,
    deletedRetentionMs: duration("BLOX_DELETED_RETENTION", DEFAULT_DELETED_RETENTION_MS),
    resyncIntervalMs: timerDuration("BLOX_RESYNC_INTERVAL", 5_000),
    heartbeatIntervalMs: timerDuration("BLOX_HEARTBEAT_INTERVAL", 15_000),
    leaseTtlMs: timerDuration("BLOX_LEASE_TTL", 15_000),
    replicaId,
  };
  if (simConfigPath !== undefined) config.simConfigPath = simConfigPath;
  if (ecs) config.ecs = ecs;
  if (tls) config.tls = tls;
  if (authFile !== undefined) config.authFile = authFile;
  return config;
}
