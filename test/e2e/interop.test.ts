// Other clients against the full server process: buf curl with
// reflection (no proto files), plain @grpc/grpc-js, raw HTTP/1.1 Connect, and
// hostile bytes on the port. test/transport covers the HTTP server with a
// fake service; this is the same surface on `npm start`'s real wiring (store,
// scheduler, watch fast path), as a separate process.

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { expect } from "chai";
import {
  CreateEnvironmentRequestSchema,
  CreateEnvironmentResponseSchema,
  DescribeEnvironmentStatusRequestSchema,
  DescribeEnvironmentStatusResponseSchema,
  EnvironmentStatus,
  GetEnvironmentRevisionRequestSchema,
  RevisionStatus,
  GetEnvironmentRevisionResponseSchema,
  UpdateEnvironmentRequestSchema,
  UpdateEnvironmentResponseSchema,
  WatchEnvironmentStatusRequestSchema,
  WatchEnvironmentStatusResponseSchema,
  WatchMessageKind,
} from "../../gen/blox/v1/environment_pb.js";
import { HealthCheckRequestSchema, HealthCheckResponseSchema, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { ServerReflection } from "../../gen/grpc/reflection/v1/reflection_pb.js";
import { seededRandom } from "../support/random.js";
import { pollUntil, REPO, startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";
import { grpcJsServerStream, grpcJsUnary } from "../transport/grpc-js.js";

const BUF = join(REPO, "node_modules", ".bin", "buf");
const SERVICE = "blox.v1.EnvironmentService";
const DESCRIBE = `/${SERVICE}/DescribeEnvironmentStatus`;
const SEED = Number(process.env.E2E_SEED ?? Date.now() % 1_000_000);

function bufCurl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(BUF, ["curl", ...args], { cwd: REPO, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Writes `bytes` on a fresh TCP connection; resolves with the reply once the server closes (or after `timeoutMs`). */
function rawExchange(port: number, bytes: Buffer, timeoutMs = 1500): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", () => {});
    socket.on("close", () => resolve(Buffer.concat(chunks)));
    socket.setTimeout(timeoutMs, () => socket.destroy());
  });
}

/** One HTTP/1.1 POST; resolves with status, headers and body. */
function post1(port: number, path: string, headers: Record<string, string>, body: Buffer | string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers, agent: false }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** One HTTP/2 (h2c) POST; resolves with the response and trailer headers. */
function post2(port: number, path: string, headers: Record<string, string>, body: Buffer) {
  return new Promise<{ headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", reject);
    const req = session.request({ ":method": "POST", ":path": path, ...headers });
    let responseHeaders: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on("response", (h) => (responseHeaders = h));
    req.on("trailers", (t) => (trailers = t));
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", reject);
    req.on("end", () => {
      session.close();
      resolve({ headers: responseHeaders, trailers, body: Buffer.concat(chunks) });
    });
    req.end(body);
  });
}

/** The server's own schema, fetched through gRPC reflection, as a FileDescriptorSet (dependencies first). */
async function schemaFromReflection(endpoint: string): Promise<Uint8Array> {
  const client = createClient(ServerReflection, createGrpcTransport({ baseUrl: endpoint }));
  const files = new Map<string, FileDescriptorProto>();
  const ask = async (request: { case: "fileContainingSymbol" | "fileByFilename"; value: string }) => {
    async function* one() {
      yield { messageRequest: request };
    }
    for await (const res of client.serverReflectionInfo(one())) {
      if (res.messageResponse.case !== "fileDescriptorResponse") throw new Error(`reflection: ${JSON.stringify(res.messageResponse)}`);
      for (const bytes of res.messageResponse.value.fileDescriptorProto) {
        const f = fromBinary(FileDescriptorProtoSchema, bytes);
        files.set(f.name, f);
      }
    }
  };
  await ask({ case: "fileContainingSymbol", value: SERVICE });
  for (let missing = [...files.values()].flatMap((f) => f.dependency).filter((d) => !files.has(d)); missing.length > 0; ) {
    for (const name of missing) await ask({ case: "fileByFilename", value: name });
    missing = [...files.values()].flatMap((f) => f.dependency).filter((d) => !files.has(d));
  }
  const ordered: FileDescriptorProto[] = [];
  const visit = (name: string) => {
    const f = files.get(name)!;
    if (ordered.includes(f)) return;
    for (const d of f.dependency) visit(d);
    ordered.push(f);
  };
  for (const name of files.keys()) visit(name);
  return toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: ordered }));
}

