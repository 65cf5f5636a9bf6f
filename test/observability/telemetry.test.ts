// Traces and metrics of a real server (port 0) with in-process providers: an
// in-memory span exporter and the Prometheus exporter on port 0.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import type { MeterProvider } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor, type BasicTracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { expect } from "chai";
import { EnvironmentService, EnvironmentStatus } from "../../gen/blox/v1/environment_pb.js";
import { createBloxApp, type BloxApp } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import { silentLogger } from "../../server/observability/logger.js";
import { startPrometheusEndpoint } from "../../server/observability/prometheus-endpoint.js";
import { registerMetrics, registerTracing } from "../../server/observability/telemetry-sdk.js";
import { SPEC } from "../api/fakes.js";
import { samples } from "../support/prometheus-text.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN = "00f067aa0ba902b7";


describe("telemetry: spans and /metrics of a deploy", function () {
  this.timeout(30_000);
  let dir: string;
  let app: BloxApp | undefined;
  let spans: InMemorySpanExporter;
  let tracerProvider: BasicTracerProvider;
  let meterProvider: MeterProvider;
  let metricsUrl: string;

  before(async () => {
    spans = new InMemorySpanExporter();
    tracerProvider = registerTracing({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    const prometheus = await startPrometheusEndpoint("127.0.0.1", 0);
    metricsUrl = `http://127.0.0.1:${prometheus.port}/metrics`;
    meterProvider = registerMetrics([prometheus.reader]);
  });

  after(async () => {
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
    trace.disable();
    metrics.disable();
    propagation.disable();
    context.disable();
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "blox-telemetry-"));
    spans.reset();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<string> {
    const config = loadConfig({ BLOX_LISTEN: "127.0.0.1:0", BLOX_DATA_DIR: dir, BLOX_REPLICA_ID: "replica-a" }, []);
    app = createBloxApp(config, { logger: silentLogger, shutdownGraceMs: 500 });
    const { host, port } = await app.start();
    return `http://${host}:${port}`;
  }

  it("continues the client's traceparent from the Deploy RPC span into the reconcile passes that carry the deploy out", async () => {
    const baseUrl = await start();
    const client = createClient(EnvironmentService, createConnectTransport({ baseUrl, httpVersion: "1.1" }));
    await client.createEnvironment({ spec: SPEC });
    await client.deployEnvironment(
      { environmentName: SPEC.name, revision: 1n },
      { headers: { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01` } },
    );
    const isPass = (s: ReadableSpan) => s.name === "reconcile pass";
    let finished: ReadableSpan[] = [];
    for (let i = 0; i < 400; i++) {
      finished = spans.getFinishedSpans();
      if (finished.some((s) => isPass(s) && s.spanContext().traceId === TRACE_ID && s.attributes["blox.environment.status"] === "Active")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const names = () => finished.map((s) => `${s.name} ${s.spanContext().traceId}/${s.spanContext().spanId} <- ${s.parentSpanContext?.spanId}`).join("\n");
    const inTrace = finished.filter((s) => s.spanContext().traceId === TRACE_ID);
    const rpc = inTrace.find((s) => s.name === "blox.v1.EnvironmentService/DeployEnvironment");
    expect(rpc, names()).to.not.equal(undefined);
    expect(rpc!.parentSpanContext?.spanId).to.equal(CLIENT_SPAN);
    expect(rpc!.attributes["blox.environment"]).to.equal(SPEC.name);
    expect(rpc!.attributes["blox.rpc.code"]).to.equal("OK");
    expect(rpc!.attributes["rpc.system"]).to.equal("connect_rpc");

    // Every pass of the rollout is a child of the Deploy span, up to the one that reports Active.
    const passes = inTrace.filter(isPass).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    expect(passes.length, names()).to.be.greaterThan(1);
    for (const p of passes) {
      expect(p.parentSpanContext?.spanId, names()).to.equal(rpc!.spanContext().spanId);
      expect(p.attributes["blox.environment"]).to.equal(SPEC.name);
    }
    expect(passes.map((p) => p.attributes["blox.environment.status"])).to.deep.equal([
      ...passes.slice(0, -1).map(() => "Deploying"),
      "Active",
    ]);
    const childrenOf = (p: ReadableSpan) => inTrace.filter((s) => s.parentSpanContext?.spanId === p.spanContext().spanId).map((s) => s.name);
    expect(childrenOf(passes[0]!)).to.include.members(["observe", "plan", "persist", "act"]);
    // The backend calls are under observe and act.
    const observe = inTrace.find((s) => s.name === "observe" && s.parentSpanContext?.spanId === passes[0]!.spanContext().spanId)!;
    const act = inTrace.find((s) => s.name === "act" && s.parentSpanContext?.spanId === passes[0]!.spanContext().spanId)!;
    expect(childrenOf(observe), names()).to.include.members(["cluster listInstances", "cluster listTasks"]);
    expect(childrenOf(act), names()).to.include("cluster startTasks");

    // A pass is the child of a request span or the root of its own trace, never the child of another pass's spans.
    const rpcSpans = new Set(finished.filter((s) => s.name.startsWith("blox.v1.")).map((s) => s.spanContext().spanId));
    for (const p of finished.filter(isPass)) {
      const parent = p.parentSpanContext?.spanId;
      if (parent !== undefined) expect(rpcSpans.has(parent), names()).to.equal(true);
    }

    // A later request starts a new chain in its own trace: a Freeze is carried out by one pass.
    spans.reset();
    await client.freezeEnvironment({ environmentName: SPEC.name });
    let freeze: ReadableSpan | undefined;
    let frozenPass: ReadableSpan | undefined;
    for (let i = 0; i < 200 && !frozenPass; i++) {
      finished = spans.getFinishedSpans();
      freeze = finished.find((s) => s.name === "blox.v1.EnvironmentService/FreezeEnvironment");
      frozenPass = finished.find((s) => isPass(s) && freeze !== undefined && s.parentSpanContext?.spanId === freeze.spanContext().spanId);
      if (!frozenPass) await new Promise((r) => setTimeout(r, 50));
    }
    expect(frozenPass, names()).to.not.equal(undefined);
    expect(freeze!.spanContext().traceId).to.not.equal(TRACE_ID);
    expect(frozenPass!.attributes["blox.environment.status"]).to.equal("Frozen");
  });

  it("traces the gRPC watch fast path with its method, code and environment", async () => {
    const baseUrl = await start();
    const client = createClient(EnvironmentService, createGrpcTransport({ baseUrl }));
    await client.createEnvironment({ spec: SPEC });
    const controller = new AbortController();
    for await (const _ of client.watchEnvironmentStatus({ environmentName: SPEC.name }, { signal: controller.signal, headers: { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01` } })) {
      controller.abort();
      break;
    }
    let watch: ReadableSpan | undefined;
    for (let i = 0; i < 100 && !watch; i++) {
      watch = spans.getFinishedSpans().find((s) => s.name === "blox.v1.EnvironmentService/WatchEnvironmentStatus");
      if (!watch) await new Promise((r) => setTimeout(r, 50));
    }
    expect(watch).to.not.equal(undefined);
    expect(watch!.spanContext().traceId).to.equal(TRACE_ID);
    expect(watch!.attributes["rpc.system"]).to.equal("grpc");
    expect(watch!.attributes["blox.environment"]).to.equal(SPEC.name);
    expect(watch!.attributes["blox.rpc.code"]).to.equal("Canceled");
  });

  it("serves /metrics during a rollout: healthy rises to total for the environment and revision", async () => {
    const baseUrl = await start();
    const client = createClient(EnvironmentService, createConnectTransport({ baseUrl, httpVersion: "1.1" }));
    await client.createEnvironment({ spec: SPEC });
    await client.deployEnvironment({ environmentName: SPEC.name, revision: 1n });
    const seen: { healthy: number; total: number; desired: number }[] = [];
    let text = "";
    for (let i = 0; i < 300; i++) {
      text = await (await fetch(metricsUrl)).text();
      const pick = (m: string) => samples(text, m).find((s) => s.labels.environment === SPEC.name && s.labels.revision === "1")?.value;
      const healthy = pick("blox_revision_healthy");
      const total = pick("blox_revision_total");
      const desired = pick("blox_revision_desired");
      if (healthy !== undefined && total !== undefined && desired !== undefined) {
        seen.push({ healthy, total, desired });
        if (total > 0 && healthy === total) break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(seen.length, text).to.be.greaterThan(0);
    const last = seen[seen.length - 1]!;
    expect(last.total).to.equal(5); // the default simulated cluster: 5 instances with stack=prod
    expect(last.healthy).to.equal(last.total);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.healthy).to.be.at.least(seen[i - 1]!.healthy);
    const described = await client.describeEnvironmentStatus({ environmentName: SPEC.name });
    expect(described.status!.status).to.equal(EnvironmentStatus.ACTIVE);

    const passes = samples(text, "blox_reconcile_passes_total").filter((s) => s.labels.outcome === "ok");
    expect(passes[0]?.value ?? 0).to.be.greaterThan(0);
    expect(samples(text, "blox_lease_held").find((s) => s.labels.environment === SPEC.name)?.labels.replica).to.equal("replica-a");
    const stuck = samples(text, "blox_environment_condition").find((s) => s.labels.environment === SPEC.name && s.labels.condition === "Stuck");
    expect(stuck?.value).to.equal(0);
    expect(samples(text, "blox_store_operation_duration_seconds_count").length).to.be.greaterThan(0);

    // A deleted environment leaves the per-environment series.
    await client.deleteEnvironment({ environmentName: SPEC.name });
    let gone = false;
    for (let i = 0; i < 300 && !gone; i++) {
      text = await (await fetch(metricsUrl)).text();
      gone = !samples(text, "blox_revision_total").some((s) => s.labels.environment === SPEC.name) &&
        !samples(text, "blox_lease_held").some((s) => s.labels.environment === SPEC.name);
      if (!gone) await new Promise((r) => setTimeout(r, 25));
    }
    expect(gone, text).to.equal(true);
  });
});
