// Which trace a reconcile pass joins (pure: span contexts in, parents out).

import { ROOT_CONTEXT, TraceFlags, trace, type SpanContext } from "@opentelemetry/api";
import { expect } from "chai";
import { MAX_CAUSED_PASSES, MAX_PASS_LINKS, createPassTrace } from "../../server/observability/pass-trace.js";

const span = (n: number): SpanContext => ({
  traceId: n.toString(16).padStart(32, "0"),
  spanId: n.toString(16).padStart(16, "0"),
  traceFlags: TraceFlags.SAMPLED,
});
const parentOf = (next: { parent: unknown }) => trace.getSpanContext(next.parent as typeof ROOT_CONTEXT);

describe("pass trace", () => {
  it("starts passes with no request behind them as roots", () => {
    const t = createPassTrace();
    const next = t.next();
    expect(next.parent).to.equal(ROOT_CONTEXT);
    expect(next.cause).to.equal(undefined);
    expect(next.links).to.deep.equal([]);
  });

  it("keeps the request as the parent until a pass reports a settled status", () => {
    const t = createPassTrace();
    t.requested(span(1));
    for (const status of ["Deploying", "Deploying", "Active"] as const) {
      const next = t.next();
      expect(parentOf(next)?.spanId).to.equal(span(1).spanId);
      t.ended(next.cause, { status });
    }
    expect(t.next().parent).to.equal(ROOT_CONTEXT);
  });

  it("keeps the chain through failed or aborted passes, ends it when the environment is gone", () => {
    const t = createPassTrace();
    t.requested(span(1));
    let next = t.next();
    t.ended(next.cause, {}); // aborted: no status
    next = t.next();
    expect(parentOf(next)?.spanId).to.equal(span(1).spanId);
    t.ended(next.cause, { gone: true });
    expect(t.next().cause).to.equal(undefined);
  });

  it("a newer request takes over; one no pass carried becomes a link; an older pass ending does not end the new chain", () => {
    const t = createPassTrace();
    t.requested(span(1));
    const running = t.next(); // a pass for request 1 runs
    t.requested(span(2)); // carried by no pass yet
    t.requested(span(3)); // replaces 2 before any pass: 2 becomes a link
    t.ended(running.cause, { status: "Active" }); // the pass of 1 ends: 3's chain stays
    const next = t.next();
    expect(parentOf(next)?.spanId).to.equal(span(3).spanId);
    expect(next.links.map((l) => l.context.spanId)).to.deep.equal([span(2).spanId]);
    expect(t.next().links).to.deep.equal([]);
  });

  it("bounds the links and the passes one request's trace continues into", () => {
    const t = createPassTrace();
    for (let i = 1; i <= MAX_PASS_LINKS + 5; i++) t.requested(span(i));
    expect(t.next().links.length).to.equal(MAX_PASS_LINKS);
    const u = createPassTrace();
    u.requested(span(1));
    for (let i = 0; i < MAX_CAUSED_PASSES; i++) u.ended(u.next().cause, { status: "Deploying" });
    expect(u.next().cause).to.equal(undefined);
  });
});
