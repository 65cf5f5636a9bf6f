import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { ConfigError, HelpRequested, loadConfig, parseDuration, parseListen } from "../../server/config.js";

describe("server config", () => {
  it("carries the BLOX_ECS_* settings for the ecs backend", () => {
    const c = loadConfig({ BLOX_CLUSTER_BACKEND: "ecs", BLOX_ECS_RATE_LIMIT: "5", BLOX_ECS_MAX_ATTEMPTS: "3" }, []);
    expect(c.ecs).to.deep.equal({ rateLimitPerSecond: 5, maxAttempts: 3 });
  });

  it("defaults", () => {
    const c = loadConfig({}, []);
    expect(c.listen).to.deep.equal({ host: "127.0.0.1", port: 50051 });
    expect(c.dataDir).to.equal("./.blox");
    expect(c.store).to.deep.equal({ kind: "sqlite" });
    expect(c.clusterBackend).to.equal("simulator");
    expect(c.simConfigPath).to.equal(undefined);
    expect(c.tls).to.equal(undefined);
    expect(c.deletedRetentionMs).to.equal(24 * 3_600_000);
    expect(c.resyncIntervalMs).to.equal(5000);
    expect(c.heartbeatIntervalMs).to.equal(15_000);
    expect(c.leaseTtlMs).to.equal(15_000);
    expect(c.replicaId).to.match(new RegExp(`-${process.pid}$`));
  });

  it("reads every variable", () => {
    const dir = mkdtempSync(join(tmpdir(), "blox-config-"));
    const sim = join(dir, "sim.yaml");
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    writeFileSync(sim, "x");
    writeFileSync(cert, "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n");
    writeFileSync(key, "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n");
    const c = loadConfig(
      {
        BLOX_LISTEN: "0.0.0.0:0",
        BLOX_DATA_DIR: dir,
        BLOX_STORE: "mongodb",
        MONGODB_URI: "mongodb://127.0.0.1:27017/blox",
        BLOX_SIM_CONFIG: sim,
        BLOX_TLS_CERT: cert,
        BLOX_TLS_KEY: key,
        BLOX_DELETED_RETENTION: "48h",
        BLOX_RESYNC_INTERVAL: "500ms",
        BLOX_HEARTBEAT_INTERVAL: "1m30s",
        BLOX_LEASE_TTL: "10s",
        BLOX_REPLICA_ID: "replica-a",
        BLOX_AUTH_TOKENS: "token-one-0123456789,token-two-0123456789",
        BLOX_LOG_LEVEL: "DEBUG",
        BLOX_LOG_FORMAT: "json",
        BLOX_METRICS_LISTEN: "127.0.0.1:9464",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/v1/traces",
      },
      [],
    );
    expect(c).to.deep.equal({
      listen: { host: "0.0.0.0", port: 0 },
      authTokens: ["token-one-0123456789", "token-two-0123456789"],
      dataDir: dir,
      store: { kind: "mongodb", mongodbUri: "mongodb://127.0.0.1:27017/blox" },
      clusterBackend: "simulator",
      simConfigPath: sim,
      tls: { certPath: cert, keyPath: key },
      deletedRetentionMs: 48 * 3_600_000,
      resyncIntervalMs: 500,
      heartbeatIntervalMs: 90_000,
      leaseTtlMs: 10_000,
      replicaId: "replica-a",
      telemetry: {
        logLevel: "debug",
        logFormat: "json",
        metricsListen: { host: "127.0.0.1", port: 9464 },
        otlpTraces: true,
        otlpMetrics: false,
        metricsExportIntervalMs: 60_000,
      },
    });
  });

  it("telemetry is off by default; the OTLP base endpoint turns on both signals, OTEL_SDK_DISABLED neither", () => {
    expect(loadConfig({}, []).telemetry).to.deep.equal({ logLevel: "info", otlpTraces: false, otlpMetrics: false, metricsExportIntervalMs: 60_000 });
    expect(loadConfig({ OTEL_METRIC_EXPORT_INTERVAL: "1500" }, []).telemetry.metricsExportIntervalMs).to.equal(1500);
    expect(() => loadConfig({ OTEL_METRIC_EXPORT_INTERVAL: "1.5s" }, [])).to.throw(/OTEL_METRIC_EXPORT_INTERVAL/);
    const on = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }, []).telemetry;
    expect([on.otlpTraces, on.otlpMetrics]).to.deep.equal([true, true]);
    const off = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" }, []).telemetry;
    expect([off.otlpTraces, off.otlpMetrics]).to.deep.equal([false, false]);
  });

  it("flags win over the environment, in both --flag VALUE and --flag=VALUE forms", () => {
    const dir = mkdtempSync(join(tmpdir(), "blox-config-"));
    const sim = join(dir, "sim.yaml");
    writeFileSync(sim, "clusters: []");
    const c = loadConfig({ BLOX_LISTEN: "127.0.0.1:1" }, ["--sim-config", sim, "--listen=[::1]:7000", "--data-dir", dir]);
    expect(c.simConfigPath).to.equal(sim);
    expect(c.listen).to.deep.equal({ host: "::1", port: 7000 });
    expect(c.dataDir).to.equal(dir);
    expect(() => loadConfig({}, ["--help"])).to.throw(HelpRequested);
  });

  const scratch = mkdtempSync(join(tmpdir(), "blox-config-bad-"));
  const notPem = join(scratch, "not.pem");
  writeFileSync(notPem, "Name: x\n");
  const pemCert = join(scratch, "cert.pem");
  writeFileSync(pemCert, "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n");
  const bad: [string, NodeJS.ProcessEnv, string[], RegExp][] = [
    ["a data dir that is a file", { BLOX_DATA_DIR: notPem }, [], /^BLOX_DATA_DIR: .* is a file, not a directory/],
    ["a --data-dir that is a file", {}, ["--data-dir", notPem], /^--data-dir: .* is a file, not a directory/],
    ["a TLS cert that is no PEM certificate", { BLOX_TLS_CERT: notPem, BLOX_TLS_KEY: notPem }, [], /^BLOX_TLS_CERT: .* is not a PEM certificate/],
    ["a TLS key that is no PEM private key", { BLOX_TLS_CERT: pemCert, BLOX_TLS_KEY: pemCert }, [], /^BLOX_TLS_KEY: .* is not a PEM private key/],
    ["a TLS cert that is a directory", { BLOX_TLS_CERT: scratch, BLOX_TLS_KEY: notPem }, [], /^BLOX_TLS_CERT: cannot read/],
    ["listen without port", { BLOX_LISTEN: "localhost" }, [], /^BLOX_LISTEN: .*host:port/],
    ["listen without host", { BLOX_LISTEN: ":50051" }, [], /^BLOX_LISTEN: .*0\.0\.0\.0/],
    ["listen port too big", { BLOX_LISTEN: "127.0.0.1:70000" }, [], /^BLOX_LISTEN: port 70000/],
    ["unknown store", { BLOX_STORE: "postgres" }, [], /^BLOX_STORE: unknown store "postgres"/],
    ["mongodb without uri", { BLOX_STORE: "mongodb" }, [], /^MONGODB_URI: /],
    ["mongodb with a bad uri", { BLOX_STORE: "mongodb", MONGODB_URI: "http://x" }, [], /^MONGODB_URI: must start/],
    ["unknown backend", { BLOX_CLUSTER_BACKEND: "k8s" }, [], /^BLOX_CLUSTER_BACKEND: /],
    ["missing sim config", {}, ["--sim-config", "/nonexistent/sim.yaml"], /^--sim-config: file .* does not exist/],
    ["sim config with ecs", { BLOX_CLUSTER_BACKEND: "ecs", BLOX_SIM_CONFIG: "/x" }, [], /^BLOX_SIM_CONFIG: only applies/],
    ["ECS rate limit not a number", { BLOX_CLUSTER_BACKEND: "ecs", BLOX_ECS_RATE_LIMIT: "fast" }, [], /^BLOX_ECS_RATE_LIMIT: must be a positive number/],
    ["ECS attempts not an integer", { BLOX_CLUSTER_BACKEND: "ecs", BLOX_ECS_MAX_ATTEMPTS: "1.5" }, [], /^BLOX_ECS_MAX_ATTEMPTS: must be a positive integer/],
    ["cert without key", { BLOX_TLS_CERT: "/x" }, [], /^BLOX_TLS_KEY: /],
    ["key without cert", { BLOX_TLS_KEY: "/x" }, [], /^BLOX_TLS_CERT: /],
    ["duration without unit", { BLOX_RESYNC_INTERVAL: "5" }, [], /^BLOX_RESYNC_INTERVAL: "5" is not a duration/],
    ["zero duration", { BLOX_LEASE_TTL: "0s" }, [], /^BLOX_LEASE_TTL: must be greater than 0/],
    ["negative duration", { BLOX_DELETED_RETENTION: "-1h" }, [], /^BLOX_DELETED_RETENTION: /],
    // Node timers cannot wait longer than 2^31-1 ms: a longer interval fires after 1 ms, every time.
    ["heartbeat beyond a timer's reach", { BLOX_HEARTBEAT_INTERVAL: "30d" }, [], /^BLOX_HEARTBEAT_INTERVAL: must be at most 24d/],
    ["resync beyond a timer's reach", { BLOX_RESYNC_INTERVAL: "600h" }, [], /^BLOX_RESYNC_INTERVAL: must be at most 24d/],
    ["lease ttl beyond a timer's reach", { BLOX_LEASE_TTL: "25d" }, [], /^BLOX_LEASE_TTL: must be at most 24d/],
    ["bad replica id", { BLOX_REPLICA_ID: "a b" }, [], /^BLOX_REPLICA_ID: /],
    ["unknown log level", { BLOX_LOG_LEVEL: "verbose" }, [], /^BLOX_LOG_LEVEL: unknown value "verbose"; use one of debug, info, warn, error, silent/],
    ["unknown log format", { BLOX_LOG_FORMAT: "xml" }, [], /^BLOX_LOG_FORMAT: unknown value "xml"; use one of json, pretty/],
    ["bad metrics listen", { BLOX_METRICS_LISTEN: "9464" }, [], /^BLOX_METRICS_LISTEN: /],
    ["OTLP endpoint not a URL", { OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }, [], /^OTEL_EXPORTER_OTLP_ENDPOINT: .*http:\/\/ or https:\/\//],
    ["OTLP metrics endpoint not a URL", { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "::" }, [], /^OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "::" is not a URL/],
    ["unknown flag", {}, ["--port", "1"], /^--port: unknown argument/],
    ["flag without value", {}, ["--listen"], /^--listen: needs a value/],
  ];
  for (const [what, env, argv, message] of bad) {
    it(`rejects ${what} naming the variable`, () => {
      let err: unknown;
      try {
        loadConfig(env, argv);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(ConfigError);
      expect((err as Error).message).to.match(message);
    });
  }

  it("timer settings up to 24 days are accepted; deleted retention may be longer (it is no timer)", () => {
    const c = loadConfig(
      { BLOX_HEARTBEAT_INTERVAL: "24d", BLOX_RESYNC_INTERVAL: "24d", BLOX_LEASE_TTL: "24d", BLOX_DELETED_RETENTION: "90d" },
      [],
    );
    expect(c.heartbeatIntervalMs).to.equal(24 * 86_400_000);
    expect(c.resyncIntervalMs).to.equal(24 * 86_400_000);
    expect(c.leaseTtlMs).to.equal(24 * 86_400_000);
    expect(c.deletedRetentionMs).to.equal(90 * 86_400_000);
  });

  it("durations", () => {
    const table: [string, number][] = [
      ["500ms", 500],
      ["5s", 5000],
      ["10m", 600_000],
      ["24h", 86_400_000],
      ["1h30m", 5_400_000],
      ["1.5s", 1500],
      ["2d", 172_800_000],
    ];
    for (const [text, ms] of table) expect(parseDuration(text, "K"), text).to.equal(ms);
    for (const text of ["", "s", "5 s", "5sec", "1e3ms", "-5s"]) expect(() => parseDuration(text, "K"), text).to.throw(ConfigError);
  });

  it("listen addresses", () => {
    expect(parseListen("127.0.0.1:0", "K")).to.deep.equal({ host: "127.0.0.1", port: 0 });
    expect(parseListen("[::]:8080", "K")).to.deep.equal({ host: "::", port: 8080 });
    expect(parseListen("example.com:443", "K")).to.deep.equal({ host: "example.com", port: 443 });
  });
});
