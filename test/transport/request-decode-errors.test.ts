// A request body that is not valid protobuf is the caller's fault:
// INVALID_ARGUMENT on every protocol and method kind, never INTERNAL.

import * as http from "node:http";
import * as http2 from "node:http2";
import { gunzipSync, gzipSync } from "node:zlib";
import { expect } from "chai";
import { startHarness, type Harness } from "./harness.js";

const GARBAGE = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
const frame = (flags: number, payload: Buffer) => {
  const f = Buffer.alloc(5 + payload.length);
  f[0] = flags;
  f.writeUInt32BE(payload.length, 1);
  payload.copy(f, 5);
  return f;
};
const DESCRIBE = "/blox.v1.EnvironmentService/DescribeEnvironmentStatus";
const WATCH = "/blox.v1.EnvironmentService/WatchEnvironmentStatus";

function h2Request(port: number, path: string, contentType: string, body: Buffer) {
  return h2RequestWith(port, path, { "content-type": contentType }, body);
}

function h2RequestWith(port: number, path: string, requestHeaders: Record<string, string>, body: Buffer) {
  return new Promise<{ headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", reject);
    const req = session.request({ ":method": "POST", ":path": path, te: "trailers", "connect-protocol-version": "1", ...requestHeaders });
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on("response", (h) => (headers = h));
    req.on("trailers", (t) => (trailers = t));
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      session.close();
      resolve({ headers, trailers, body: Buffer.concat(chunks) });
    });
    req.on("error", reject);
    req.end(body);
  });
}

function http1Request(port: number, path: string, contentType: string, body: Buffer) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": contentType, "connect-protocol-version": "1" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The last envelope of a body with its flags. */
function lastEnvelopeWithFlags(body: Buffer): { flags: number; payload: Buffer } {
  let last: { flags: number; payload: Buffer } = { flags: 0, payload: Buffer.alloc(0) };
  for (let off = 0; off + 5 <= body.length; ) {
    const len = body.readUInt32BE(off + 1);
    last = { flags: body[off]!, payload: body.subarray(off + 5, off + 5 + len) };
    off += 5 + len;
  }
  return last;
}

/** The last envelope of a streaming body (Connect end-stream or gRPC-Web trailers). */
function lastEnvelope(body: Buffer): Buffer {
  let last: Buffer = Buffer.alloc(0);
  for (let off = 0; off + 5 <= body.length; ) {
    const len = body.readUInt32BE(off + 1);
    last = body.subarray(off + 5, off + 5 + len);
    off += 5 + len;
  }
  return last;
}

describe("transport: undecodable request messages", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.server.shutdown();
  });

  it("Connect unary (HTTP/1.1, application/proto) → 400 invalid_argument", async () => {
    const r = await http1Request(h.port, DESCRIBE, "application/proto", GARBAGE);
    expect(r.status).to.equal(400);
    const err = JSON.parse(r.body) as { code: string; message: string };
    expect(err.code).to.equal("invalid_argument");
    expect(err.message).to.match(/^request message is not valid protobuf/);
  });

  it("gRPC unary → grpc-status 3", async () => {
    const r = await h2Request(h.port, DESCRIBE, "application/grpc", frame(0, GARBAGE));
    const status = r.trailers["grpc-status"] ?? r.headers["grpc-status"];
    expect(status).to.equal("3");
    expect(decodeURIComponent(String(r.trailers["grpc-message"] ?? r.headers["grpc-message"]))).to.match(/not valid protobuf/);
  });

  it("gRPC-Web unary → trailer frame with grpc-status 3", async () => {
    const r = await h2Request(h.port, DESCRIBE, "application/grpc-web+proto", frame(0, GARBAGE));
    const trailer = lastEnvelope(r.body).toString("utf8");
    expect(trailer).to.match(/grpc-status: ?3\b/);
  });

  it("gRPC server stream → grpc-status 3", async () => {
    const r = await h2Request(h.port, WATCH, "application/grpc", frame(0, GARBAGE));
    expect(r.trailers["grpc-status"] ?? r.headers["grpc-status"]).to.equal("3");
  });

  it("Connect server stream → end-stream error invalid_argument", async () => {
    const r = await h2Request(h.port, WATCH, "application/connect+proto", frame(0, GARBAGE));
    const end = JSON.parse(lastEnvelope(r.body).toString("utf8")) as { error?: { code: string } };
    expect(end.error?.code).to.equal("invalid_argument");
  });

  // A compressed message that does not inflate, or one flagged compressed with no encoding named.
  const CUT_GZIP = gzipSync(Buffer.from("hello, this will be cut")).subarray(0, 12);
  for (const [path, kind] of [[DESCRIBE, "unary"], [WATCH, "server stream"]] as const) {
    it(`gRPC ${kind}: a cut gzip message → grpc-status 3 naming decompression`, async () => {
      const r = await h2RequestWith(h.port, path, { "content-type": "application/grpc", "grpc-encoding": "gzip" }, frame(1, CUT_GZIP));
      expect(r.trailers["grpc-status"] ?? r.headers["grpc-status"]).to.equal("3");
      expect(decodeURIComponent(String(r.trailers["grpc-message"] ?? r.headers["grpc-message"]))).to.match(/could not be decompressed/);
    });
    it(`gRPC-Web ${kind}: compressed flag without grpc-encoding → grpc-status 3`, async () => {
      const r = await h2RequestWith(h.port, path, { "content-type": "application/grpc-web+proto" }, frame(1, GARBAGE));
      const status = r.headers["grpc-status"] ?? /grpc-status: ?(\d+)/.exec(lastEnvelope(r.body).toString("utf8"))?.[1];
      expect(status).to.equal("3");
    });
  }
  it("Connect unary: content-encoding gzip with a cut stream → 400 invalid_argument", async () => {
    const r = await h2RequestWith(h.port, DESCRIBE, { "content-type": "application/proto", "content-encoding": "gzip" }, CUT_GZIP);
    expect(r.headers[":status"]).to.equal(400);
    const err = JSON.parse(r.body.toString("utf8")) as { code: string; message: string };
    expect(err.code).to.equal("invalid_argument");
    expect(err.message).to.match(/could not be decompressed/);
  });
  it("Connect server stream: compressed flag without an encoding → end-stream invalid_argument", async () => {
    const r = await h2RequestWith(h.port, WATCH, { "content-type": "application/connect+proto" }, frame(1, GARBAGE));
    const end = JSON.parse(lastEnvelope(r.body).toString("utf8")) as { error?: { code: string; message: string } };
    expect(end.error?.code).to.equal("invalid_argument");
    expect(end.error?.message).to.match(/flagged compressed/);
  });

  // With a compressed request the answer is compressed too, trailer frame included (flags 0x81).
  const webTrailer = (body: Buffer) => {
    const { flags, payload } = lastEnvelopeWithFlags(body);
    return (flags === 0x81 ? gunzipSync(payload) : payload).toString("utf8");
  };
  it("gRPC-Web unary, gzip: an undecodable message inside valid gzip → grpc-status 3 in the compressed trailer", async () => {
    const r = await h2RequestWith(h.port, DESCRIBE, { "content-type": "application/grpc-web+proto", "grpc-encoding": "gzip" }, frame(1, gzipSync(GARBAGE)));
    expect(r.headers["grpc-status"] ?? webTrailer(r.body)).to.match(/grpc-status: ?3\b|^3$/);
  });
  it("valid requests are untouched", async () => {
    const r = await http1Request(h.port, DESCRIBE, "application/json", Buffer.from('{"environmentName":"ok"}'));
    expect(r.status).to.equal(200);
  });
});
