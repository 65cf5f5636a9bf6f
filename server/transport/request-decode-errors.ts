import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { UniversalHandler, UniversalServerResponse } from "@connectrpc/connect/protocol";

// connect-es reports some request-side failures as INTERNAL: a body that is
// not valid protobuf ("parse binary: premature EOF", because the same
// serializer also parses responses on the client side), a compressed message
// that does not inflate, a message flagged compressed without an encoding. On
// a server they are always the caller's fault, and semantics.md says: never
// INTERNAL for something the caller did. A request over the size limit names the internal
// option ("message size 5000111 is larger than configured readMaxBytes
// 4194304"), and the Connect protocol sends it as HTTP 429. These helpers turn
// exactly those errors into the caller's terms on every protocol:
// INVALID_ARGUMENT (HTTP 400), and RESOURCE_EXHAUSTED worded "request of
// 5,000,111 bytes exceeds the 4 MiB limit" (HTTP 413).

const REQUEST_DECODE_PREFIX = "parse binary:";
const DECOMPRESSION_FAILED = "decompression failed";
const COMPRESSED_WITHOUT_ENCODING = "received compressed envelope, but do not know how to decompress";
const READ_MAX_BYTES = /^message size (?:(\d+) )?is larger than configured readMaxBytes (\d+)$/;

interface CallerErrorRule {
  /** The rewritten error, or undefined when the rule does not apply. */
  rewrite(code: Code | number, message: string): { code: Code; message: string; httpStatus: number } | undefined;
}

/**
 * The caller-facing message for one of connect-es's INTERNAL errors about an
 * undecodable request, or undefined when `code`/`message` is anything else.
 */
export function requestDecodeErrorMessage(code: Code | number, message: string): string | undefined {
  if (code !== Code.Internal) return undefined;
  if (message.startsWith(REQUEST_DECODE_PREFIX)) return `request message is not valid protobuf (${message.slice(REQUEST_DECODE_PREFIX.length).trim()})`;
  if (message === DECOMPRESSION_FAILED) return "request message could not be decompressed: the compressed data is corrupt or cut short";
  if (message === COMPRESSED_WITHOUT_ENCODING) {
    return "request message is flagged compressed, but the request names no compression (send grpc-encoding or connect-content-encoding, e.g. gzip)";
  }
  return undefined;
}

/** True for connect-es's INTERNAL errors about an undecodable request message. */
export function isRequestDecodeError(code: Code | number, message: string): boolean {
  return requestDecodeErrorMessage(code, message) !== undefined;
}

const undecodableRequest: CallerErrorRule = {
  rewrite(code, message) {
    const fixed = requestDecodeErrorMessage(code, message);
    return fixed === undefined ? undefined : { code: Code.InvalidArgument, message: fixed, httpStatus: 400 };
  },
};

const oversizeRequest: CallerErrorRule = {
  rewrite(code, message) {
    const m = code === Code.ResourceExhausted ? READ_MAX_BYTES.exec(message) : null;
    if (!m) return undefined;
    return { code: Code.ResourceExhausted, message: requestTooLarge(m[1] ? Number(m[1]) : undefined, Number(m[2])), httpStatus: 413 };
  },
};

const RULES = [undecodableRequest, oversizeRequest];

/** "request of 5,000,111 bytes exceeds the 4 MiB limit" (without the size when it is not known). */
export function requestTooLarge(bytes: number | undefined, limit: number): string {
  const size = bytes === undefined ? "" : `of ${bytes.toLocaleString("en-US")} bytes `;
  return `request ${size}exceeds the ${formatLimit(limit)} limit`;
}

function formatLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString("en-US")} bytes`;
}

function rewrite(code: Code | number, message: string) {
  for (const rule of RULES) {
    const fixed = rule.rewrite(code, message);
    if (fixed) return fixed;
  }
  return undefined;
}

/** Connect's JSON name of a code: ResourceExhausted → "resource_exhausted". */
function connectCodeName(code: Code): string {
  return Code[code]!.replace(/(?<!^)([A-Z])/g, "_$1").toLowerCase();
}

function codeFromConnectName(name: string): Code | undefined {
  for (const value of Object.values(Code)) {
    if (typeof value === "number" && connectCodeName(value) === name) return value;
  }
  return undefined;
}

/**
 * Streaming methods parse their request inside the interceptor chain, so an
 * interceptor can translate the error there.
 */
export const requestDecodeErrorInterceptor: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (err) {
    const e = ConnectError.from(err);
    const fixed = rewrite(e.code, e.rawMessage);
    if (fixed) throw new ConnectError(fixed.message, fixed.code);
    throw err;
  }
};

/**
 * Unary methods parse (and size-check) their request before any interceptor runs, so the
 * response itself is corrected: the Connect JSON error body, the gRPC
 * trailers, or the gRPC-Web trailer frame.
 */
export function mapRequestDecodeErrors(handler: UniversalHandler): UniversalHandler {
  const wrapped = async (request: Parameters<UniversalHandler>[0]): Promise<UniversalServerResponse> => {
    const response = await handler(request);
    const contentType = response.header?.get("content-type") ?? "";
    if (contentType.startsWith("application/grpc-web")) {
      return { ...response, body: fixGrpcWebTrailerFrames(response.body, response.header?.get("grpc-encoding") ?? "identity") };
    }
    if (contentType.startsWith("application/grpc")) {
      fixGrpcTrailers(response.header);
      fixGrpcTrailers(response.trailer);
      return { ...response, body: afterBody(response.body, () => fixGrpcTrailers(response.trailer)) };
    }
    if (response.status >= 400 && contentType.startsWith("application/json") && response.body) {
      return fixConnectErrorBody(response);
    }
    return response;
  };
  return Object.assign(wrapped, handler);
}

/** Rewrites the status in place; true when it changed. */
function fixGrpcTrailers(headers: Headers | undefined): boolean {
  const status = headers?.get("grpc-status");
  if (!headers || !status || status === "0") return false;
  const fixed = rewrite(Number(status), decodeURIComponent(headers.get("grpc-message") ?? ""));
  if (!fixed) return false;
  headers.set("grpc-status", String(fixed.code));
  headers.set("grpc-message", encodeURIComponent(fixed.message));
  return true;
}

async function* afterBody(body: AsyncIterable<Uint8Array> | undefined, done: () => void): AsyncIterable<Uint8Array> {
  if (body) yield* body;
  done();
}

async function fixConnectErrorBody(response: UniversalServerResponse): Promise<UniversalServerResponse> {
  const chunks: Uint8Array[] = [];
  for await (const c of response.body!) chunks.push(c);
  const bytes = Buffer.concat(chunks);
  let error: { code?: string; message?: string } | undefined;
  try {
    error = JSON.parse(bytes.toString("utf8")) as typeof error;
  } catch {
    error = undefined;
  }
  const code = typeof error?.code === "string" ? codeFromConnectName(error.code) : undefined;
  const fixed = code === undefined ? undefined : rewrite(code, error?.message ?? "");
  if (!fixed) return { ...response, body: once(bytes) };
  const body = Buffer.from(JSON.stringify({ ...error, code: connectCodeName(fixed.code), message: fixed.message }));
  const header = new Headers(response.header);
  if (header.has("content-length")) header.set("content-length", String(body.byteLength));
  return { ...response, status: fixed.httpStatus, header, body: once(body) };
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** Inflate / deflate a compressed gRPC-Web frame payload, for the encodings connect-node speaks. */
const FRAME_CODECS: Record<string, { inflate(b: Buffer): Buffer; deflate(b: Buffer): Buffer }> = {
  gzip: { inflate: (b) => gunzipSync(b), deflate: (b) => gzipSync(b) },
  br: { inflate: (b) => brotliDecompressSync(b), deflate: (b) => brotliCompressSync(b) },
};

/** gRPC-Web carries trailers in a final frame flagged 0x80 (0x81 when compressed with the response's grpc-encoding). */
async function* fixGrpcWebTrailerFrames(body: AsyncIterable<Uint8Array> | undefined, encoding: string): AsyncIterable<Uint8Array> {
  if (!body) return;
  const codec = FRAME_CODECS[encoding];
  for await (const chunk of body) {
    const isTrailer = chunk.byteLength >= 5 && (chunk[0] === 0x80 || (chunk[0] === 0x81 && codec)) && Buffer.from(chunk).readUInt32BE(1) === chunk.byteLength - 5;
    const compressed = chunk[0] === 0x81;
    let text: Buffer | undefined;
    if (isTrailer) {
      try {
        text = compressed ? codec!.inflate(Buffer.from(chunk.subarray(5))) : Buffer.from(chunk.subarray(5));
      } catch {
        text = undefined;
      }
    }
    const headers = text && parseTrailerFrame(text);
    if (headers) {
      if (fixGrpcTrailers(headers)) {
        let out = "";
        headers.forEach((v, k) => (out += `${k}: ${v}\r\n`));
        const plain = Buffer.from(out, "utf8");
        const payload = compressed ? codec!.deflate(plain) : plain;
        const frame = Buffer.alloc(5 + payload.byteLength);
        frame[0] = chunk[0]!;
        frame.writeUInt32BE(payload.byteLength, 1);
        payload.copy(frame, 5);
        yield frame;
        continue;
      }
    }
    yield chunk;
  }
}

/** The headers of a gRPC-Web trailer frame's text, or undefined if its lines are not valid header text. */
function parseTrailerFrame(text: Buffer): Headers | undefined {
  const headers = new Headers();
  try {
    for (const line of text.toString("latin1").split("\r\n")) {
      const i = line.indexOf(":");
      if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
    }
  } catch {
    return undefined;
  }
  return headers;
}
