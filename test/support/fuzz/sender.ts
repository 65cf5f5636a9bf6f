// Sends fuzz cases to a server: raw requests on one shared HTTP/2 session
// (node:http2, so any byte sequence can be sent), well-typed messages through
// the real connect clients of each protocol. Every answer becomes an Outcome.

import * as http2 from "node:http2";
import { Code, ConnectError, createClient, type Client, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import type { DescService } from "@bufbuild/protobuf";
import type { ClientCase, FuzzCase, RawCase } from "./cases.js";
import { classifyResponse, scanEnvelopes, type FuzzProtocol, type Outcome, type RawResponse } from "./protocols.js";

export interface FuzzSenderOptions {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  service: DescService;
  /** A request without an answer after this long is a failure ("no answer"). Default 30 s: far past any real answer on a loaded machine, well short of a hang. */
  answerTimeoutMs?: number;
}

export interface FuzzSender {
  /**
   * Sends one case. `authorization`: undefined sends the case's own headers;
   * null sends none; a string is the authorization header to send.
   */
  send(fuzzCase: FuzzCase, authorization?: string | null): Promise<Outcome>;
  close(): void;
}

export function createFuzzSender(options: FuzzSenderOptions): FuzzSender {
  const answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
  let session: http2.ClientHttp2Session | undefined;

  const getSession = (): http2.ClientHttp2Session => {
    if (session && !session.closed && !session.destroyed) return session;
    const s = http2.connect(options.endpoint, { maxSessionMemory: 256, settings: { initialWindowSize: 4 * 1024 * 1024 } });
    s.on("error", () => {});
    s.once("close", () => {
      if (session === s) session = undefined;
    });
    s.once("goaway", () => {
      if (session === s) session = undefined;
    });
    session = s;
    return s;
  };

  const transports: Record<FuzzProtocol, Transport> = {
    grpc: createGrpcTransport({ baseUrl: options.endpoint }),
    "grpc-web": createGrpcWebTransport({ baseUrl: options.endpoint, httpVersion: "2" }),
    "connect-proto": createConnectTransport({ baseUrl: options.endpoint, httpVersion: "2", useBinaryFormat: true }),
    "connect-json": createConnectTransport({ baseUrl: options.endpoint, httpVersion: "2", useBinaryFormat: false }),
  };
  const clients = Object.fromEntries(Object.entries(transports).map(([p, t]) => [p, createClient(options.service, t)])) as Record<FuzzProtocol, Client<DescService>>;

  function withAuthorization(headers: Record<string, string>, authorization: string | null | undefined): Record<string, string> {
    if (authorization === undefined) return headers;
    const { authorization: _own, ...rest } = headers;
    return authorization === null ? rest : { ...rest, authorization };
  }

  function sendRaw(c: RawCase, authorization: string | null | undefined): Promise<Outcome> {
    const streaming = c.method.methodKind === "server_streaming";
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      let stream: http2.ClientHttp2Stream | undefined;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        stream?.close(http2.constants.NGHTTP2_CANCEL);
        finish({ code: Code.Unknown, httpStatus: 0, message: "", problem: `no answer within ${answerTimeoutMs} ms` });
      }, answerTimeoutMs);
      const res: RawResponse = { httpStatus: 0, headers: {}, trailers: {}, body: Buffer.alloc(0), cancelledAfterMessage: false };
      const chunks: Buffer[] = [];
      let ended = false;
      const done = () => {
        res.body = Buffer.concat(chunks);
        finish(classifyResponse(res));
      };
      try {
        stream = getSession().request({ ":method": "POST", ":path": `/${c.method.parent.typeName}/${c.method.name}`, ...withAuthorization(c.headers, authorization) });
      } catch (err) {
        finish({ code: Code.Unknown, httpStatus: 0, message: "", problem: `could not open a stream: ${String(err)}` });
        return;
      }
      stream.on("response", (h) => {
        res.httpStatus = Number(h[":status"]);
        res.headers = h;
      });
      stream.on("trailers", (t) => (res.trailers = t));
      stream.on("data", (d: Buffer) => {
        chunks.push(d);
        // A stream that would run forever: its first message is the answer.
        if (streaming && !res.cancelledAfterMessage) {
          const { frames } = scanEnvelopes(Buffer.concat(chunks));
          if (frames.some((f) => f.flags === 0)) {
            res.cancelledAfterMessage = true;
            stream!.close(http2.constants.NGHTTP2_CANCEL);
            done();
          }
        }
      });
      stream.on("end", () => {
        ended = true;
        done();
      });
      stream.on("close", () => {
        if (settled) return;
        const rst = stream!.rstCode;
        // The server may reset a stream after its complete answer (it did not read the whole request).
        if (res.httpStatus !== 0 && (ended || res.headers["grpc-status"] !== undefined)) return done();
        if (res.httpStatus !== 0 && rst === http2.constants.NGHTTP2_NO_ERROR) return done();
        finish({ code: Code.Unknown, httpStatus: res.httpStatus, message: "", problem: `stream closed without an answer (RST_STREAM code ${rst})` });
      });
      stream.on("error", () => {});
      stream.end(c.body);
    });
  }

  async function sendClient(c: ClientCase, authorization: string | null | undefined): Promise<Outcome> {
    const headers = withAuthorization({}, authorization);
    const client = clients[c.protocol] as unknown as Record<string, (m: unknown, o: unknown) => unknown>;
    const call = client[c.method.localName]!;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new ConnectError(`no answer within ${answerTimeoutMs} ms`, Code.DeadlineExceeded)), answerTimeoutMs);
    try {
      if (c.method.methodKind === "server_streaming") {
        const stream = call.call(client, c.message, { signal: controller.signal, headers }) as AsyncIterable<unknown>;
        for await (const _ of stream) break; // first message is the answer; break cancels the stream
      } else {
        await call.call(client, c.message, { signal: controller.signal, headers });
      }
      return { code: "ok", httpStatus: 200, message: "" };
    } catch (err) {
      const e = ConnectError.from(err);
      if (controller.signal.aborted) return { code: Code.Unknown, httpStatus: 0, message: e.rawMessage, problem: `no answer within ${answerTimeoutMs} ms` };
      return { code: e.code, httpStatus: 0, message: e.rawMessage };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    send: (c, authorization) => (c.kind === "raw" ? sendRaw(c, authorization) : sendClient(c, authorization)),
    close() {
      session?.close();
    },
  };
}
