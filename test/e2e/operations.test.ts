// Operating a real server process: /metrics scraped during a rollout, every
// line it writes parsed as JSON during a walkthrough, and spans and metrics
// received over OTLP/HTTP by a receiver this test starts on port 0.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { expect } from "chai";
import { DOC_YAML } from "../support/doc-spec.js";
import { FAST_SIM_CONFIG, pollUntil, runCli, startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";
import { samples } from "../support/prometheus-text.js";

const ENV = "SomeEnvironment/Prod";


interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: OtlpAttribute[];
}
interface OtlpDataPoint {
  attributes?: OtlpAttribute[];
  asInt?: number | string;
  asDouble?: number;
  count?: number | string;
}
interface OtlpMetric {
  name: string;
  gauge?: { dataPoints: OtlpDataPoint[] };
  sum?: { dataPoints: OtlpDataPoint[] };
  histogram?: { dataPoints: OtlpDataPoint[] };
}

const attr = (attributes: OtlpAttribute[] | undefined, key: string) => {
  const v = attributes?.find((a) => a.key === key)?.value;
  return v === undefined ? undefined : (v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue);
};

/** An OTLP/HTTP receiver (JSON, optionally gzip) on port 0 that keeps what it is sent. */
async function startOtlpReceiver() {
  const bodies: { path: string; contentType: string; body: unknown }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let raw = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
      const contentType = String(req.headers["content-type"] ?? "");
      bodies.push({ path: req.url ?? "", contentType, body: contentType.includes("json") ? JSON.parse(raw.toString("utf8")) : raw });
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    spans(): OtlpSpan[] {
      const out: OtlpSpan[] = [];
      for (const b of bodies.filter((x) => x.path === "/v1/traces")) {
        const body = b.body as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const r of body.resourceSpans) for (const s of r.scopeSpans) out.push(...s.spans);
      }
      return out;
    },
    metrics(): OtlpMetric[] {
      const out: OtlpMetric[] = [];
      for (const b of bodies.filter((x) => x.path === "/v1/metrics")) {
        const body = b.body as { resourceMetrics: { scopeMetrics: { metrics: OtlpMetric[] }[] }[] };
        for (const r of body.resourceMetrics) for (const s of r.scopeMetrics) out.push(...s.metrics);
      }
      return out;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("operations: a real server's metrics, JSON logs and OTLP export", function () {
  this.timeout(120_000);
  let server: ServerProcess;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let metricsUrl: string;
  let logs = "";

  before(async () => {
    receiver = await startOtlpReceiver();
    server = await startServerProcess({
      // Starts slow enough that scrapes see the rollout under way.
      simConfig: { ...FAST_SIM_CONFIG, latencies: { start: "700ms", stop: "50ms" } },
      env: {
        BLOX_RESYNC_INTERVAL: "200ms",
        BLOX_LEASE_TTL: "2s",
        BLOX_LOG_FORMAT: "json",
        BLOX_LOG_LEVEL: "debug",
        BLOX_METRICS_LISTEN: "127.0.0.1:0",
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_METRIC_EXPORT_INTERVAL: "500",
      },
    });
    const m = /metrics on (http:\/\/[^\s"]+\/metrics)/.exec(server.logs());
    if (!m) throw new Error(`no metrics address in the log:\n${server.logs()}`);
    metricsUrl = m[1]!;
  });

  after(async () => {
    await stopAllProcesses();
    await receiver.close();
  });

  const blox = async (args: string[], input?: string) => {
    const r = await runCli(server.endpoint, args, input);
    expect(r.code, `blox ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).to.equal(0);
    return r.stdout;
  };

  it("walkthrough: /metrics shows healthy rise to total for the environment and revision; every line written is JSON", async () => {
    await blox(["create-environment", "--yaml-file"], DOC_YAML);
    await blox(["deploy-environment", "--environment", ENV, "--revision", "1"]);
    const seen: { healthy: number; total: number; desired: number }[] = [];
    let text = "";
    await pollUntil(
      "healthy = total = 5 on /metrics",
      async () => {
        text = await (await fetch(metricsUrl)).text();
        const pick = (name: string) => samples(text, name).find((s) => s.labels.environment === ENV && s.labels.revision === "1")?.value;
        const [healthy, total, desired] = [pick("blox_revision_healthy"), pick("blox_revision_total"), pick("blox_revision_desired")];
        if (healthy === undefined || total === undefined || desired === undefined) return false;
        seen.push({ healthy, total, desired });
        return total === 5 && healthy === 5;
      },
      60_000,
      50,
    );
    // It rose: a scrape saw fewer healthy than the final total, and it never fell.
    expect(seen.some((s) => s.healthy < 5), JSON.stringify(seen)).to.equal(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.healthy).to.be.at.least(seen[i - 1]!.healthy);
    expect(seen[seen.length - 1]!.desired).to.equal(5);
    await blox(["wait-environment", "--environment-name", ENV, "--timeout", "1m"]);

    text = await (await fetch(metricsUrl)).text();
    const status = samples(text, "blox_environment_status").filter((s) => s.labels.environment === ENV);
    expect(status.map((s) => s.labels.status)).to.deep.equal(["Active"]);
    expect(samples(text, "blox_environment_condition").find((s) => s.labels.environment === ENV && s.labels.condition === "Stuck")?.value).to.equal(0);
    expect(samples(text, "blox_lease_held").find((s) => s.labels.environment === ENV)?.value).to.equal(1);
    expect(samples(text, "blox_reconcile_passes_total").reduce((n, s) => n + s.value, 0)).to.be.greaterThan(0);
    expect(samples(text, "blox_rpc_duration_seconds_count").some((s) => s.labels.method === "blox.v1.EnvironmentService/DeployEnvironment" && s.labels.code === "OK")).to.equal(true);

    await blox(["freeze-environment", "--environment-name", ENV]);
    await blox(["thaw-environment", "--environment-name", ENV]);
    await blox(["delete-environment", "--name", ENV, "--terminate-tasks"]);
    await pollUntil(
      "the deleted environment leaves /metrics",
      async () => {
        text = await (await fetch(metricsUrl)).text();
        return !text.split("\n").some((l) => l.includes(`environment="${ENV}"`) && !l.startsWith("#"));
      },
      60_000,
    );

    expect(await server.stop()).to.equal(0);
    logs = server.currentLogs();
    const lines = logs.split("\n").filter((l) => l !== "");
    expect(lines.length).to.be.greaterThan(10);
    const parsed = lines.map((line, i) => {
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`line ${i + 1} is not JSON: ${line}`);
      }
      expect(o.level, line).to.be.oneOf(["debug", "info", "warn", "error"]);
      expect(Number.isNaN(Date.parse(String(o.time))), line).to.equal(false);
      expect(o.msg, line).to.be.a("string").and.not.equal("");
      return o;
    });
    // Lines written inside a span carry its ids (each pass's debug line).
    const passLines = parsed.filter((o) => o.msg === "reconcile pass");
    expect(passLines.length).to.be.greaterThan(0);
    for (const o of passLines) {
      expect(o.trace_id, JSON.stringify(o)).to.match(/^[0-9a-f]{32}$/);
      expect(o.span_id, JSON.stringify(o)).to.match(/^[0-9a-f]{16}$/);
    }
    // Lines written outside any span have none.
    const listening = parsed.find((o) => String(o.msg).startsWith("blox listening on"));
    expect(listening).to.not.equal(undefined);
    expect(listening!.trace_id).to.equal(undefined);
  });

  it("exported spans and metrics over OTLP/HTTP to the receiver, decodable, one deploy in one trace", () => {
    expect(receiver.bodies.every((b) => b.contentType.includes("application/json"))).to.equal(true);
    const spans = receiver.spans();
    const deploy = spans.find((s) => s.name === "blox.v1.EnvironmentService/DeployEnvironment");
    expect(deploy, spans.map((s) => s.name).join(", ")).to.not.equal(undefined);
    expect(attr(deploy!.attributes, "blox.environment")).to.equal(ENV);
    expect(attr(deploy!.attributes, "blox.rpc.code")).to.equal("OK");
    const passes = spans.filter((s) => s.name === "reconcile pass" && s.traceId === deploy!.traceId);
    expect(passes.length).to.be.greaterThan(0);
    for (const p of passes) expect(p.parentSpanId).to.equal(deploy!.spanId);
    const underPasses = new Set(spans.filter((s) => passes.some((p) => p.spanId === s.parentSpanId)).map((s) => s.name));
    expect([...underPasses]).to.include.members(["observe", "plan", "persist", "act"]);
    // The log's pass lines name spans that were exported.
    const exported = new Set(spans.map((s) => `${s.traceId}/${s.spanId}`));
    const passLine = logs.split("\n").filter((l) => l.includes('"msg":"reconcile pass"')).map((l) => JSON.parse(l) as { trace_id: string; span_id: string })[0]!;
    expect(exported.has(`${passLine.trace_id}/${passLine.span_id}`)).to.equal(true);

    const metrics = receiver.metrics();
    const healthy = metrics.filter((m) => m.name === "blox_revision_healthy").flatMap((m) => m.gauge?.dataPoints ?? []);
    const forRevision = healthy.filter((d) => attr(d.attributes, "environment") === ENV && attr(d.attributes, "revision") === "1");
    expect(forRevision.map((d) => Number(d.asInt ?? d.asDouble))).to.include(5);
    const passCount = metrics.filter((m) => m.name === "blox_reconcile_passes").flatMap((m) => m.sum?.dataPoints ?? []);
    expect(passCount.length).to.be.greaterThan(0);
  });
});
