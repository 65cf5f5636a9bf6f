// Spans through @opentelemetry/api only: without a registered SDK (see
// telemetry-sdk.ts, wired by server/main.ts) every call here is the API's
// no-op. Which trace a reconcile pass joins is pass-trace.ts's business.

import {
  ROOT_CONTEXT,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanKind,
} from "@opentelemetry/api";

export const TRACER_NAME = "blox";

export const tracer = () => trace.getTracer(TRACER_NAME);

export interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
  links?: Link[];
  /** Parent context; default the active one. ROOT_CONTEXT starts a new trace. */
  parent?: Context;
}

/**
 * Runs `fn` inside a new active span, ended when `fn` settles; a throw marks
 * the span as an error and is rethrown.
 */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T> | T): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(name, { attributes: options.attributes, kind: options.kind, links: options.links }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    markError(span, err);
    throw err;
  } finally {
    span.end();
  }
}

export function markError(span: Span, err: unknown): void {
  if (!span.isRecording()) return;
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  if (err instanceof Error) span.recordException(err);
}

export { ROOT_CONTEXT };
