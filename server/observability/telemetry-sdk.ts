// The OpenTelemetry SDK, registered globally for the server process (called
// by server/main.ts only; tests register their own providers). Nothing is
// registered when telemetry is off, so the API calls elsewhere stay no-ops.

import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  type InstrumentType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type AggregationTemporality,
  type MetricReader,
} from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { boundedTemporality, startPrometheusEndpoint } from "./prometheus-endpoint.js";
import type { TelemetryConfig } from "./telemetry-config.js";

export interface Telemetry {
  /** Where /metrics is served, when it is. */
  readonly metricsAddress?: { host: string; port: number };
  /** Flushes and stops the exporters. */
  shutdown(): Promise<void>;
}

export interface TracingSetup {
  spanProcessors: SpanProcessor[];
  serviceName?: string;
  replica?: string;
}

/** Registers context propagation (AsyncLocalStorage, W3C traceparent) and a tracer provider. */
export function registerTracing(setup: TracingSetup): BasicTracerProvider {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": setup.serviceName ?? "blox", ...(setup.replica ? { "service.instance.id": setup.replica } : {}) }),
    spanProcessors: setup.spanProcessors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return provider;
}

class BoundedOtlpMetricExporter extends OTLPMetricExporter {
  override selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return boundedTemporality(instrumentType);
  }
}

/** The OTLP/HTTP metric reader (JSON), exporting every `intervalMs`. */
export function createOtlpMetricReader(intervalMs: number): MetricReader {
  return new PeriodicExportingMetricReader({ exporter: new BoundedOtlpMetricExporter(), exportIntervalMillis: intervalMs });
}

/** Registers a meter provider with `readers` as the global one. */
export function registerMetrics(readers: MetricReader[], replica?: string): MeterProvider {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": "blox", ...(replica ? { "service.instance.id": replica } : {}) }),
    readers,
  });
  metrics.setGlobalMeterProvider(provider);
  return provider;
}

/** Starts what the configuration asks for; resolves once /metrics listens. */
export async function startTelemetry(config: TelemetryConfig, options: { replica: string }): Promise<Telemetry> {
  const stops: (() => Promise<void>)[] = [];
  let metricsAddress: { host: string; port: number } | undefined;
  if (config.otlpTraces) {
    const provider = registerTracing({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())], replica: options.replica });
    stops.push(() => provider.shutdown());
  }
  const readers: MetricReader[] = [];
  if (config.metricsListen) {
    const { host } = config.metricsListen;
    const endpoint = await startPrometheusEndpoint(host, config.metricsListen.port);
    metricsAddress = { host, port: endpoint.port };
    readers.push(endpoint.reader);
  }
  if (config.otlpMetrics) readers.push(createOtlpMetricReader(config.metricsExportIntervalMs));
  if (readers.length > 0) {
    const provider = registerMetrics(readers, options.replica);
    stops.push(() => provider.shutdown());
  }
  return {
    metricsAddress,
    async shutdown() {
      for (const stop of stops) await stop().catch(() => undefined);
    },
  };
}
