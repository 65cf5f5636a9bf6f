// One server span (and one duration sample) per RPC, for every protocol: the
// Connect interceptor covers gRPC, gRPC-Web and Connect through connect-node;
// the gRPC watch fast path calls startRpcTelemetry itself. An incoming W3C
// `traceparent` is continued (through the registered propagator).

import { SpanKind, SpanStatusCode, context, propagation, trace, type Context, type Span, type TextMapGetter } from "@opentelemetry/api";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { BloxMetrics } from "./metrics.js";
import { tracer } from "./tracing.js";

/** Codes that are the server's fault (OpenTelemetry's RPC conventions). */
const SERVER_FAULTS = new Set<Code>([Code.Unknown, Code.DeadlineExceeded, Code.Unimplemented, Code.Internal, Code.Unavailable, Code.DataLoss]);

export interface RpcTelemetry {
  /** The context to run the handler in (the span active). */
  readonly context: Context;
  /** Adds the environment the call is about, once known. */
  environment(name: string): void;
  /** Ends the span with the call's code (0 = OK); later calls are ignored. */
  end(code: Code | 0, message?: string): void;
}

const headersGetter: TextMapGetter<Headers> = {
  keys: (h) => [...h.keys()],
  get: (h, key) => h.get(key) ?? undefined,
};

const http2HeadersGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (h) => Object.keys(h),
  get: (h, key) => h[key],
};

export function protocolOf(contentType: string): string {
  if (contentType.startsWith("application/grpc-web")) return "grpc_web";
  if (contentType.startsWith("application/grpc")) return "grpc";
  return "connect_rpc";
}

/** The environment a request names: environment_name, or the spec's name on create. */
export function environmentOf(message: unknown): string | undefined {
  const m = message as { environmentName?: unknown; spec?: { name?: unknown } } | undefined;
  const name = m?.environmentName ?? m?.spec?.name;
  return typeof name === "string" && name !== "" ? name : undefined;
}

export function startRpcTelemetry(options: {
  service: string;
  method: string;
  protocol: string;
  /** Request headers (fetch Headers or Node's HTTP/2 header object). */
  headers: Headers | Record<string, string | string[] | undefined>;
  metrics?: BloxMetrics;
}): RpcTelemetry {
  const { service, method, protocol, metrics } = options;
  const parent =
    options.headers instanceof Headers
      ? propagation.extract(context.active(), options.headers, headersGetter)
      : propagation.extract(context.active(), options.headers, http2HeadersGetter);
  const span: Span = tracer().startSpan(
    `${service}/${method}`,
    { kind: SpanKind.SERVER, attributes: { "rpc.system": protocol, "rpc.service": service, "rpc.method": method } },
    parent,
  );
  const started = metrics ? performance.now() : 0;
  let ended = false;
  return {
    context: trace.setSpan(parent, span),
    environment(name) {
      if (!ended) span.setAttribute("blox.environment", name);
    },
    end(code, message) {
      if (ended) return;
      ended = true;
      const codeName = code === 0 ? "OK" : Code[code];
      if (span.isRecording()) {
        span.setAttribute("rpc.grpc.status_code", code);
        span.setAttribute("blox.rpc.code", codeName);
        if (code !== 0 && SERVER_FAULTS.has(code)) span.setStatus({ code: SpanStatusCode.ERROR, message });
      }
      span.end();
      metrics?.rpcDuration.record((performance.now() - started) / 1000, { method: `${service}/${method}`, code: codeName });
    },
  };
}

const codeOf = (err: unknown) => ConnectError.from(err).code;

/** The Connect interceptor: put it first, so calls refused by later interceptors are traced too. */
export function createRpcTelemetryInterceptor(metrics?: BloxMetrics): Interceptor {
  return (next) => async (req) => {
    const rpc = startRpcTelemetry({
      service: req.service.typeName,
      method: req.method.name,
      protocol: protocolOf(req.header.get("content-type") ?? ""),
      headers: req.header,
      metrics,
    });
    if (!req.stream) {
      const name = environmentOf(req.message);
      if (name) rpc.environment(name);
    } else {
      req = { ...req, message: tapFirst(req.message, (m) => {
        const name = environmentOf(m);
        if (name) rpc.environment(name);
      }) };
    }
    let res;
    try {
      res = await context.with(rpc.context, () => next(req));
    } catch (err) {
      const e = ConnectError.from(err);
      rpc.end(e.code, e.rawMessage);
      throw err;
    }
    if (!res.stream) {
      rpc.end(0);
      return res;
    }
    return { ...res, message: endWhenDrained(res.message, rpc) };
  };
}

async function* tapFirst<T>(source: AsyncIterable<T>, first: (m: T) => void): AsyncGenerator<T> {
  let seen = false;
  for await (const m of source) {
    if (!seen) {
      seen = true;
      first(m);
    }
    yield m;
  }
}

/** Streams: the span ends when the stream does; the handler's iteration runs in the call's context. */
function endWhenDrained<T>(source: AsyncIterable<T>, rpc: RpcTelemetry): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const it = source[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const r = await context.with(rpc.context, () => it.next());
            if (r.done) rpc.end(0);
            return r;
          } catch (err) {
            const e = ConnectError.from(err);
            rpc.end(e.code, e.rawMessage);
            throw err;
          }
        },
        async return(value?: unknown) {
          rpc.end(Code.Canceled, "stream closed by the client");
          return (await it.return?.(value as never)) ?? { done: true, value: undefined as never };
        },
        async throw(err?: unknown) {
          rpc.end(codeOf(err), String(err));
          if (it.throw) return it.throw(err);
          throw err;
        },
      };
    },
  };
}
