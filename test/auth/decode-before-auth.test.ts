// Authentication comes from the headers before any body is decoded: a caller
// without a valid token learns UNAUTHENTICATED even when its body is garbage,
// on every protocol and on the gRPC watch fast path. The same bodies with the
// token are INVALID_ARGUMENT, which shows they really are malformed.

import * as http from "node:http";
import * as http2 from "node:http2";
import { expect } from "chai";
import { startAuthServer, type AuthServer } from "./support/auth-server.js";

const TOKEN = "decode-token-0123456789abcdef";
const GARBAGE = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
const DESCRIBE = "/blox.v1.EnvironmentService/DescribeEnvironmentStatus";
const WATCH = "/blox.v1.EnvironmentService/WatchEnvironmentStatus";
const envelope = (payload: Buffer, flags = 0) => {
  const f = Buffer.alloc(5 + payload.length);
  f[0] = flags;
  f.writeUInt32BE(payload.length, 1);
  payload.copy(f, 5);
  return f;
};

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  trailers: Record<string, unknown>;
  body: Buffer;
}

function h2Call(endpoint: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(endpoint);
    session.on("error", reject);
    const req = session.request({ ":method": "POST", ":path": path, te: "trailers", ...headers });
    let answer: Answer = { status: 0, headers: {}, trailers: {}, body: Buffer.alloc(0) };
    const chunks: Buffer[] = [];
    req.on("response", (h) => (answer = { ...answer, status: Number(h[":status"]), headers: h }));
    req.on("trailers", (t) => (answer.trailers = t));
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      session.close();
      resolve({ ...answer, body: Buffer.concat(chunks) });
    });
    req.on("error", reject);
    req.end(body);
  });
}

