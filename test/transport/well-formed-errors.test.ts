// An error message with a lone surrogate must still reach the caller (as
// U+FFFD): connect-es's encodeURIComponent would throw and leave the call
// unanswered. Unary and mid-stream, on every protocol.

import * as http2 from "node:http2";
import { expect } from "chai";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { EnvironmentService, WatchMessageKind } from "../../gen/blox/v1/environment_pb.js";
import { createBloxHttpServer, type BloxHttpServer } from "../../server/transport/http-server.js";
import { encodeGrpcMessage } from "../../server/transport/grpc-frame.js";
import { wellFormed } from "../../server/transport/well-formed-errors.js";

const HALF_EMOJI = "😀".slice(0, 1);

describe("transport: error messages are well-formed", () => {
  it("wellFormed replaces lone surrogates only", () => {
    expect(wellFormed(`a${HALF_EMOJI}b`)).to.equal("a\ufffdb");
    expect(wellFormed("\udc00x")).to.equal("\ufffdx");
    expect(wellFormed("😀 é")).to.equal("😀 é");
    expect(encodeGrpcMessage(`bad ${HALF_EMOJI}`)).to.equal("bad %EF%BF%BD");
  });

  describe("over the wire", () => {
    let server: BloxHttpServer;
    let baseUrl: string;
    before(async () => {
      server = createBloxHttpServer({
        listen: { port: 0 },
        routes: (router) =>
          router.service(EnvironmentService, {
            describeEnvironmentStatus() {
              throw new ConnectError(`environment_name: contains '${HALF_EMOJI}'`, Code.InvalidArgument);
            },
            async *watchEnvironmentStatus() {
              yield { kind: WatchMessageKind.SNAPSHOT };
              throw new ConnectError(`stream ended at '${HALF_EMOJI}'`, Code.FailedPrecondition);
            },
          }),
      });
      const { port } = await server.listen();
      baseUrl = `http://127.0.0.1:${port}`;
    });
    after(() => server.shutdown());

    const transports: [string, () => Transport][] = [
      ["gRPC", () => createGrpcTransport({ baseUrl })],
      ["gRPC-Web", () => createGrpcWebTransport({ baseUrl, httpVersion: "2" })],
      ["Connect", () => createConnectTransport({ baseUrl, httpVersion: "1.1" })],
    ];
    // JSON.parse's message quotes the body and cuts the emoji in half; the parse fails before any interceptor.
    for (const contentType of ["application/grpc+json", "application/grpc-web+json"]) {
      it(`${contentType}: a body whose parse error is not well-formed is answered INVALID_ARGUMENT`, async () => {
        const payload = Buffer.from("\n\t😀/🚀");
        const body = Buffer.concat([Buffer.from([0, 0, 0, 0, payload.length]), payload]);
        const session = http2.connect(baseUrl);
        try {
          const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
            const req = session.request({ ":method": "POST", ":path": "/blox.v1.EnvironmentService/DescribeEnvironmentStatus", "content-type": contentType, te: "trailers" });
            req.on("response", resolve);
            req.on("error", reject);
            req.setTimeout(5000, () => reject(new Error("no answer within 5 s")));
            req.end(body);
          });
          expect(headers["grpc-status"]).to.equal(String(Code.InvalidArgument));
          expect(decodeURIComponent(String(headers["grpc-message"]))).to.match(/request message is not valid/);
        } finally {
          session.close();
        }
      });
    }

    for (const [name, transport] of transports) {
      it(`${name}: unary and mid-stream errors arrive with U+FFFD`, async () => {
        const client = createClient(EnvironmentService, transport());
        const unary = await client.describeEnvironmentStatus({ environmentName: "x" }, { timeoutMs: 5000 }).catch((e: unknown) => ConnectError.from(e));
        expect(unary).to.be.instanceOf(ConnectError);
        expect((unary as ConnectError).code).to.equal(Code.InvalidArgument);
        expect((unary as ConnectError).rawMessage).to.equal("environment_name: contains '\ufffd'");
        const kinds: WatchMessageKind[] = [];
        const streamed = await (async () => {
          for await (const m of client.watchEnvironmentStatus({ environmentName: "x" }, { timeoutMs: 5000 })) kinds.push(m.kind);
        })().catch((e: unknown) => ConnectError.from(e));
        expect(kinds).to.deep.equal([WatchMessageKind.SNAPSHOT]);
        expect((streamed as ConnectError).code).to.equal(Code.FailedPrecondition);
        expect((streamed as ConnectError).rawMessage).to.equal("stream ended at '\ufffd'");
      });
    }
  });
});
