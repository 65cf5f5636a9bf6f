import { execFile } from "node:child_process";
import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { Code } from "@connectrpc/connect";
import { expect } from "chai";
import {
  DescribeEnvironmentStatusRequestSchema,
  DescribeEnvironmentStatusResponseSchema,
} from "../../gen/blox/v1/environment_pb.js";
import {
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as S,
} from "../../gen/grpc/health/v1/health_pb.js";
import { HTTP2_PREFACE } from "../../server/transport/preface.js";
import { grpcJsUnary } from "./grpc-js.js";
import { envClient, PROTOCOLS, rejection, startHarness, transportFor, until, type Harness } from "./harness.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const BUF = fileURLToPath(new URL("../../node_modules/.bin/buf", import.meta.url));
const DESCRIBE = "/blox.v1.EnvironmentService/DescribeEnvironmentStatus";

function bufCurl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(BUF, ["curl", ...args], { cwd: REPO, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Writes bytes on a fresh TCP connection and collects what comes back until the server closes it. */
function rawExchange(port: number, bytes: Buffer, endAfterWrite = false): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(bytes);
      if (endAfterWrite) socket.end();
    });
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", () => {}); // a reset is a fine way to be turned away
    socket.on("close", () => resolve(Buffer.concat(chunks)));
    socket.setTimeout(5000, () => reject(new Error("server kept a bad connection open")));
  });
}

