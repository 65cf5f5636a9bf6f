// mTLS with BLOX_TLS_CLIENT_CA and principals that change while the server
// runs: certificates are made here with openssl; the principals file is
// rewritten under the running server, which must follow it without a restart.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import { createBloxClient, type BloxClient, type BloxProtocol } from "../../client/client.js";
import { EnvironmentSpecSchema } from "../../gen/blox/v1/environment_pb.js";
import { pollUntil } from "../support/server-process.js";
import { makeCa, makeSigned, type CertFiles } from "./support/certificates.js";
import { startAuthServer, type AuthServer, type PrincipalEntry } from "./support/auth-server.js";

const ONCALL_TOKEN = "oncall-token-0123456789abcdef";
const WATCHER_TOKEN = "watcher-token-0123456789abcdef";
const NEW_TOKEN = "newcomer-token-0123456789abcdef";

const BOT: PrincipalEntry = { name: "mtls-bot", certSubject: "CN=deploy-bot", roles: ["deployer"] };
const ONCALL: PrincipalEntry = { name: "oncall", token: ONCALL_TOKEN, roles: ["operator"] };
const WATCHER: PrincipalEntry = { name: "watcher", token: WATCHER_TOKEN, roles: ["viewer"] };

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => Code[ConnectError.from(e).code]);

