// The wired server end to end over real sockets: embedded SQLite store in a
// temporary directory, the simulator's default cluster, port 0.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "chai";
import { EnvironmentService, EnvironmentStatus, WatchMessageKind } from "../../gen/blox/v1/environment_pb.js";
import { createBloxApp, type BloxApp } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import { SPEC } from "./fakes.js";
import { silentLogger } from "../../server/observability/logger.js";

const quiet = silentLogger;

describe("blox app (real server, port 0)", function () {
  this.timeout(20_000);
  let dir: string;
  let app: BloxApp | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "blox-app-"));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function start() {
    const config = loadConfig({ BLOX_LISTEN: "127.0.0.1:0", BLOX_DATA_DIR: dir, BLOX_REPLICA_ID: "test-replica" }, []);
    app = createBloxApp(config, { logger: quiet, shutdownGraceMs: 500 });
    const { host, port } = await app.start();
    expect(port).to.be.greaterThan(0);
    return `http://${host}:${port}`;
  }

  it("serves gRPC and Connect: create, duplicate, describe, unknown", async () => {
    const baseUrl = await start();
    const grpc = createClient(EnvironmentService, createGrpcTransport({ baseUrl }));
    const connect = createClient(EnvironmentService, createConnectTransport({ baseUrl, httpVersion: "1.1" }));

    expect((await grpc.createEnvironment({ spec: SPEC })).environmentRevision).to.equal(1n);
    const dup = await connect.createEnvironment({ spec: SPEC }).catch((e) => ConnectError.from(e));
    expect((dup as ConnectError).code).to.equal(Code.AlreadyExists);

    const described = await connect.describeEnvironmentStatus({ environmentName: SPEC.name });
    expect(described.status!.environmentName).to.equal(SPEC.name);
    expect(described.status!.status).to.equal(EnvironmentStatus.CREATED);
    // The default simulated cluster has 5 instances with stack=prod.
    expect(described.status!.total).to.equal(5);

    const missing = await grpc.describeEnvironmentStatus({ environmentName: "Nope" }).catch((e) => ConnectError.from(e));
    expect((missing as ConnectError).code).to.equal(Code.NotFound);

    // Unknown environment on a watch, through the gRPC fast path and through Connect.
    for (const c of [grpc, connect]) {
      let watchErr: unknown;
      try {
        for await (const _ of c.watchEnvironmentStatus({ environmentName: "Nope" })) break;
      } catch (e) {
        watchErr = e;
      }
      expect(ConnectError.from(watchErr).code, String(watchErr)).to.equal(Code.NotFound);
    }

    const deployed = await grpc.deployEnvironment({ environmentName: SPEC.name, revision: 1n });
    expect(deployed.deploymentId).to.match(/^SomeEnvironment\/Prod:1@\d{16}$/);
  });

  for (const protocol of ["grpc", "connect"] as const) {
    it(`watch over ${protocol}: a snapshot first, then UNAVAILABLE when the server stops`, async () => {
      const baseUrl = await start();
      const transport =
        protocol === "grpc" ? createGrpcTransport({ baseUrl }) : createConnectTransport({ baseUrl, httpVersion: "1.1" });
      const client = createClient(EnvironmentService, transport);
      await client.createEnvironment({ spec: SPEC });
      const kinds: WatchMessageKind[] = [];
      let stopping: Promise<void> | undefined;
      let err: unknown;
      try {
        for await (const m of client.watchEnvironmentStatus({ environmentName: SPEC.name })) {
          kinds.push(m.kind);
          if (kinds.length === 1) {
            expect(m.status!.environmentName).to.equal(SPEC.name);
            stopping = app!.stop();
          }
        }
      } catch (e) {
        err = e;
      }
      await stopping;
      expect(kinds[0]).to.equal(WatchMessageKind.SNAPSHOT);
      expect(ConnectError.from(err).code, String(err)).to.equal(Code.Unavailable);
    });
  }

  it("keeps data across a restart on the same data directory", async () => {
    let baseUrl = await start();
    let client = createClient(EnvironmentService, createGrpcTransport({ baseUrl }));
    await client.createEnvironment({ spec: SPEC });
    await client.updateEnvironment({ environmentName: SPEC.name, baseRevision: 1n, taskDefinition: "log-daemon:2" });
    await app!.stop();

    baseUrl = await start();
    client = createClient(EnvironmentService, createGrpcTransport({ baseUrl }));
    const revs = await client.listEnvironmentRevisions({ environmentName: SPEC.name });
    expect(revs.revisions.map((r) => r.spec!.taskDefinition)).to.deep.equal(["log-daemon:1", "log-daemon:2"]);
  });

  it("stop() is idempotent and a failed start leaves nothing open", async () => {
    await start();
    await Promise.all([app!.stop(), app!.stop()]);
    // Port in use: start fails cleanly.
    const first = createBloxApp(loadConfig({ BLOX_LISTEN: "127.0.0.1:0", BLOX_DATA_DIR: dir, BLOX_REPLICA_ID: "a" }, []), { logger: quiet });
    const { port } = await first.start();
    const second = createBloxApp(
      loadConfig({ BLOX_LISTEN: `127.0.0.1:${port}`, BLOX_DATA_DIR: join(dir, "b"), BLOX_REPLICA_ID: "b" }, []),
      { logger: quiet },
    );
    let err: unknown;
    await second.start().catch((e) => (err = e));
    expect(String(err)).to.match(/EADDRINUSE/);
    await first.stop();
  });

  it("refuses unknown JSON fields and enum names, and oversized bodies, naming the problem", async () => {
    const baseUrl = await start();
    const post = async (path: string, body: string) => {
      const res = await fetch(`${baseUrl}/blox.v1.EnvironmentService/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      return { status: res.status, error: (await res.json()) as { code?: string; message?: string } };
    };
    const typo = await post("CreateEnvironment", JSON.stringify({ spec: { name: "A", taskDefinition: "x:1", deployment: { configuraton: {} } } }));
    expect(typo.error.code).to.equal("invalid_argument");
    expect(typo.error.message).to.contain("configuraton");
    const badEnum = await post("CreateEnvironment", JSON.stringify({ spec: { name: "A", taskDefinition: "x:1", deployment: { method: "NOPE" } } }));
    expect(badEnum.error.code).to.equal("invalid_argument");
    expect(badEnum.error.message).to.contain("NOPE");
    const huge = await post("DescribeEnvironmentStatus", JSON.stringify({ environmentName: "x".repeat(5 * 1024 * 1024) }));
    expect(huge.error.code).to.equal("resource_exhausted");
    // Nothing was created by the refused requests.
    const list = await post("ListEnvironments", "{}");
    expect(list.status).to.equal(200);
    expect((list.error as { environments?: unknown[] }).environments ?? []).to.have.length(0);
  });
});