describe("transport/http-server: one port, every protocol", function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.server.shutdown();
  });

  for (const protocol of PROTOCOLS) {
    it(`${protocol}: unary call and error code`, async () => {
      const client = envClient(transportFor(protocol, h.baseUrl));
      const res = await client.describeEnvironmentStatus({ environmentName: "Env/Prod" });
      expect(res.status?.environmentName).to.equal("Env/Prod");
      expect(res.sequence).to.equal(7n);
      const err = await rejection(client.describeEnvironmentStatus({ environmentName: "missing" }));
      expect(err.code).to.equal(Code.NotFound);
      expect(err.rawMessage).to.equal('environment "missing" not found');
    });
  }

  it("HTTP/1.1 requests are served by the HTTP/1.1 path, not upgraded", async () => {
    const fresh = await startHarness();
    try {
      await envClient(transportFor("connect/http1.1", fresh.baseUrl)).describeEnvironmentStatus({ environmentName: "a" });
      expect(fresh.server.connectionCounts()).to.include({ http1: 1, http2Sessions: 0 });
    } finally {
      await fresh.server.shutdown();
    }
  });

  it("@grpc/grpc-js (plain gRPC over h2c): unary call, NOT_FOUND, health Check", async () => {
    const client = new grpc.Client(`127.0.0.1:${h.port}`, grpc.credentials.createInsecure());
    try {
      const res = await grpcJsUnary(client, DESCRIBE, DescribeEnvironmentStatusRequestSchema, DescribeEnvironmentStatusResponseSchema, {
        environmentName: "Env/Prod",
      });
      expect(res.status?.environmentName).to.equal("Env/Prod");
      const err = await grpcJsUnary(client, DESCRIBE, DescribeEnvironmentStatusRequestSchema, DescribeEnvironmentStatusResponseSchema, {
        environmentName: "missing",
      }).catch((e: grpc.ServiceError) => e);
      expect((err as grpc.ServiceError).code).to.equal(grpc.status.NOT_FOUND);
      const health = await grpcJsUnary(client, "/grpc.health.v1.Health/Check", HealthCheckRequestSchema, HealthCheckResponseSchema, {
        service: "blox.v1.EnvironmentService",
      });
      expect(health.status).to.equal(S.SERVING);
    } finally {
      client.close();
    }
  });

  describe("buf curl (reflection, no proto files)", function () {
    this.timeout(60_000);
    const SERVICES = [
      "blox.v1.EnvironmentService",
      "grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
    ];
    for (const [name, flags] of [
      ["grpc, v1 reflection", ["--http2-prior-knowledge"]],
      ["grpc, v1alpha reflection", ["--http2-prior-knowledge", "--reflect-protocol", "grpc-v1alpha"]],
      ["connect", ["--protocol", "connect"]],
    ] as const) {
      it(`--list-services (${name})`, async () => {
        const r = await bufCurl([...flags, "--list-services", h.baseUrl]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout.trim().split("\n")).to.deep.equal(SERVICES);
      });
    }

    const data = JSON.stringify({ environment_name: "Env/Prod" });
    for (const [name, flags, httpVersion] of [
      ["grpc", ["--http2-prior-knowledge", "--protocol", "grpc"], "HTTP/2.0"],
      // buf curl always uses h2c for reflection; the call itself follows the protocol.
      ["connect (reflection)", ["--protocol", "connect"], "HTTP/2.0"],
      ["grpcweb (reflection)", ["--protocol", "grpcweb"], "HTTP/2.0"],
      // Without reflection (--schema), plain http:// URLs really go over HTTP/1.1.
      ["connect over HTTP/1.1 (--schema proto)", ["--schema", "proto", "--protocol", "connect"], "HTTP/1.1"],
      ["grpcweb over HTTP/1.1 (--schema proto)", ["--schema", "proto", "--protocol", "grpcweb"], "HTTP/1.1"],
    ] as const) {
      it(`DescribeEnvironmentStatus via ${name}`, async () => {
        const r = await bufCurl([...flags, "-v", "--data", data, h.baseUrl + DESCRIBE]);
        expect(r.code, r.stderr).to.equal(0);
        expect(JSON.parse(r.stdout)).to.deep.equal({ status: { environmentName: "Env/Prod", healthy: 3 }, sequence: "7" });
        expect(r.stderr).to.match(new RegExp(`< \\(#\\d+\\) ${httpVersion.replace(".", "\\.")} 200`));
      });
    }

    it("an error status comes back as buf curl's error", async () => {
      const r = await bufCurl(["--http2-prior-knowledge", "--protocol", "grpc", "--data", '{"environment_name":"missing"}', h.baseUrl + DESCRIBE]);
      expect(r.code).to.not.equal(0);
      expect(JSON.parse(r.stderr)).to.deep.include({ code: "not_found", message: 'environment "missing" not found' });
    });
  });

  describe("hostile input never crashes the process", () => {
    let h: Harness;
    before(async () => {
      // A short idle timeout reclaims the HTTP/2 sessions a protocol error left open.
      h = await startHarness({ idleTimeoutMs: 100 });
    });
    after(async () => {
      await h.server.shutdown();
    });
    async function stillServes(): Promise<void> {
      const res = await envClient(transportFor("grpc/h2", h.baseUrl)).describeEnvironmentStatus({ environmentName: "after" });
      expect(res.status?.environmentName).to.equal("after");
    }

    const garbage: Array<[string, Buffer, (reply: Buffer) => void]> = [
      ["random bytes", Buffer.from([0x16, 0x03, 0x01, 0xff, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x0d, 0x0a, 0x0d, 0x0a]), (r) => expect(r.toString()).to.match(/^HTTP\/1\.1 400/)],
      ["a TLS ClientHello on the cleartext port", Buffer.from("16030100a5010000a10303", "hex"), () => {}],
      ["a broken HTTP/1.1 request line", Buffer.from("POST /x HTTP/1.1\r\nContent-Length: nope\r\n\r\n"), (r) => expect(r.toString()).to.match(/^HTTP\/1\.1 400/)],
      [
        "HTTP/2 preface then a SETTINGS frame of illegal length",
        Buffer.concat([HTTP2_PREFACE, Buffer.from([0, 0, 5, 0x4, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5])]),
        // GOAWAY (type 7) with FRAME_SIZE_ERROR (6) or PROTOCOL_ERROR (1) somewhere in the reply
        (r) => expect(r.includes(Buffer.from([0x07, 0x00]))).to.equal(true),
      ],
      [
        "HTTP/2 preface then a HEADERS frame on stream 0",
        Buffer.concat([HTTP2_PREFACE, Buffer.from([0, 0, 0, 0x4, 0, 0, 0, 0, 0]), Buffer.from([0, 0, 3, 0x1, 0x4, 0, 0, 0, 0, 0x82, 0x86, 0x84])]),
        () => {},
      ],
      [
        "an HTTP/1.0 RPC request without Host (connect-node cannot build its URL)",
        Buffer.from(`POST ${DESCRIBE} HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`),
        (r) => expect(r.toString()).to.match(/^HTTP\/1\.[01] 400/),
      ],
      ["HTTP/2 preface then noise", Buffer.concat([HTTP2_PREFACE, Buffer.alloc(64, 0xff)]), () => {}],
    ];
    for (const [name, bytes, checkReply] of garbage) {
      it(`${name}: connection refused, server still answers`, async () => {
        const reply = await rawExchange(h.port, bytes);
        checkReply(reply);
        await stillServes();
      });
    }

    it("a half-open socket and a partial preface are closed after handshakeTimeoutMs", async () => {
      const quick = await startHarness({ handshakeTimeoutMs: 50 });
      try {
        const silent = rawExchange(quick.port, Buffer.alloc(0));
        const partial = rawExchange(quick.port, HTTP2_PREFACE.subarray(0, 10));
        const halfClosed = rawExchange(quick.port, HTTP2_PREFACE.subarray(0, 3), true);
        expect((await silent).length).to.equal(0);
        expect((await partial).length).to.equal(0);
        await halfClosed;
        await until(() => quick.server.connectionCounts().tcp === 0, "sockets closed");
      } finally {
        await quick.server.shutdown();
      }
    });

    it("bad content-types and malformed bodies get protocol errors (HTTP/1.1 and HTTP/2)", async () => {
      const h1 = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          { host: "127.0.0.1", port: h.port, method: "POST", path: DESCRIBE, headers: { "content-type": "text/plain" } },
          (res) => {
            let body = "";
            res.on("data", (c) => (body += c));
            res.on("end", () => resolve({ status: res.statusCode!, body }));
          },
        );
        req.on("error", reject);
        req.end("hello");
      });
      expect(h1.status).to.equal(415);

      // Connect JSON over HTTP/1.1 (fetch) with a body that does not parse
      const badJson = await fetch(h.baseUrl + DESCRIBE, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
      expect(badJson.status).to.equal(400);
      expect(((await badJson.json()) as { code: string }).code).to.equal("invalid_argument");

      // gRPC over h2 with a truncated envelope
      const session = http2.connect(h.baseUrl);
      session.on("error", () => {});
      const stream = session.request({ ":method": "POST", ":path": DESCRIBE, "content-type": "application/grpc", te: "trailers" });
      stream.end(Buffer.from([0, 0, 0, 0, 50, 1, 2]));
      const trailers = await new Promise<http2.IncomingHttpHeaders>((resolve) => {
        stream.on("trailers", resolve);
        stream.resume();
      });
      session.close();
      expect(Number(trailers["grpc-status"])).to.not.equal(0);
      await stillServes();
    });

    it("a client resetting its stream mid-call does not disturb the server", async () => {
      const session = http2.connect(h.baseUrl);
      session.on("error", () => {});
      const stream = session.request({ ":method": "POST", ":path": DESCRIBE, "content-type": "application/grpc" });
      stream.on("error", () => {});
      stream.write(Buffer.from([0, 0, 0, 0, 10]));
      stream.close(http2.constants.NGHTTP2_CANCEL);
      session.destroy();
      await stillServes();
    });
  });
});

