// The server's metrics, on the global @opentelemetry/api meter. createBloxMetrics()
// returns undefined while no MeterProvider is registered (telemetry off), so
// components skip even the bookkeeping: metrics cost nothing unless asked for.
//
// Label sets stay bounded: per-environment series come from observable gauges
// read from live state (the environments this replica holds), so an
// environment that is deleted or handed over leaves the set at the next
// collection.

import { createNoopMeter, metrics, type Attributes, type Counter, type Histogram, type Meter } from "@opentelemetry/api";
import type { ConditionType, EnvironmentStatusSnapshot } from "../domain/status.js";

export const METER_NAME = "blox";

/** Conditions reported as 0/1 per environment, so alerts can test for them (and Paused, from the status). */
export const REPORTED_CONDITIONS: readonly ConditionType[] = ["Stuck", "Failing", "ClusterError"];

/** Live state read at each collection. */
export interface GaugeSources {
  /** Environments this replica holds (name → lease epoch). */
  heldEnvironments?: () => Iterable<string>;
  /** Open watch streams by path ("grpc-fast-path", "connect"). */
  openWatchStreams?: () => Record<string, number>;
}

export interface BloxMetrics {
  readonly rpcDuration: Histogram;
  readonly passDuration: Histogram;
  readonly passes: Counter;
  readonly ecsCalls: Counter;
  readonly ecsThrottles: Counter;
  readonly ecsRetries: Counter;
  readonly watchMessages: Counter;
  readonly storeOpDuration: Histogram;
  /** Records the status a pass computed, and when the pass ended. */
  recordPass(environment: string, status: EnvironmentStatusSnapshot | undefined, endedAt: number): void;
  /** Drops the environment's series (deleted, lost or handed over). */
  forgetEnvironment(environment: string): void;
  /** Wires the live-state gauges; call once the sources exist. */
  observe(sources: GaugeSources): void;
}

export interface BloxMetricsOptions {
  /** Default: the global meter, or undefined (no metrics) when none is registered. */
  meter?: Meter;
  /** This replica's id, a label on the lease gauges. */
  replica: string;
  /** Time source for the last-pass age. */
  now: () => number;
}

/** True when a MeterProvider has been registered (metrics.setGlobalMeterProvider). */
export function metricsRegistered(): boolean {
  return !(metrics.getMeter(METER_NAME) instanceof (createNoopMeter().constructor as new () => Meter));
}

const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createBloxMetrics(options: BloxMetricsOptions): BloxMetrics | undefined {
  if (!options.meter && !metricsRegistered()) return undefined;
  const meter = options.meter ?? metrics.getMeter(METER_NAME);
  const { replica, now } = options;
  const seconds = (name: string, description: string) =>
    meter.createHistogram(name, { description, unit: "s", advice: { explicitBucketBoundaries: SECONDS_BUCKETS } });

  const passes = new Map<string, { status?: EnvironmentStatusSnapshot; endedAt: number }>();
  let sources: GaugeSources = {};

  const desired = meter.createObservableGauge("blox_revision_desired", { description: "Tasks the revision should run (per environment and revision)" });
  const healthy = meter.createObservableGauge("blox_revision_healthy", { description: "Healthy running tasks of the revision" });
  const total = meter.createObservableGauge("blox_revision_total", { description: "Tasks of the revision counted toward its total (running, not stopped)" });
  const condition = meter.createObservableGauge("blox_environment_condition", { description: "1 while the condition holds on the environment, else 0" });
  const statusInfo = meter.createObservableGauge("blox_environment_status", { description: "1 for the environment's current status" });
  const passAge = meter.createObservableGauge("blox_reconcile_last_pass_age_seconds", { description: "Seconds since the environment's last reconcile pass ended", unit: "s" });
  const leaseHeld = meter.createObservableGauge("blox_lease_held", { description: "1 per environment whose lease this replica holds" });
  const leasesHeld = meter.createObservableGauge("blox_leases_held", { description: "Environment leases this replica holds" });
  const openStreams = meter.createObservableGauge("blox_watch_streams_open", { description: "Open WatchEnvironmentStatus streams" });

  meter.addBatchObservableCallback(
    (result) => {
      const at = now();
      for (const [environment, p] of passes) {
        result.observe(passAge, Math.max(0, (at - p.endedAt) / 1000), { environment });
        const s = p.status;
        if (!s) continue;
        for (const type of REPORTED_CONDITIONS) {
          result.observe(condition, s.conditions.some((c) => c.type === type) ? 1 : 0, { environment, condition: type });
        }
        // A canary held at a step for promotion shows as the environment's Paused status.
        result.observe(condition, s.status === "Paused" ? 1 : 0, { environment, condition: "Paused" });
        result.observe(statusInfo, 1, { environment, status: s.status });
        for (const r of s.revisions) {
          // Inactive revisions with nothing left are history, not fleet state.
          if (r.status === "Inactive" && r.total === 0 && r.tasks === 0) continue;
          const labels: Attributes = { environment, revision: String(r.revision) };
          result.observe(desired, r.desired, labels);
          result.observe(healthy, r.healthy, labels);
          result.observe(total, r.total, labels);
        }
      }
      if (sources.heldEnvironments) {
        let n = 0;
        for (const environment of sources.heldEnvironments()) {
          n++;
          result.observe(leaseHeld, 1, { environment, replica });
        }
        result.observe(leasesHeld, n, { replica });
      }
      if (sources.openWatchStreams) {
        for (const [path, count] of Object.entries(sources.openWatchStreams())) result.observe(openStreams, count, { path });
      }
    },
    [desired, healthy, total, condition, statusInfo, passAge, leaseHeld, leasesHeld, openStreams],
  );

  return {
    rpcDuration: seconds("blox_rpc_duration_seconds", "Server-side RPC duration by method and code (streams: until they end)"),
    passDuration: seconds("blox_reconcile_pass_duration_seconds", "Reconcile pass duration by outcome"),
    passes: meter.createCounter("blox_reconcile_passes", { description: "Reconcile passes by outcome" }),
    ecsCalls: meter.createCounter("blox_ecs_calls", { description: "ECS API calls by action and outcome (ok, throttled, retryable, error)" }),
    ecsThrottles: meter.createCounter("blox_ecs_throttles", { description: "ECS calls answered with a throttling error, by action" }),
    ecsRetries: meter.createCounter("blox_ecs_retries", { description: "ECS calls retried after a backoff, by action" }),
    watchMessages: meter.createCounter("blox_watch_messages", { description: "Watch messages written to streams, by path and kind (message, coalesced, heartbeat)" }),
    storeOpDuration: seconds("blox_store_operation_duration_seconds", "Store operation latency by operation and outcome"),
    recordPass(environment, status, endedAt) {
      const p = passes.get(environment);
      if (p) {
        p.endedAt = endedAt;
        if (status) p.status = status;
      } else passes.set(environment, { status, endedAt });
    },
    forgetEnvironment(environment) {
      passes.delete(environment);
    },
    observe(next) {
      sources = { ...sources, ...next };
    },
  };
}
