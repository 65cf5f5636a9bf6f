// Bearer-token authentication through the real server: Connect handlers and
// the gRPC watch fast path accept and refuse exactly the same callers.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "chai";
import { EnvironmentSpecSchema, EnvironmentService } from "../../gen/blox/v1/environment_pb.js";
import { HealthCheckResponse_ServingStatus, Health } from "../../gen/grpc/health/v1/health_pb.js";
import { createBloxClient } from "../../client/client.js";
import { createBloxApp, type BloxApp } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import { silentLogger } from "../../server/observability/logger.js";

const TOKEN = "test-token-0123456789";
const quiet = silentLogger;

describe("authentication (BLOX_AUTH_TOKENS)", function () {
  this.timeout(20_000);
  let dir: string;
  let app: BloxApp;
  let baseUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "blox-auth-"));
    const config = loadConfig({ BLOX_LISTEN: "127.0.0.1:0", BLOX_DATA_DIR: dir, BLOX_AUTH_TOKENS: `other-token-abcdefghij, ${TOKEN}` }, []);
    app = createBloxApp(config, { logger: quiet, shutdownGraceMs: 200 });
    const { host, port } = await app.start();
    baseUrl = `http://${host}:${port}`;
    const authed = createBloxClient({ endpoint: baseUrl, token: TOKEN });
    await authed.createEnvironment({ spec: create(EnvironmentSpecSchema, { name: "Auth/Env", taskDefinition: "x:1" }) });
  });
  after(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const codeOf = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => ConnectError.from(e).code);
  const firstWatchMessage = async (client: ReturnType<typeof createBloxClient>) => {
    for await (const m of client.watchEnvironmentStatus({ environmentName: "Auth/Env" })) return m;
  };

  for (const protocol of ["grpc", "connect", "grpc-web"] as const) {
    it(`${protocol}: unary and watch need the token`, async () => {
      const anonymous = createBloxClient({ endpoint: baseUrl, protocol });
      const wrong = createBloxClient({ endpoint: baseUrl, protocol, token: "wrong-token-0123456789" });
      const authed = createBloxClient({ endpoint: baseUrl, protocol, token: TOKEN });
      expect(await codeOf(anonymous.describeEnvironmentStatus({ environmentName: "Auth/Env" }))).to.equal(Code.Unauthenticated);
      expect(await codeOf(wrong.describeEnvironmentStatus({ environmentName: "Auth/Env" }))).to.equal(Code.Unauthenticated);
      expect(await codeOf(authed.describeEnvironmentStatus({ environmentName: "Auth/Env" }))).to.equal("ok");
      expect(await codeOf(firstWatchMessage(anonymous))).to.equal(Code.Unauthenticated);
      expect(await codeOf(firstWatchMessage(wrong))).to.equal(Code.Unauthenticated);
      expect((await firstWatchMessage(authed))?.status?.environmentName).to.equal("Auth/Env");
    });
  }

  it("health stays open to load balancers", async () => {
    const health = createClient(Health, createGrpcTransport({ baseUrl }));
    expect((await health.check({})).status).to.equal(HealthCheckResponse_ServingStatus.SERVING);
    const connect = createClient(EnvironmentService, createConnectTransport({ baseUrl, httpVersion: "1.1" }));
    expect(await codeOf(connect.listEnvironments({}))).to.equal(Code.Unauthenticated);
  });

  it("refuses short tokens in the configuration, naming the variable", () => {
    expect(() => loadConfig({ BLOX_AUTH_TOKENS: "short" }, [])).to.throw(/BLOX_AUTH_TOKENS/);
  });
});
