import * as http2 from "node:http2";
import * as net from "node:net";
import * as grpc from "@grpc/grpc-js";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { expect } from "chai";
import {
  DescribeEnvironmentStatusRequestSchema,
  DescribeEnvironmentStatusResponseSchema,
  WatchEnvironmentStatusRequestSchema,
  WatchEnvironmentStatusResponseSchema,
} from "../../gen/blox/v1/environment_pb.js";
import {
  Health,
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as S,
} from "../../gen/grpc/health/v1/health_pb.js";
import { SHUTDOWN_MESSAGE } from "../../server/abort.js";
import { HTTP2_PREFACE } from "../../server/transport/preface.js";
import { grpcJsServerStream, grpcJsUnary } from "./grpc-js.js";
import { envClient, PROTOCOLS, rejection, startHarness, transportFor, until } from "./harness.js";

const WATCH = "/blox.v1.EnvironmentService/WatchEnvironmentStatus";
const DESCRIBE = "/blox.v1.EnvironmentService/DescribeEnvironmentStatus";

/** Reads a Connect server stream to its end: the messages, then the error it ended with (if any). */
async function drain<T>(stream: AsyncIterable<T>, onMessage: (m: T) => void = () => {}): Promise<{ messages: T[]; error?: ConnectError }> {
  const messages: T[] = [];
  try {
    for await (const m of stream) {
      messages.push(m);
      onMessage(m);
    }
    return { messages };
  } catch (err) {
    return { messages, error: ConnectError.from(err) };
  }
}