function http1Call(endpoint: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, trailers: {}, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The gRPC status of an answer: trailers, or headers of a trailers-only answer. */
const grpcStatus = (a: Answer) => String(a.trailers["grpc-status"] ?? a.headers["grpc-status"]);

/** The grpc-status in a gRPC-Web body's trailer frame (flag 0x80). */
function grpcWebStatus(a: Answer): string {
  for (let off = 0; off + 5 <= a.body.length; ) {
    const flags = a.body[off]!;
    const length = a.body.readUInt32BE(off + 1);
    const payload = a.body.subarray(off + 5, off + 5 + length);
    if (flags & 0x80) return /grpc-status:\s*(\d+)/i.exec(payload.toString("latin1"))?.[1] ?? "none";
    off += 5 + length;
  }
  return String(a.headers["grpc-status"] ?? "none");
}

/** The code of a Connect end-stream message (the last envelope, flag 0x02). */
function connectStreamCode(a: Answer): string {
  let code = "none";
  for (let off = 0; off + 5 <= a.body.length; ) {
    const flags = a.body[off]!;
    const length = a.body.readUInt32BE(off + 1);
    if (flags & 0x02) code = (JSON.parse(a.body.subarray(off + 5, off + 5 + length).toString("utf8")) as { error?: { code?: string } }).error?.code ?? "ok";
    off += 5 + length;
  }
  return code;
}

const connectUnaryCode = (a: Answer) => `${a.status} ${(JSON.parse(a.body.toString("utf8")) as { code?: string }).code}`;

interface Case {
  name: string;
  send: (endpoint: string, auth: Record<string, string>) => Promise<Answer>;
  code: (a: Answer) => string;
  unauthenticated: string;
  invalid: string;
}

const CASES: Case[] = [
  {
    name: "gRPC unary",
    send: (e, auth) => h2Call(e, DESCRIBE, { "content-type": "application/grpc", ...auth }, envelope(GARBAGE)),
    code: grpcStatus, unauthenticated: "16", invalid: "3",
  },
  {
    name: "gRPC watch (the fast path)",
    send: (e, auth) => h2Call(e, WATCH, { "content-type": "application/grpc", ...auth }, envelope(GARBAGE)),
    code: grpcStatus, unauthenticated: "16", invalid: "3",
  },
  {
    name: "gRPC-Web unary",
    send: (e, auth) => h2Call(e, DESCRIBE, { "content-type": "application/grpc-web+proto", "x-grpc-web": "1", ...auth }, envelope(GARBAGE)),
    code: grpcWebStatus, unauthenticated: "16", invalid: "3",
  },
  {
    name: "gRPC-Web watch",
    send: (e, auth) => h2Call(e, WATCH, { "content-type": "application/grpc-web+proto", "x-grpc-web": "1", ...auth }, envelope(GARBAGE)),
    code: grpcWebStatus, unauthenticated: "16", invalid: "3",
  },
  {
    name: "Connect binary unary (HTTP/1.1)",
    send: (e, auth) => http1Call(e, DESCRIBE, { "content-type": "application/proto", "connect-protocol-version": "1", ...auth }, GARBAGE),
    code: connectUnaryCode, unauthenticated: "401 unauthenticated", invalid: "400 invalid_argument",
  },
  {
    name: "Connect JSON unary (HTTP/1.1)",
    send: (e, auth) => http1Call(e, DESCRIBE, { "content-type": "application/json", "connect-protocol-version": "1", ...auth }, Buffer.from('{"environment_name": ')),
    code: connectUnaryCode, unauthenticated: "401 unauthenticated", invalid: "400 invalid_argument",
  },
  {
    name: "Connect JSON unary (HTTP/2)",
    send: (e, auth) => h2Call(e, DESCRIBE, { "content-type": "application/json", "connect-protocol-version": "1", ...auth }, Buffer.from("[1, 2")),
    code: connectUnaryCode, unauthenticated: "401 unauthenticated", invalid: "400 invalid_argument",
  },
  {
    name: "Connect binary watch",
    send: (e, auth) => h2Call(e, WATCH, { "content-type": "application/connect+proto", "connect-protocol-version": "1", ...auth }, envelope(GARBAGE)),
    code: connectStreamCode, unauthenticated: "unauthenticated", invalid: "invalid_argument",
  },
  {
    name: "Connect JSON watch",
    send: (e, auth) => h2Call(e, WATCH, { "content-type": "application/connect+json", "connect-protocol-version": "1", ...auth }, envelope(Buffer.from("{nope"))),
    code: connectStreamCode, unauthenticated: "unauthenticated", invalid: "invalid_argument",
  },
];

describe("auth: decode before auth (malformed bodies without credentials)", function () {
  this.timeout(30_000);
  let server: AuthServer;
  before(async () => {
    server = await startAuthServer({ principals: [{ name: "ci", token: TOKEN, roles: ["viewer"] }] });
  });
  after(() => server.stop());

  for (const c of CASES) {
    it(`${c.name}: UNAUTHENTICATED without a token, with a wrong one, and INVALID_ARGUMENT with the token`, async () => {
      expect(c.code(await c.send(server.endpoint, {})), "no token").to.equal(c.unauthenticated);
      expect(c.code(await c.send(server.endpoint, { authorization: "Bearer not-the-token-0123456789" })), "wrong token").to.equal(c.unauthenticated);
      expect(c.code(await c.send(server.endpoint, { authorization: `Bearer ${TOKEN}` })), "the token").to.equal(c.invalid);
    });
  }

  it("an oversize body without a token is UNAUTHENTICATED (never read), and the HTTP/1.1 client gets the answer", async () => {
    const huge = Buffer.alloc(6 * 1024 * 1024, 0x41);
    const answer = await http1Call(server.endpoint, DESCRIBE, { "content-type": "application/json", "connect-protocol-version": "1" }, huge);
    expect(connectUnaryCode(answer)).to.equal("401 unauthenticated");
    const authed = await http1Call(server.endpoint, DESCRIBE, { "content-type": "application/json", "connect-protocol-version": "1", authorization: `Bearer ${TOKEN}` }, huge);
    expect(connectUnaryCode(authed)).to.equal("413 resource_exhausted");
  });
});

describe("auth: failed attempts are logged with the peer address, rate-limited", function () {
  this.timeout(30_000);
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const capture = { debug() {}, info() {}, error() {}, warn: (message: string, fields: Record<string, unknown> = {}) => void lines.push({ message, fields }) };
  let server: AuthServer;
  before(async () => {
    server = await startAuthServer({ principals: [{ name: "ci", token: TOKEN, roles: ["viewer"] }], logger: capture });
  });
  after(() => server.stop());

  it("25 refused calls within a minute write 10 lines, each naming the peer ip:port and the reason", async () => {
    for (let i = 0; i < 25; i++) {
      const auth: Record<string, string> = i % 2 === 0 ? {} : { authorization: "Bearer not-the-token-0123456789" };
      expect(grpcStatus(await h2Call(server.endpoint, DESCRIBE, { "content-type": "application/grpc", ...auth }, envelope(GARBAGE)))).to.equal("16");
    }
    const failures = lines.filter((l) => l.message === "authentication failed");
    expect(failures).to.have.length(10);
    for (const f of failures) {
      expect(f.fields.peer).to.match(/^127\.0\.0\.1:\d+$/);
      expect(f.fields.reason).to.match(/missing credentials|invalid bearer token/);
    }
    // A good call is not logged as a failure.
    expect(grpcStatus(await h2Call(server.endpoint, DESCRIBE, { "content-type": "application/grpc", authorization: `Bearer ${TOKEN}` }, envelope(GARBAGE)))).to.equal("3");
    expect(lines.filter((l) => l.message === "authentication failed")).to.have.length(10);
  });
});
