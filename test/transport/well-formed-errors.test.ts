// An error message with a lone surrogate must still reach the caller (as
// U+FFFD): connect-es's encodeURIComponent would throw and leave the call
// unanswered. Unary and mid-stream, on every protocol.

import * as http2 from "node:http2";
import { gunzipSync, gzipSync } from "node:zlib";
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
            describeEnvironmentStatus(req) {
              if (req.environmentName.startsWith("long:")) throw new ConnectError(`environment ${req.environmentName} not found`, Code.NotFound);
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

    // A long message makes the trailer frame big enough to be compressed (flags 0x81): it must pass through unread.
    // (Compressed bytes read as text used to be parsed as trailer lines, which threw on a byte that is no header text.)
    it("gRPC-Web with gzip: long errors in compressed trailer frames keep their status", async () => {
      const session = http2.connect(baseUrl);
      try {
        for (let n = 3000; n < 3040; n++) {
          const name = Buffer.from(`long:${"/:".repeat(n)}${n}`);
          const message = Buffer.concat([Buffer.from([0x0a, (name.length & 0x7f) | 0x80, name.length >> 7]), name]);
          const packed = gzipSync(message);
          const body = Buffer.concat([Buffer.from([1, 0, 0, 0, 0]), packed]);
          body.writeUInt32BE(packed.length, 1);
          const answer = await new Promise<Buffer>((resolve, reject) => {
            const req = session.request({ ":method": "POST", ":path": "/blox.v1.EnvironmentService/DescribeEnvironmentStatus", "content-type": "application/grpc-web+proto", "grpc-encoding": "gzip" });
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => resolve(Buffer.concat(chunks)));
            req.on("error", reject);
            req.setTimeout(5000, () => reject(new Error(`no answer within 5 s (name of ${name.length} bytes)`)));
            req.end(body);
          });
          expect(answer[0]).to.equal(0x81);
          const trailer = gunzipSync(answer.subarray(5, 5 + answer.readUInt32BE(1))).toString("utf8");
          expect(trailer).to.match(/grpc-status: ?5\b/);
        }
      } finally {
        session.close();
      }
    });

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