describe("e2e: interop with the full server process (buf curl, @grpc/grpc-js, raw HTTP, garbage)", function () {
  this.timeout(60_000);
  let server: ServerProcess;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "blox-interop-"));
    server = await startServerProcess();
  });
  after(async () => {
    await stopAllProcesses();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("@grpc/grpc-js (plain gRPC): creates, updates and reads an environment, watches it, checks health", async () => {
    const client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    try {
      const path = (m: string) => `/${SERVICE}/${m}`;
      const created = await grpcJsUnary(client, path("CreateEnvironment"), CreateEnvironmentRequestSchema, CreateEnvironmentResponseSchema, {
        spec: { name: "Interop/GrpcJs", taskDefinition: "log-daemon:1", cluster: "default", instanceGroup: { query: "attribute:stack == prod" } },
      });
      expect(created.environmentRevision).to.equal(1n);
      const updated = await grpcJsUnary(client, path("UpdateEnvironment"), UpdateEnvironmentRequestSchema, UpdateEnvironmentResponseSchema, {
        environmentName: "Interop/GrpcJs",
        baseRevision: 1n,
        taskDefinition: "log-daemon:2",
      });
      expect(updated.environmentRevision).to.equal(2n);
      const stale = await grpcJsUnary(client, path("UpdateEnvironment"), UpdateEnvironmentRequestSchema, UpdateEnvironmentResponseSchema, {
        environmentName: "Interop/GrpcJs",
        baseRevision: 1n,
        taskDefinition: "log-daemon:3",
      }).catch((e: grpc.ServiceError) => e);
      expect((stale as grpc.ServiceError).code).to.equal(grpc.status.ABORTED);

      const rev = await grpcJsUnary(client, path("GetEnvironmentRevision"), GetEnvironmentRevisionRequestSchema, GetEnvironmentRevisionResponseSchema, {
        environmentName: "Interop/GrpcJs",
        revision: 1n,
      });
      expect(rev.revision?.spec?.taskDefinition).to.equal("log-daemon:1");
      // The status is derived by the scheduler from the store; it shows revision 2 once the
      // reconciler has run after the write (a pass follows every store write promptly).
      const described = await pollUntil(
        "DescribeEnvironmentStatus to show revision 2",
        async () => {
          const d = await grpcJsUnary(client, DESCRIBE, DescribeEnvironmentStatusRequestSchema, DescribeEnvironmentStatusResponseSchema, {
            environmentName: "Interop/GrpcJs",
            all: true,
          });
          return d.status?.revisions.length === 2 ? d : undefined;
        },
        5000,
        20,
      );
      expect(described.status?.status).to.equal(EnvironmentStatus.CREATED);
      expect(described.status?.total).to.equal(5);
      expect(described.status?.revisions.map((r) => [r.revision, r.status])).to.deep.equal([
        [1n, RevisionStatus.CREATED],
        [2n, RevisionStatus.CREATED],
      ]);

      const missing = await grpcJsUnary(client, DESCRIBE, DescribeEnvironmentStatusRequestSchema, DescribeEnvironmentStatusResponseSchema, {
        environmentName: "Interop/Nope",
      }).catch((e: grpc.ServiceError) => e);
      expect((missing as grpc.ServiceError).code).to.equal(grpc.status.NOT_FOUND);

      // Server streaming through plain gRPC (the server's watch fast path): the first message is a snapshot.
      const watch = grpcJsServerStream(
        client,
        path("WatchEnvironmentStatus"),
        WatchEnvironmentStatusRequestSchema,
        WatchEnvironmentStatusResponseSchema,
        { environmentName: "Interop/GrpcJs" },
        () => watch.call.cancel(),
      );
      const { messages, status } = await watch.done;
      expect(status.code, `the watch ends by our cancel: ${status.details}`).to.equal(grpc.status.CANCELLED);
      const first = messages[0]!;
      expect(first.kind).to.equal(WatchMessageKind.SNAPSHOT);
      expect(first.status?.environmentName).to.equal("Interop/GrpcJs");

      const health = await grpcJsUnary(client, "/grpc.health.v1.Health/Check", HealthCheckRequestSchema, HealthCheckResponseSchema, { service: SERVICE });
      expect(health.status).to.equal(HealthCheckResponse_ServingStatus.SERVING);
    } finally {
      client.close();
    }
  });

  it("buf curl --http2-prior-knowledge --list-services lists the API, reflection (v1, v1alpha) and health", async () => {
    for (const flags of [["--http2-prior-knowledge"], ["--http2-prior-knowledge", "--reflect-protocol", "grpc-v1alpha"]]) {
      const r = await bufCurl([...flags, "--list-services", server.endpoint]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout.trim().split("\n")).to.have.members([
        SERVICE,
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
      ]);
    }
  });

  for (const [name, flags] of [
    ["grpc", ["--http2-prior-knowledge", "--protocol", "grpc"]],
    ["connect", ["--protocol", "connect"]],
    ["grpcweb", ["--protocol", "grpcweb"]],
  ] as const) {
    it(`buf curl DescribeEnvironmentStatus over ${name}, schema from reflection (no proto files)`, async () => {
      const r = await bufCurl([...flags, "--data", JSON.stringify({ environment_name: "Interop/GrpcJs", all: true }), server.endpoint + DESCRIBE]);
      expect(r.code, r.stderr).to.equal(0);
      const body = JSON.parse(r.stdout);
      expect(body.status).to.deep.include({ environmentName: "Interop/GrpcJs", status: "ENVIRONMENT_STATUS_CREATED", total: 5, latestRevision: "2" });
      const missing = await bufCurl([...flags, "--data", '{"environment_name":"Interop/Nope"}', server.endpoint + DESCRIBE]);
      expect(missing.code).to.not.equal(0);
      expect(JSON.parse(missing.stderr)).to.deep.include({ code: "not_found" });
    });
  }

  it("buf curl over HTTP/1.1 (--protocol connect and grpcweb), with the schema the server itself serves by reflection", async () => {
    // Reflection is a bidi stream (HTTP/2 only), so for a true HTTP/1.1 call buf curl gets the
    // schema as a file: the FileDescriptorSet fetched from this server's reflection, not from proto/.
    const schema = join(scratch, "from-reflection.binpb");
    writeFileSync(schema, await schemaFromReflection(server.endpoint));
    for (const protocol of ["connect", "grpcweb"]) {
      const r = await bufCurl(["--schema", schema, "--protocol", protocol, "-v", "--data", '{"environment_name":"Interop/GrpcJs"}', server.endpoint + DESCRIBE]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr, protocol).to.match(/< \(#\d+\) HTTP\/1\.1 200/);
      expect(JSON.parse(r.stdout).status).to.deep.include({ environmentName: "Interop/GrpcJs", total: 5 });
    }
    // And Connect's JSON over HTTP/1.1 is plain HTTP: what `curl -d` sends.
    const raw = await post1(server.port, DESCRIBE, { "content-type": "application/json" }, '{"environmentName":"Interop/GrpcJs"}');
    expect(raw.status).to.equal(200);
    expect(JSON.parse(raw.body).status).to.deep.include({ environmentName: "Interop/GrpcJs", total: 5 });
  });

  /** Malformed bodies, each with the code it must get: INVALID_ARGUMENT, since the caller is at fault (semantics.md, Errors). */
  async function malformedCalls(): Promise<{ what: string; code: string | number; detail: string }[]> {
    const out: { what: string; code: string | number; detail: string }[] = [];
    const connect = async (what: string, path: string, contentType: string, body: Buffer | string) => {
      const r = await post1(server.port, path, { "content-type": contentType }, body);
      out.push({ what, code: r.status >= 400 ? (JSON.parse(r.body) as { code: string }).code : `HTTP ${r.status}`, detail: r.body });
    };
    await connect("Connect JSON that does not parse", DESCRIBE, "application/json", "{not json");
    await connect("Connect JSON with a wrongly typed field", DESCRIBE, "application/json", '{"environmentName": 42}');
    await connect("Connect JSON with an invalid spec", `/${SERVICE}/CreateEnvironment`, "application/json", '{"spec": {"name": ""}}');
    await connect("Connect binary protobuf garbage", DESCRIBE, "application/proto", Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    const grpcCall = async (what: string, path: string, body: Buffer) => {
      const r = await post2(server.port, path, { "content-type": "application/grpc", te: "trailers" }, body);
      const status = r.trailers["grpc-status"] ?? r.headers["grpc-status"];
      out.push({ what, code: Number(status), detail: decodeURIComponent(String(r.trailers["grpc-message"] ?? r.headers["grpc-message"])) });
    };
    await grpcCall("gRPC frame whose length prefix lies", DESCRIBE, Buffer.from([0, 0, 0, 0, 100, 1, 2]));
    await grpcCall("gRPC unary frame of protobuf garbage", DESCRIBE, Buffer.from([0, 0, 0, 0, 5, 0x0a, 0xff, 0xff, 0xff, 0xff]));
    await grpcCall("gRPC watch (fast path) frame of protobuf garbage", `/${SERVICE}/WatchEnvironmentStatus`, Buffer.from([0, 0, 0, 0, 5, 0x0a, 0xff, 0xff, 0xff, 0xff]));
    return out;
  }

  it("malformed request bodies get error answers and never crash the process", async () => {
    const results = await malformedCalls();
    for (const r of results) expect(r.code, `${r.what}: ${r.detail}`).to.not.be.oneOf(["HTTP 200", 0]);
    expect(server.exited).to.equal(false);
    const ok = await post1(server.port, DESCRIBE, { "content-type": "application/json" }, '{"environmentName":"Interop/GrpcJs"}');
    expect(ok.status).to.equal(200);
  });

  it("malformed request bodies are INVALID_ARGUMENT, never INTERNAL", async () => {
    const results = await malformedCalls();
    const wrong = results.filter((r) => r.code !== "invalid_argument" && r.code !== grpc.status.INVALID_ARGUMENT);
    expect(wrong, wrong.map((r) => `${r.what} → ${r.code}: ${r.detail}`).join("\n")).to.deep.equal([]);
  });

  it(`garbage bytes on the port don't crash the server; it still answers after (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    const preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    const payloads: Buffer[] = [
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]), // a TLS ClientHello
      Buffer.from("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
      Buffer.from("POST /blox.v1.EnvironmentService/DescribeEnvironmentStatus HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
      Buffer.concat([preface, Buffer.alloc(64, 0xff)]),
      Buffer.concat([preface, Buffer.from([0, 0, 5, 0x4, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5])]),
      preface.subarray(0, 12),
    ];
    for (let i = 0; i < 24; i++) {
      const bytes = Buffer.alloc(1 + Math.floor(random() * 512));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      // Half of them look like HTTP/2 until the noise starts.
      payloads.push(i % 2 === 0 ? Buffer.concat([preface, bytes]) : bytes);
    }
    await Promise.all(payloads.map((p) => rawExchange(server.port, p)));
    expect(server.exited, `server exited; logs:\n${server.logs()}`).to.equal(false);

    const client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    try {
      const described = await grpcJsUnary(client, DESCRIBE, DescribeEnvironmentStatusRequestSchema, DescribeEnvironmentStatusResponseSchema, {
        environmentName: "Interop/GrpcJs",
      });
      expect(described.status?.environmentName).to.equal("Interop/GrpcJs");
    } finally {
      client.close();
    }
    const r = await bufCurl(["--protocol", "connect", "--data", '{"environment_name":"Interop/GrpcJs"}', server.endpoint + DESCRIBE]);
    expect(r.code, r.stderr).to.equal(0);
    expect(server.logs(), "no crash trace in the server log").to.not.match(/uncaught|unhandled|FATAL/i);
  });
});
