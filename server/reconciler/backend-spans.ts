// A view of a ClusterBackend with one client span around each call, so the
// cluster work of a pass shows under its observe and act spans (the ECS
// backend adds a span per ECS request under these). With telemetry off the
// spans are the API's no-ops.

import { SpanKind } from "@opentelemetry/api";
import type { ClusterBackend } from "../cluster/backend.js";
import { inSpan } from "../observability/tracing.js";

const TRACED = new Set<string>(["listInstances", "listTasks", "startTasks", "stopTask"]);

export function withBackendSpans<B extends ClusterBackend>(backend: B): B {
  return new Proxy(backend, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== "string" || !TRACED.has(prop) || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const first = args[0];
        const cluster = typeof first === "string" ? first : (first as { cluster?: unknown } | undefined)?.cluster;
        const attributes: Record<string, string | number> = { "blox.cluster": typeof cluster === "string" ? cluster : "" };
        const request = first as { containerInstanceArns?: unknown[] } | undefined;
        if (prop === "startTasks" && Array.isArray(request?.containerInstanceArns)) attributes["blox.tasks"] = request.containerInstanceArns.length;
        return inSpan(`cluster ${prop}`, { kind: SpanKind.CLIENT, attributes }, () =>
          (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
        );
      };
    },
  });
}
