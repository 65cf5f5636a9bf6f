// gRPC length-prefixed message framing and header helpers, pure so they can be
// tested without sockets. Used by the watch fast path, which writes one
// pre-framed buffer to many HTTP/2 streams.

import { wellFormed } from "./well-formed-errors.js";

/** Frames a serialized message: 1 byte "compressed" flag (0), 4 bytes big-endian length, payload. */
export function frameGrpcMessage(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(5 + payload.byteLength);
  frame.writeUInt8(0, 0);
  frame.writeUInt32BE(payload.byteLength, 1);
  frame.set(payload, 5);
  return frame;
}

export type UnframeResult =
  | { ok: true; message: Uint8Array }
  | { ok: false; reason: string; compressed?: boolean };

/** Reads exactly one uncompressed message from a complete request body. */
export function unframeSingleMessage(body: Buffer): UnframeResult {
  if (body.byteLength < 5) return { ok: false, reason: "request body is shorter than a gRPC frame header" };
  const compressed = body.readUInt8(0);
  const length = body.readUInt32BE(1);
  if (compressed !== 0) return { ok: false, reason: "compressed requests are not supported on this method", compressed: true };
  if (body.byteLength !== 5 + length) {
    return { ok: false, reason: `expected exactly one message of ${length} bytes, got ${body.byteLength - 5} bytes` };
  }
  return { ok: true, message: body.subarray(5) };
}

/** Percent-encodes a grpc-message header value as the gRPC spec asks. */
export function encodeGrpcMessage(message: string): string {
  // encodeURIComponent throws on a lone surrogate; send U+FFFD in its place.
  return encodeURIComponent(wellFormed(message)).replace(/%20/g, " ");
}