describe("transport/http-server: onHttp2Stream hook", () => {
  it("takes the streams it claims, leaves the rest to Connect, and survives a throwing hook", async () => {
    const seen: string[] = [];
    const h = await startHarness({
      onHttp2Stream(stream, headers) {
        const path = String(headers[":path"]);
        seen.push(path);
        if (path === "/fast/boom") throw new Error("hook bug");
        if (path !== "/fast/ping") return false;
        stream.respond({ ":status": 200, "content-type": "text/plain" });
        stream.end("pong");
        return true;
      },
    });
    try {
      const session = http2.connect(h.baseUrl);
      session.on("error", () => {});
      const body = await new Promise<string>((resolve) => {
        const s = session.request({ ":path": "/fast/ping" });
        let text = "";
        s.on("data", (c) => (text += c));
        s.on("end", () => resolve(text));
      });
      expect(body).to.equal("pong");
      const reset = await new Promise<number>((resolve) => {
        const s = session.request({ ":path": "/fast/boom" });
        s.on("error", () => {});
        s.on("close", () => resolve(s.rstCode ?? -1));
        s.resume();
      });
      expect(reset).to.equal(http2.constants.NGHTTP2_INTERNAL_ERROR);
      session.close();
      const res = await envClient(transportFor("grpc/h2", h.baseUrl)).describeEnvironmentStatus({ environmentName: "x" });
      expect(res.status?.environmentName).to.equal("x");
      expect(seen).to.deep.equal(["/fast/ping", "/fast/boom", DESCRIBE]);
    } finally {
      await h.server.shutdown();
    }
  });
});
