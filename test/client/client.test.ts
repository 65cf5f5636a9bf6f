import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import { createBloxClient, type BloxClientOptions } from "../../client/client.js";
import { parseEnvironmentSpecYaml } from "../../client/spec-yaml.js";
import { EnvironmentService } from "../../gen/blox/v1/environment_pb.js";
import { createFakeService } from "../cli/support/fake-service.js";
import { startFakeServer, type FakeServer } from "../cli/support/fake-server.js";
import * as fx from "../cli/support/fixtures.js";

describe("createBloxClient", () => {
  let h2: FakeServer;
  let h1: http.Server;
  let h1Url: string;
  const fake = createFakeService();

  before(async () => {
    h2 = await startFakeServer(fake.impl);
    h1 = http.createServer(connectNodeAdapter({ routes: (r) => r.service(EnvironmentService, fake.impl) }));
    await new Promise<void>((resolve) => h1.listen(0, "127.0.0.1", resolve));
    h1Url = `http://127.0.0.1:${(h1.address() as AddressInfo).port}`;
  });
  after(async () => {
    await h2.close();
    h1.closeAllConnections();
    await new Promise((resolve) => h1.close(resolve));
  });

  const variants: [string, () => BloxClientOptions][] = [
    ["grpc (HTTP/2 prior knowledge)", () => ({ endpoint: h2.url, protocol: "grpc" })],
    ["grpc-web over HTTP/2", () => ({ endpoint: h2.url, protocol: "grpc-web" })],
    ["grpc-web over HTTP/1.1", () => ({ endpoint: h1Url, protocol: "grpc-web", httpVersion: "1.1" })],
    ["connect over HTTP/1.1 (default)", () => ({ endpoint: h1Url, protocol: "connect" })],
    ["connect over HTTP/2", () => ({ endpoint: h2.url, protocol: "connect", httpVersion: "2" })],
  ];
  for (const [title, options] of variants) {
    it(`${title}: unary calls, typed errors and the watch stream`, async () => {
      const client = createBloxClient({ ...options(), timeoutMs: 5000 });
      const name = `Client/${title.replace(/\W+/g, "-")}`;
      const spec = parseEnvironmentSpecYaml(`Name: "${name}"\nTaskDefinition: "log-daemon:1"\n`);
      const created = await client.createEnvironment({ spec });
      expect(created.environmentRevision).to.equal(1n);
      const err = await client.createEnvironment({ spec }).catch((e) => e);
      expect(ConnectError.from(err).code).to.equal(Code.AlreadyExists);

      fake.state.watchScripts.set(name, [fx.message(1, fx.created), fx.message(2, fx.deploying)]);
      const ac = new AbortController();
      const seqs: bigint[] = [];
      try {
        for await (const m of client.watchEnvironmentStatus({ environmentName: name }, { signal: ac.signal })) {
          seqs.push(m.sequence);
          if (seqs.length === 2) ac.abort();
        }
      } catch (e) {
        expect(ConnectError.from(e).code).to.equal(Code.Canceled);
      }
      expect(seqs).to.deep.equal([1n, 2n]);
    });
  }

  it("rejects a bad endpoint or gRPC over HTTP/1.1 with a clear message", () => {
    expect(() => createBloxClient({ endpoint: "localhost:50051" })).to.throw(/endpoint: (not a URL|unsupported scheme)/);
    expect(() => createBloxClient({ endpoint: "ftp://x" })).to.throw(/endpoint: unsupported scheme ftp:/);
    // The RPC path is appended to the endpoint: a query or fragment would land in front of it.
    expect(() => createBloxClient({ endpoint: "http://x:1?tenant=a" })).to.throw(/endpoint: .*no query or fragment/);
    expect(() => createBloxClient({ endpoint: "http://x:1/#top" })).to.throw(/endpoint: .*no query or fragment/);
    expect(() => createBloxClient({ endpoint: "http://x:1/prefix/" })).not.to.throw();
    // A deadline past a Node timer's reach (2^31-1 ms) would expire at once.
    expect(() => createBloxClient({ endpoint: "http://x:1", timeoutMs: 30 * 86_400_000 })).to.throw(/timeoutMs: must be/);
    expect(() => createBloxClient({ endpoint: "http://x:1", timeoutMs: -1 })).to.throw(/timeoutMs: must be/);
    expect(() => createBloxClient({ endpoint: "http://x:1", timeoutMs: 86_400_000 })).not.to.throw();
    expect(() => createBloxClient({ endpoint: "http://x", protocol: "grpc", httpVersion: "1.1" })).to.throw(/gRPC needs HTTP\/2/);
  });
});
