import { expect } from "chai";
import { Writable } from "node:stream";
import { context, trace, TraceFlags } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { createLogger } from "../../server/observability/logger.js";

function sink(): Writable & { lines: () => string[] } {
  let text = "";
  const w = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return Object.assign(w, { lines: () => text.split("\n").filter((l) => l !== "") });
}

describe("logger", () => {
  it("writes one JSON object per line: level, ISO time, msg and the fields", () => {
    const out = sink();
    const log = createLogger({ destination: out, format: "json", level: "debug" });
    log.debug("d");
    log.info("acquired environment lease", { environment: "a/b", epoch: 3 });
    log.warn("w", { error: "boom" });
    log.error("e");
    const parsed = out.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => p.level)).to.deep.equal(["debug", "info", "warn", "error"]);
    expect(parsed[1]).to.include({ msg: "acquired environment lease", environment: "a/b", epoch: 3 });
    expect(Date.parse(String(parsed[1]!.time))).to.be.closeTo(Date.now(), 60_000);
    expect(parsed[1]).not.to.have.property("trace_id");
  });

  it("drops lines below the level; silent writes nothing", () => {
    const out = sink();
    const log = createLogger({ destination: out, format: "json", level: "warn" });
    log.debug("no");
    log.info("no");
    log.warn("yes");
    expect(out.lines().map((l) => JSON.parse(l).msg)).to.deep.equal(["yes"]);
    const none = sink();
    createLogger({ destination: none, format: "json", level: "silent" }).error("x");
    expect(none.lines()).to.deep.equal([]);
  });

  it("carries the active span's trace and span id", () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const out = sink();
      const log = createLogger({ destination: out, format: "json" });
      const spanContext = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: TraceFlags.SAMPLED };
      context.with(trace.setSpan(context.active(), trace.wrapSpanContext(spanContext)), () => log.info("inside"));
      log.info("outside");
      const [inside, outside] = out.lines().map((l) => JSON.parse(l));
      expect(inside).to.include({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
      expect(outside).not.to.have.property("trace_id");
    } finally {
      context.disable();
    }
  });

  it("pretty format is one readable line per message, not JSON", () => {
    const out = sink();
    createLogger({ destination: out, format: "pretty" }).info("hello there", { environment: "a/b" });
    const text = out.lines().join("\n");
    expect(text).to.match(/INFO.*hello there/);
    expect(text).to.include("environment");
    expect(() => JSON.parse(out.lines()[0]!)).to.throw();
  });
});
