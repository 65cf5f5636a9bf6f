// The four wire protocols the fuzzer speaks, as data: request headers, message
// framing, and reading a status code back out of any response (trailers,
// trailers-only headers, gRPC-Web trailer frames, Connect end-stream messages,
// Connect unary error bodies). Pure, so the classification is tested without sockets.

import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Code } from "@connectrpc/connect";
import { codeFromString } from "@connectrpc/connect/protocol-connect";

export type FuzzProtocol = "grpc" | "grpc-web" | "connect-proto" | "connect-json";
export const FUZZ_PROTOCOLS: readonly FuzzProtocol[] = ["grpc", "grpc-web", "connect-proto", "connect-json"];

/** Whether the protocol carries JSON (else protobuf binary). */
export function isJsonProtocol(protocol: FuzzProtocol): boolean {
  return protocol === "connect-json";
}

/** Whether requests of this protocol (and method kind) are length-prefixed envelopes. */
export function isEnveloped(protocol: FuzzProtocol, streaming: boolean): boolean {
  return protocol === "grpc" || protocol === "grpc-web" || streaming;
}

/** The headers a correct request carries (without :method / :path). */
export function baseHeaders(protocol: FuzzProtocol, streaming: boolean): Record<string, string> {
  switch (protocol) {
    case "grpc":
      return { "content-type": "application/grpc", te: "trailers" };
    case "grpc-web":
      return { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" };
    case "connect-proto":
      return { "content-type": streaming ? "application/connect+proto" : "application/proto", "connect-protocol-version": "1" };
    case "connect-json":
      return { "content-type": streaming ? "application/connect+json" : "application/json", "connect-protocol-version": "1" };
  }
}

/** One length-prefixed message: flags byte, 4-byte big-endian length, payload. */
export function envelope(payload: Buffer, flags = 0, declaredLength = payload.length): Buffer {
  const head = Buffer.alloc(5);
  head[0] = flags;
  head.writeUInt32BE(declaredLength >>> 0, 1);
  return Buffer.concat([head, payload]);
}

/** The body of a correct request carrying `payload`. */
export function frameRequest(protocol: FuzzProtocol, streaming: boolean, payload: Buffer): Buffer {
  return isEnveloped(protocol, streaming) ? envelope(payload) : payload;
}

export interface EnvelopeScan {
  /** Complete envelopes, in order. */
  frames: { flags: number; payload: Buffer }[];
  /** Bytes after the last complete envelope. */
  rest: number;
}

export function scanEnvelopes(body: Buffer): EnvelopeScan {
  const frames: EnvelopeScan["frames"] = [];
  let off = 0;
  while (off + 5 <= body.length) {
    const len = body.readUInt32BE(off + 1);
    if (off + 5 + len > body.length) break;
    frames.push({ flags: body[off]!, payload: body.subarray(off + 5, off + 5 + len) });
    off += 5 + len;
  }
  return { frames, rest: body.length - off };
}

/** What a response said. `code` is "ok" for a success; `problem` is set when the response is malformed. */
export interface Outcome {
  code: Code | "ok";
  httpStatus: number;
  message: string;
  problem?: string;
}

export interface RawResponse {
  httpStatus: number;
  headers: Record<string, string | string[] | undefined>;
  trailers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The client stopped reading after the first response message (streams that would run forever). */
  cancelledAfterMessage: boolean;
}

const header = (h: RawResponse["headers"], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function grpcOutcome(status: string, message: string | undefined, httpStatus: number): Outcome {
  const code = Number(status);
  if (!/^\d+$/.test(status) || code > 16) return { code: Code.Unknown, httpStatus, message: message ?? "", problem: `grpc-status is not a code: ${JSON.stringify(status)}` };
  return { code: code === 0 ? "ok" : (code as Code), httpStatus, message: decodeURIComponent(message ?? "") };
}

/** Trailers sent as a gRPC-Web trailer frame: `name: value` lines. */
export function parseTrailerFrame(payload: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of payload.toString("utf8").split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/**
 * A Connect error body as text. The server compresses it with the request's
 * encoding (content-encoding) once it is long enough; undefined when the body
 * does not inflate.
 */
function connectErrorBodyText(res: RawResponse): string | undefined {
  const encoding = header(res.headers, "content-encoding") ?? "identity";
  try {
    if (encoding === "gzip") return gunzipSync(res.body).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(res.body).toString("utf8");
  } catch {
    return undefined;
  }
  return res.body.toString("utf8");
}

function connectErrorOutcome(json: string, httpStatus: number, where: string): Outcome {
  let parsed: { code?: unknown; message?: unknown };
  try {
    parsed = JSON.parse(json) as typeof parsed;
  } catch {
    return { code: Code.Unknown, httpStatus, message: json.slice(0, 200), problem: `${where} is not JSON` };
  }
  const code = typeof parsed.code === "string" ? codeFromString(parsed.code) : undefined;
  if (code === undefined) return { code: Code.Unknown, httpStatus, message: json.slice(0, 200), problem: `${where} has no valid code` };
  return { code, httpStatus, message: typeof parsed.message === "string" ? parsed.message : "" };
}

/** HTTP statuses a server may answer with before any RPC protocol applies (wrong content type, method, size). */
const PROTOCOL_LEVEL_HTTP_STATUSES = new Set([400, 404, 405, 406, 408, 411, 413, 415, 431]);

/** Reads the status of any response the server may give to a request of `protocol`. */
export function classifyResponse(res: RawResponse): Outcome {
  const ct = header(res.headers, "content-type") ?? "";
  const http = res.httpStatus;
  if (ct.startsWith("application/grpc-web")) {
    const inHeaders = header(res.headers, "grpc-status");
    if (inHeaders !== undefined) return grpcOutcome(inHeaders, header(res.headers, "grpc-message"), http);
    const { frames } = scanEnvelopes(res.body);
    const trailer = frames.find((f) => (f.flags & 0x80) === 0x80);
    if (trailer) {
      const t = parseTrailerFrame(trailer.payload);
      if (t["grpc-status"] === undefined) return { code: Code.Unknown, httpStatus: http, message: "", problem: "gRPC-Web trailer frame without grpc-status" };
      return grpcOutcome(t["grpc-status"], t["grpc-message"], http);
    }
    if (res.cancelledAfterMessage && frames.length > 0) return { code: "ok", httpStatus: http, message: "" };
    return { code: Code.Unknown, httpStatus: http, message: "", problem: "gRPC-Web response without a trailer frame" };
  }
  if (ct.startsWith("application/grpc")) {
    const status = header(res.trailers, "grpc-status") ?? header(res.headers, "grpc-status");
    if (status !== undefined) return grpcOutcome(status, header(res.trailers, "grpc-message") ?? header(res.headers, "grpc-message"), http);
    if (res.cancelledAfterMessage) return { code: "ok", httpStatus: http, message: "" };
    return { code: Code.Unknown, httpStatus: http, message: "", problem: "gRPC response without grpc-status" };
  }
  if (ct.startsWith("application/connect+")) {
    if (http !== 200) return connectErrorOutcome(res.body.toString("utf8"), http, "Connect streaming error body");
    const { frames } = scanEnvelopes(res.body);
    const end = frames.find((f) => (f.flags & 0x02) === 0x02);
    if (end) {
      let parsed: { error?: unknown };
      try {
        parsed = JSON.parse(end.payload.toString("utf8")) as typeof parsed;
      } catch {
        return { code: Code.Unknown, httpStatus: http, message: "", problem: "Connect end-stream message is not JSON" };
      }
      if (parsed.error === undefined) return { code: "ok", httpStatus: http, message: "" };
      return connectErrorOutcome(JSON.stringify(parsed.error), http, "Connect end-stream error");
    }
    if (res.cancelledAfterMessage && frames.length > 0) return { code: "ok", httpStatus: http, message: "" };
    return { code: Code.Unknown, httpStatus: http, message: "", problem: "Connect stream without an end-stream message" };
  }
  if (ct.startsWith("application/json") && http !== 200) {
    const text = connectErrorBodyText(res);
    if (text === undefined) return { code: Code.Unknown, httpStatus: http, message: "", problem: "Connect error body does not inflate with its content-encoding" };
    return connectErrorOutcome(text, http, "Connect error body");
  }
  if ((ct.startsWith("application/json") || ct.startsWith("application/proto")) && http === 200) return { code: "ok", httpStatus: http, message: "" };
  if (PROTOCOL_LEVEL_HTTP_STATUSES.has(http)) return { code: Code.InvalidArgument, httpStatus: http, message: `HTTP ${http} ${res.body.toString("utf8").slice(0, 200)}` };
  return { code: Code.Unknown, httpStatus: http, message: res.body.toString("utf8").slice(0, 200), problem: `unexpected HTTP ${http} with content-type ${JSON.stringify(ct)}` };
}

/** Codes that mean the server failed, not the caller. */
export function isServerFault(outcome: Outcome): boolean {
  return outcome.problem !== undefined || outcome.code === Code.Internal || outcome.code === Code.Unknown || outcome.code === Code.DataLoss;
}
