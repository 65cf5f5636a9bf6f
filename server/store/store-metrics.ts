// Store operation latency: a view of a BloxStore that times every method
// returning a promise. Used only when metrics are on.

import type { BloxStore } from "./store.js";
import type { BloxMetrics } from "../observability/metrics.js";

export function withStoreMetrics(store: BloxStore, metrics: BloxMetrics): BloxStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== "function" || typeof prop !== "string") return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const out = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(out instanceof Promise)) return out;
        const record = (outcome: string) =>
          metrics.storeOpDuration.record((performance.now() - started) / 1000, { operation: prop, outcome });
        return out.then(
          (v) => {
            record("ok");
            return v;
          },
          (err: unknown) => {
            record("error");
            throw err;
          },
        );
      };
    },
  });
}