describe("auth: mTLS, and principals that change while the server runs", function () {
  this.timeout(60_000);
  let certDir: string;
  let ca: CertFiles;
  let bot: CertFiles;
  let rogue: CertFiles;
  let server: AuthServer;

  before(async () => {
    certDir = mkdtempSync(join(tmpdir(), "blox-certs-"));
    ca = makeCa(certDir, "client-ca");
    const serverCert = makeSigned(certDir, ca, "server", "/CN=localhost", "DNS:localhost,IP:127.0.0.1");
    bot = makeSigned(certDir, ca, "bot", "/CN=deploy-bot");
    // Same subject, but signed by a CA the server does not trust.
    const otherCa = makeCa(certDir, "other-ca");
    rogue = makeSigned(certDir, otherCa, "rogue", "/CN=deploy-bot");
    server = await startAuthServer({
      principals: [BOT, ONCALL, WATCHER],
      env: { BLOX_TLS_CERT: serverCert.certPath, BLOX_TLS_KEY: serverCert.keyPath, BLOX_TLS_CLIENT_CA: ca.certPath },
    });
  });
  after(async () => {
    await server?.stop();
    rmSync(certDir, { recursive: true, force: true });
  });

  const client = (protocol: BloxProtocol, options: { cert?: CertFiles; token?: string } = {}): BloxClient =>
    createBloxClient({
      endpoint: server.endpoint,
      protocol,
      ...(options.token ? { token: options.token } : {}),
      tls: { ca: ca.cert, ...(options.cert ? { cert: options.cert.cert, key: options.cert.key } : {}) },
    });

  for (const protocol of ["grpc", "connect", "grpc-web"] as const) {
    it(`${protocol}: a client certificate signed by the CA is its certSubject's principal, and acts as it`, async () => {
      const blox = client(protocol, { cert: bot });
      const me = await blox.whoAmI({});
      expect({ principal: me.principal, roles: me.roles }).to.deep.equal({ principal: "mtls-bot", roles: ["deployer"] });
      const name = `Mtls/${protocol}`;
      await blox.createEnvironment({ spec: create(EnvironmentSpecSchema, { name, taskDefinition: "bot:1" }) });
      const { environment } = await blox.getEnvironmentRevision({ environmentName: name });
      expect(environment?.createdBy?.principal).to.equal("mtls-bot");
      expect(environment?.createdBy?.clientAddress).to.match(/^127\.0\.0\.1:\d+$/);
      // A deployer, not more.
      expect(await codeOf(blox.freezeEnvironment({ environmentName: name }))).to.equal("PermissionDenied");
    });

    it(`${protocol}: without a certificate a bearer token still works; with neither the call is UNAUTHENTICATED`, async () => {
      const me = await client(protocol, { token: ONCALL_TOKEN }).whoAmI({});
      expect(me.principal).to.equal("oncall");
      expect(await codeOf(client(protocol).whoAmI({}))).to.equal("Unauthenticated");
    });
  }

  it("a client certificate the CA did not sign is refused at the handshake, before any HTTP", async () => {
    const { port } = new URL(server.endpoint);
    const outcome = await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: "127.0.0.1", port: Number(port), servername: "localhost", ca: ca.cert, cert: rogue.cert, key: rogue.key, ALPNProtocols: ["h2"] });
      let received = 0;
      socket.on("data", (d: Buffer) => (received += d.length));
      socket.on("error", (err) => resolve(`error ${err.message}`));
      socket.on("close", () => resolve(`closed after ${received} bytes`));
    });
    // The server closes the connection without sending a single HTTP/2 byte (no SETTINGS frame).
    expect(outcome).to.match(/^(closed after 0 bytes|error )/);
    // And through the client: no call gets through, not even with a valid token (the connection is gone).
    for (const protocol of ["grpc", "connect"] as const) {
      const code = await codeOf(client(protocol, { cert: rogue, token: ONCALL_TOKEN }).whoAmI({}));
      expect(code, protocol).to.be.oneOf(["Unavailable", "Canceled", "Aborted"]);
    }
    // The same CA-signed subject is accepted, so the refusal is the signature's.
    expect((await client("grpc", { cert: bot }).whoAmI({})).principal).to.equal("mtls-bot");
  });

  it("a token file change takes effect without a restart; open watches of removed principals end with PERMISSION_DENIED", async () => {
    const root = client("grpc", { token: ONCALL_TOKEN });
    await root.createEnvironment({ spec: create(EnvironmentSpecSchema, { name: "Reload/Env", taskDefinition: "r:1" }) });
    expect(await codeOf(client("grpc", { token: NEW_TOKEN }).whoAmI({}))).to.equal("Unauthenticated");

    // Open watches: the certificate principal over gRPC (the fast path), the token one over Connect.
    const watchEnd = (blox: BloxClient) => {
      let first: () => void;
      const opened = new Promise<void>((r) => (first = r));
      const abort = new AbortController();
      const actors: string[] = [];
      const ended = (async () => {
        try {
          for await (const m of blox.watchEnvironmentStatus({ environmentName: "Reload/Env" }, { signal: abort.signal })) {
            first!();
            for (const e of m.events) if (e.type !== 0 && e.actor) actors.push(e.actor.principal);
          }
          return "ended without error";
        } catch (err) {
          return `${Code[ConnectError.from(err).code]}: ${ConnectError.from(err).rawMessage}`;
        }
      })();
      return { opened, ended, abort, actors };
    };
    const botWatch = watchEnd(client("grpc", { cert: bot }));
    const watcherWatch = watchEnd(client("connect", { token: WATCHER_TOKEN }));
    const kept = watchEnd(client("grpc-web", { token: ONCALL_TOKEN }));
    await Promise.all([botWatch.opened, watcherWatch.opened, kept.opened]);

    // The file changes: bot and watcher go, a newcomer arrives, oncall is demoted to viewer.
    server.writePrincipals([{ ...ONCALL, roles: ["viewer"] }, { name: "newcomer", token: NEW_TOKEN, roles: ["deployer"], environments: ["Reload/*"] }]);

    const newcomer = await pollUntil("the new token to be accepted", async () => (await client("grpc", { token: NEW_TOKEN }).whoAmI({})).principal);
    expect(newcomer).to.equal("newcomer");
    expect(await botWatch.ended).to.match(/^PermissionDenied: access revoked: client certificate "CN=deploy-bot" is not a configured principal/);
    expect(await watcherWatch.ended).to.match(/^PermissionDenied: access revoked: invalid bearer token/);
    expect(await codeOf(client("connect", { token: WATCHER_TOKEN }).whoAmI({}))).to.equal("Unauthenticated");
    expect(await codeOf(client("connect", { cert: bot }).whoAmI({}))).to.equal("Unauthenticated");
    // oncall's role changed, not its access to the watch: the stream stays open; its rollback power went.
    expect(await codeOf(root.freezeEnvironment({ environmentName: "Reload/Env" }))).to.equal("PermissionDenied");
    expect((await root.whoAmI({})).roles).to.deep.equal(["viewer"]);
    // ... and the stream is still live: it carries the newcomer's change, with the newcomer as its actor.
    await client("grpc", { token: NEW_TOKEN }).updateEnvironment({ environmentName: "Reload/Env", baseRevision: 1n, taskDefinition: "r:2" });
    const actors = await pollUntil("the kept watch to carry the update", () => kept.actors.length > 0 && kept.actors);
    expect(actors).to.include("newcomer");
    kept.abort.abort();
  });
});
