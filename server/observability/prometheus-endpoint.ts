// /metrics in Prometheus text, through the OpenTelemetry Prometheus exporter.
// The exporter's own server cannot listen on port 0 (it takes 0 for "unset"
// and binds 9464), so the endpoint has a server of its own and hands
// GET /metrics to the exporter's request handler.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { AggregationTemporality, InstrumentType } from "@opentelemetry/sdk-metrics";

/**
 * Observable gauges report only what their callback sees now (DELTA), so an
 * environment that is deleted or handed over leaves the metric set at the next
 * collection; with CUMULATIVE the SDK keeps every series it ever saw. Gauges
 * have no temporality on the wire, so this changes nothing else. Counters and
 * histograms stay CUMULATIVE, as Prometheus needs.
 */
export function boundedTemporality(instrumentType: InstrumentType): AggregationTemporality {
  return instrumentType === InstrumentType.OBSERVABLE_GAUGE ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
}

class BoundedPrometheusExporter extends PrometheusExporter {
  server?: Server;

  override selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return boundedTemporality(instrumentType);
  }

  override async onShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface PrometheusEndpoint {
  /** The metric reader to give the MeterProvider (its shutdown closes the endpoint). */
  readonly reader: PrometheusExporter;
  /** The bound port (useful with port 0). */
  readonly port: number;
}

/** Listens on host:port (0: any free port) and serves GET /metrics; 404 for anything else. */
export async function startPrometheusEndpoint(host: string, port: number): Promise<PrometheusEndpoint> {
  const reader = new BoundedPrometheusExporter({ preventServerStart: true });
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path === "/metrics" && (req.method === "GET" || req.method === "HEAD")) return reader.getMetricsRequestHandler(req, res);
    res.statusCode = path === "/metrics" ? 405 : 404;
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.unref();
  reader.server = server;
  return { reader, port: (server.address() as AddressInfo).port };
}