describe("transport/http-server: graceful shutdown", () => {
  for (const protocol of PROTOCOLS) {
    it(`${protocol}: health Watch sees SERVING then NOT_SERVING, then the stream ends with UNAVAILABLE`, async () => {
      const h = await startHarness();
      const health = createClient(Health, transportFor(protocol, h.baseUrl));
      let first!: () => void;
      const gotFirst = new Promise<void>((r) => (first = r));
      const watching = drain(health.watch({ service: "blox.v1.EnvironmentService" }), () => first());
      await gotFirst;
      await h.server.shutdown();
      const { messages, error } = await watching;
      expect(messages.map((m) => m.status)).to.deep.equal([S.SERVING, S.NOT_SERVING]);
      expect(error?.code).to.equal(Code.Unavailable);
      expect(error?.rawMessage).to.equal(SHUTDOWN_MESSAGE);
    });
  }

  for (const protocol of PROTOCOLS) {
    it(`${protocol}: open server streams end with UNAVAILABLE, not INTERNAL — whether the handler watches its signal or not`, async () => {
      const h = await startHarness({ shutdownGraceMs: 10_000 });
      const client = envClient(transportFor(protocol, h.baseUrl));
      const streams = ["uses-signal", "ignore-signal"].map((name) => drain(client.watchEnvironmentStatus({ environmentName: name })));
      await until(() => h.openWatches() === 2, "both watch handlers running");
      const started = Date.now();
      await h.server.shutdown();
      expect(Date.now() - started, "shutdown waited for the grace period").to.be.lessThan(5000);
      for (const { messages, error } of await Promise.all(streams)) {
        expect(messages).to.have.length(1); // the snapshot
        expect(error?.code, error?.message).to.equal(Code.Unavailable);
        expect(error?.rawMessage).to.equal(SHUTDOWN_MESSAGE);
      }
    });
  }

  it("@grpc/grpc-js: an open server stream ends with status UNAVAILABLE and the shutdown message", async () => {
    const h = await startHarness();
    const client = new grpc.Client(`127.0.0.1:${h.port}`, grpc.credentials.createInsecure());
    try {
      const { done } = grpcJsServerStream(client, WATCH, WatchEnvironmentStatusRequestSchema, WatchEnvironmentStatusResponseSchema, {
        environmentName: "uses-signal",
      });
      await until(() => h.openWatches() === 1, "watch handler running");
      await h.server.shutdown();
      const { messages, status } = await done;
      expect(messages).to.have.length(1);
      expect(status.code).to.equal(grpc.status.UNAVAILABLE);
      expect(status.details).to.equal(SHUTDOWN_MESSAGE);
    } finally {
      client.close();
    }
  });

  for (const protocol of ["grpc/h2", "connect/http1.1", "grpc-web/http1.1"] as const) {
    it(`${protocol}: an in-flight unary call finishes; new calls are refused`, async () => {
      const h = await startHarness();
      const client = envClient(transportFor(protocol, h.baseUrl));
      const call = client.describeEnvironmentStatus({ environmentName: "slow:a" });
      await h.gates.waiting("a");
      const down = h.server.shutdown();
      await until(() => h.server.shutdownSignal.aborted, "shutdown started");
      expect(h.server.health.getStatus("")).to.equal(S.NOT_SERVING);
      h.gates.release("a");
      expect((await call).status?.environmentName).to.equal("slow:a");
      await down;
      const err = await rejection(envClient(transportFor(protocol, h.baseUrl)).describeEnvironmentStatus({ environmentName: "late" }));
      expect(err.message).to.match(/ECONNREFUSED|unavailable/i);
    });
  }

  it("completes promptly with idle clients of every kind connected (GOAWAY, idle keep-alive closed)", async () => {
    const h = await startHarness({ shutdownGraceMs: 10_000 });
    const grpcJs = new grpc.Client(`127.0.0.1:${h.port}`, grpc.credentials.createInsecure());
    await grpcJsUnary(grpcJs, DESCRIBE, DescribeEnvironmentStatusRequestSchema, DescribeEnvironmentStatusResponseSchema, { environmentName: "a" });
    for (const protocol of PROTOCOLS) {
      await envClient(transportFor(protocol, h.baseUrl)).describeEnvironmentStatus({ environmentName: "a" });
    }
    // A raw HTTP/2 client that never answers GOAWAY, and sockets that said nothing or half a preface.
    const raw = http2.connect(h.baseUrl);
    raw.on("error", () => {});
    const goaway = new Promise<number>((resolve) => raw.once("goaway", (code) => resolve(code)));
    await new Promise((r) => raw.once("remoteSettings", r));
    const silent = net.connect(h.port, "127.0.0.1");
    const partial = net.connect(h.port, "127.0.0.1", () => partial.write(HTTP2_PREFACE.subarray(0, 5)));
    for (const s of [silent, partial]) s.on("error", () => {});
    await until(() => h.server.connectionCounts().tcp >= 5, "clients connected");

    const started = Date.now();
    await h.server.shutdown();
    expect(Date.now() - started).to.be.lessThan(2000);
    expect(await goaway).to.equal(http2.constants.NGHTTP2_NO_ERROR);
    expect(h.server.connectionCounts()).to.deep.equal({ tcp: 0, http2Sessions: 0, http1: 0 });
    grpcJs.close();
  });

  it("destroys what is left after shutdownGraceMs", async () => {
    const h = await startHarness({ shutdownGraceMs: 150 });
    const client = envClient(transportFor("grpc/h2", h.baseUrl));
    const call = rejection(client.describeEnvironmentStatus({ environmentName: "slow:never" }));
    await h.gates.waiting("never");
    const started = Date.now();
    await h.server.shutdown();
    const elapsed = Date.now() - started;
    expect(elapsed).to.be.at.least(140);
    expect(elapsed).to.be.lessThan(2000);
    expect((await call).code).to.be.oneOf([Code.Unavailable, Code.Canceled, Code.Aborted, Code.Internal]);
    expect(h.server.connectionCounts()).to.deep.equal({ tcp: 0, http2Sessions: 0, http1: 0 });
  });

  it("shutdown is idempotent and works on a server that never listened", async () => {
    const h = await startHarness();
    const a = h.server.shutdown();
    expect(h.server.shutdown()).to.equal(a);
    await a;
    const { createBloxHttpServer } = await import("../../server/transport/http-server.js");
    const never = createBloxHttpServer({ routes: () => {} });
    await never.shutdown();
    expect(never.shutdownSignal.aborted).to.equal(true);
  });

  it("health Check over grpc-js reports SERVING before shutdown", async () => {
    const h = await startHarness();
    const client = new grpc.Client(`127.0.0.1:${h.port}`, grpc.credentials.createInsecure());
    try {
      const res = await grpcJsUnary(client, "/grpc.health.v1.Health/Check", HealthCheckRequestSchema, HealthCheckResponseSchema, { service: "" });
      expect(res.status).to.equal(S.SERVING);
    } finally {
      client.close();
      await h.server.shutdown();
    }
  });
});
