import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as net from "node:net";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { expect } from "chai";
import {
  DescribeEnvironmentStatusRequestSchema,
  DescribeEnvironmentStatusResponseSchema,
} from "../../gen/blox/v1/environment_pb.js";
import { Health, HealthCheckResponse_ServingStatus as S } from "../../gen/grpc/health/v1/health_pb.js";
import { createBloxHttpServer } from "../../server/transport/http-server.js";
import { grpcJsUnary } from "./grpc-js.js";
import { envClient, PROTOCOLS, startHarness, transportFor, type Harness } from "./harness.js";

const KEY = fileURLToPath(new URL("./fixtures/localhost.key", import.meta.url));
const CERT = fileURLToPath(new URL("./fixtures/localhost.crt", import.meta.url));
const CA = readFileSync(CERT);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const BUF = fileURLToPath(new URL("../../node_modules/.bin/buf", import.meta.url));

describe("transport/http-server over TLS (h2 and HTTP/1.1 by ALPN)", () => {
  let h: Harness;
  let httpsUrl: string;
  before(async () => {
    h = await startHarness({ tls: { key: KEY, cert: CERT } });
    httpsUrl = `https://127.0.0.1:${h.port}`;
  });
  after(async () => {
    await h.server.shutdown();
  });

  for (const protocol of PROTOCOLS) {
    it(`${protocol} over TLS`, async () => {
      const res = await envClient(transportFor(protocol, httpsUrl, { ca: CA })).describeEnvironmentStatus({ environmentName: "tls" });
      expect(res.status?.environmentName).to.equal("tls");
    });
  }

  it("HTTP/1.1 over TLS is negotiated as HTTP/1.1 (ALPN http/1.1), h2 as HTTP/2", async () => {
    const fresh = await startHarness({ tls: { key: readFileSync(KEY), cert: readFileSync(CERT) } }); // PEM buffers this time
    const url = `https://127.0.0.1:${fresh.port}`;
    try {
      await envClient(transportFor("connect/http1.1", url, { ca: CA })).describeEnvironmentStatus({ environmentName: "a" });
      expect(fresh.server.connectionCounts()).to.include({ http1: 1, http2Sessions: 0 });
      await envClient(transportFor("connect/h2", url, { ca: CA })).describeEnvironmentStatus({ environmentName: "a" });
      expect(fresh.server.connectionCounts()).to.include({ http1: 1, http2Sessions: 1 });
    } finally {
      await fresh.server.shutdown();
    }
    expect(fresh.server.connectionCounts()).to.deep.equal({ tcp: 0, http2Sessions: 0, http1: 0 });
  });

  it("@grpc/grpc-js with TLS credentials", async () => {
    const client = new grpc.Client(`127.0.0.1:${h.port}`, grpc.credentials.createSsl(CA), {
      "grpc.ssl_target_name_override": "localhost",
    });
    try {
      const res = await grpcJsUnary(client, "/blox.v1.EnvironmentService/DescribeEnvironmentStatus", DescribeEnvironmentStatusRequestSchema, DescribeEnvironmentStatusResponseSchema, {
        environmentName: "grpc-js",
      });
      expect(res.status?.environmentName).to.equal("grpc-js");
    } finally {
      client.close();
    }
  });

  it("buf curl --list-services over https (reflection)", async function () {
    this.timeout(30_000);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(BUF, ["curl", "--cacert", CERT, "--list-services", httpsUrl], { cwd: REPO, timeout: 30_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(stderr)) : resolve(stdout),
      ),
    );
    expect(out).to.contain("blox.v1.EnvironmentService");
  });

  it("cleartext bytes and failed handshakes on the TLS port do not crash it", async () => {
    for (const bytes of [Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Buffer.alloc(100, 0xff)]) {
      await new Promise<void>((resolve) => {
        const s = net.connect(h.port, "127.0.0.1", () => s.write(bytes));
        s.on("error", () => {});
        s.on("close", () => resolve());
        s.resume();
      });
    }
    // A client that does not trust the certificate fails the handshake.
    const untrusting = envClient(transportFor("connect/h2", httpsUrl));
    const outcome = await untrusting.describeEnvironmentStatus({ environmentName: "x" }).catch((e: unknown) => ConnectError.from(e));
    expect(outcome).to.be.instanceOf(ConnectError);
    expect((outcome as ConnectError).message).to.match(/certificate/i);
    const res = await envClient(transportFor("grpc/h2", httpsUrl, { ca: CA })).describeEnvironmentStatus({ environmentName: "ok" });
    expect(res.status?.environmentName).to.equal("ok");
  });

  it("shutdown over TLS: health NOT_SERVING reaches the watcher, the stream ends UNAVAILABLE", async () => {
    const fresh = await startHarness({ tls: { key: KEY, cert: CERT } });
    const health = createClient(Health, transportFor("grpc/h2", `https://127.0.0.1:${fresh.port}`, { ca: CA }));
    const seen: S[] = [];
    let first!: () => void;
    const gotFirst = new Promise<void>((r) => (first = r));
    const watching = (async () => {
      try {
        for await (const m of health.watch({ service: "" })) {
          seen.push(m.status);
          first();
        }
      } catch (e) {
        return ConnectError.from(e);
      }
      return undefined;
    })();
    await gotFirst;
    await fresh.server.shutdown();
    const err = await watching;
    expect(seen).to.deep.equal([S.SERVING, S.NOT_SERVING]);
    expect(err?.code).to.equal(Code.Unavailable);
  });

  it("an unreadable key file is reported naming the option", () => {
    expect(() => createBloxHttpServer({ routes: () => {}, tls: { key: "/nonexistent/key.pem", cert: CERT } })).to.throw(/tls\.key.*\/nonexistent\/key\.pem/);
  });
});
