import * as http from "node:http";
import * as http2 from "node:http2";
import { create, toBinary } from "@bufbuild/protobuf";
import { expect } from "chai";
import { WatchEnvironmentStatusRequestSchema } from "../../gen/blox/v1/environment_pb.js";
import { MAX_TIMER_MS } from "../../server/duration.js";
import { dropUnreachableTimeouts, timeoutHeaderMs } from "../../server/transport/timeout-headers.js";
import { startHarness, until, type Harness } from "./harness.js";

const WATCH = "/blox.v1.EnvironmentService/WatchEnvironmentStatus";

function envelope(): Buffer {
  const bytes = toBinary(WatchEnvironmentStatusRequestSchema, create(WatchEnvironmentStatusRequestSchema, { environmentName: "Env/Prod" }));
  const frame = Buffer.alloc(5 + bytes.length);
  frame.writeUInt32BE(bytes.length, 1);
  frame.set(bytes, 5);
  return frame;
}

/** What a raw streaming call saw: did it end, and with which status (header, trailer or end-of-stream frame)? */
interface Seen {
  ended: boolean;
  body: Buffer;
  status?: string;
}

type Protocol = { name: string; http: "h2" | "1.1"; headers: Record<string, string> };

const PROTOCOLS: Protocol[] = [
  { name: "grpc/h2", http: "h2", headers: { "content-type": "application/grpc", te: "trailers" } },
  { name: "grpc-web/h2", http: "h2", headers: { "content-type": "application/grpc-web+proto" } },
  { name: "grpc-web/http1.1", http: "1.1", headers: { "content-type": "application/grpc-web+proto" } },
  { name: "connect/http1.1", http: "1.1", headers: { "content-type": "application/connect+proto" } },
];

function timeoutHeader(p: Protocol, ms: "huge" | "short"): Record<string, string> {
  if (p.name.startsWith("connect")) return { "connect-timeout-ms": ms === "huge" ? "9999999999" : "100" };
  return { "grpc-timeout": ms === "huge" ? "99999999H" : "100m" };
}

/** Opens a watch stream with raw HTTP and reports what arrived after `waitMs`. */
async function openWatch(port: number, p: Protocol, extra: Record<string, string>, waitMs: number): Promise<Seen> {
  const seen: Seen = { ended: false, body: Buffer.alloc(0) };
  const onData = (c: Buffer) => (seen.body = Buffer.concat([seen.body, c]));
  let cleanup: () => void;
  if (p.http === "h2") {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", () => {});
    const req = session.request({ ":method": "POST", ":path": WATCH, ...p.headers, ...extra });
    req.on("error", () => {});
    req.on("response", (h) => (seen.status ??= h["grpc-status"] as string | undefined));
    req.on("trailers", (t) => (seen.status ??= t["grpc-status"] as string | undefined));
    req.on("data", onData);
    req.on("end", () => (seen.ended = true));
    req.end(envelope());
    cleanup = () => session.destroy();
  } else {
    const req = http.request({ host: "127.0.0.1", port, method: "POST", path: WATCH, headers: { ...p.headers, ...extra } }, (res) => {
      res.on("data", onData);
      res.on("end", () => (seen.ended = true));
    });
    req.on("error", () => {});
    req.end(envelope());
    cleanup = () => req.destroy();
  }
  await new Promise((r) => setTimeout(r, waitMs));
  cleanup();
  if (!seen.status) {
    // gRPC-Web trailers and the Connect end-of-stream message are body frames flagged 0x80 / 0x02.
    const text = seen.body.toString("latin1");
    seen.status = /grpc-status:\s*(\d+)/.exec(text)?.[1] ?? (/"code":"deadline_exceeded"/.test(text) ? "4" : undefined);
  }
  return seen;
}

describe("transport: timeout headers beyond a timer's range", () => {
  it("timeoutHeaderMs / dropUnreachableTimeouts: only well-formed timeouts over 2^31-1 ms are dropped", () => {
    const cases: [string, string, number | undefined, boolean][] = [
      ["grpc-timeout", "100m", 100, false],
      ["grpc-timeout", "5S", 5000, false],
      ["grpc-timeout", "596H", 596 * 3_600_000, false],
      ["grpc-timeout", "597H", 597 * 3_600_000, true],
      ["grpc-timeout", "99999999H", 99999999 * 3_600_000, true],
      ["grpc-timeout", "999999999H", undefined, false], // malformed (9 digits): the protocol refuses it
      ["grpc-timeout", "soon", undefined, false],
      ["connect-timeout-ms", String(MAX_TIMER_MS), MAX_TIMER_MS, false],
      ["connect-timeout-ms", String(MAX_TIMER_MS + 1), MAX_TIMER_MS + 1, true],
      ["connect-timeout-ms", "9999999999", 9999999999, true],
      ["connect-timeout-ms", "-1", undefined, false],
    ];
    for (const [name, value, ms, dropped] of cases) {
      expect(timeoutHeaderMs(name as "grpc-timeout", value), `${name}: ${value}`).to.equal(ms);
      const headers: Record<string, string> = { [name]: value, other: "x" };
      expect(dropUnreachableTimeouts(headers), `${name}: ${value}`).to.deep.equal(dropped ? [name] : []);
      expect(headers, `${name}: ${value}`).to.deep.equal(dropped ? { other: "x" } : { [name]: value, other: "x" });
    }
  });

  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.server.shutdown();
  });

  for (const p of PROTOCOLS) {
    it(`${p.name}: a ~forever timeout leaves the stream open (no DEADLINE_EXCEEDED after 1 ms)`, async () => {
      const seen = await openWatch(h.port, p, timeoutHeader(p, "huge"), 250);
      expect(seen.body.length, "the snapshot arrived").to.be.greaterThan(0);
      expect({ ended: seen.ended, status: seen.status }).to.deep.equal({ ended: false, status: undefined });
      await until(() => h.openWatches() === 0, "the handler to end after the client left");
    });

    it(`${p.name}: a short timeout still ends the stream with DEADLINE_EXCEEDED`, async () => {
      const seen = await openWatch(h.port, p, timeoutHeader(p, "short"), 400);
      expect(seen.status).to.equal("4");
      await until(() => h.openWatches() === 0, "the handler to end");
    });
  }
});
