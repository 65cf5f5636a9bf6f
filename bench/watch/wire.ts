// Just enough of the gRPC / Connect streaming wire format for the watch
// benchmark and the watch acceptance tests: length-prefixed frames, and a
// decoder that reads only the fields a latency measurement needs out of a
// WatchEnvironmentStatusResponse (sequence, time, kind, coalesced) without
// materializing the status. Pure: no sockets, testable on bytes.

/** The envelope flag Connect sets on its final (JSON end-of-stream) message. */
export const CONNECT_END_STREAM_FLAG = 0x02;

/** One length-prefixed message: gRPC and the Connect streaming protocol share the layout. */
export interface Frame {
  /** 0 for a plain message; bit 0x01 compressed; 0x02 Connect end-of-stream. */
  flags: number;
  payload: Buffer;
}

/** Frames a payload: 1 flag byte, 4-byte big-endian length, payload. */
export function frame(payload: Uint8Array, flags = 0): Buffer {
  const out = Buffer.allocUnsafe(5 + payload.byteLength);
  out.writeUInt8(flags, 0);
  out.writeUInt32BE(payload.byteLength, 1);
  out.set(payload, 5);
  return out;
}

/**
 * Splits a byte stream into frames across arbitrary chunk boundaries.
 * `push` returns the frames completed by the chunk, in order.
 */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Bytes received but not yet part of a complete frame. */
  get buffered(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    let buf: Buffer;
    if (this.pendingBytes === 0) buf = chunk;
    else {
      this.pending.push(chunk);
      buf = Buffer.concat(this.pending, this.pendingBytes + chunk.byteLength);
    }
    let off = 0;
    while (buf.byteLength - off >= 5) {
      const len = buf.readUInt32BE(off + 1);
      if (buf.byteLength - off - 5 < len) break;
      out.push({ flags: buf[off]!, payload: buf.subarray(off + 5, off + 5 + len) });
      off += 5 + len;
    }
    const rest = buf.byteLength - off;
    this.pending = rest > 0 ? [buf.subarray(off)] : [];
    this.pendingBytes = rest;
    return out;
  }
}

/** The fields of a WatchEnvironmentStatusResponse the benchmark measures. */
export interface WatchHeader {
  /** Field 1. */
  sequence: number;
  /** Field 2 (google.protobuf.Timestamp) in epoch milliseconds; NaN if absent. */
  timeMs: number;
  /** Field 3: 1 snapshot, 2 update, 3 heartbeat. */
  kind: number;
  /** Field 6. */
  coalesced: boolean;
}

export class WireDecodeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = "WireDecodeError";
  }
}

/** Reads a varint at `pos`; returns [value, next position]. Exact up to 2^53. */
function varint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.byteLength) throw new WireDecodeError("truncated varint", pos);
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
  throw new WireDecodeError("varint longer than 10 bytes", pos);
}

/** Skips a field of `wireType` starting at `pos` (after the tag). */
function skip(buf: Uint8Array, pos: number, wireType: number): number {
  switch (wireType) {
    case 0:
      return varint(buf, pos)[1];
    case 1:
      return pos + 8;
    case 2: {
      const [len, p] = varint(buf, pos);
      return p + len;
    }
    case 5:
      return pos + 4;
    default:
      throw new WireDecodeError(`unsupported wire type ${wireType}`, pos);
  }
}

/** Decodes a google.protobuf.Timestamp body into epoch milliseconds. */
function timestampMs(buf: Uint8Array, start: number, end: number): number {
  let seconds = 0;
  let nanos = 0;
  let pos = start;
  while (pos < end) {
    const [tag, p] = varint(buf, pos);
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field === 1 && wireType === 0) [seconds, pos] = varint(buf, p);
    else if (field === 2 && wireType === 0) [nanos, pos] = varint(buf, p);
    else pos = skip(buf, p, wireType);
  }
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

/** Reads sequence, time, kind and coalesced; skips the status and events without decoding them. */
export function decodeWatchHeader(buf: Uint8Array): WatchHeader {
  const out: WatchHeader = { sequence: 0, timeMs: Number.NaN, kind: 0, coalesced: false };
  let pos = 0;
  while (pos < buf.byteLength) {
    const [tag, p] = varint(buf, pos);
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field === 1 && wireType === 0) [out.sequence, pos] = varint(buf, p);
    else if (field === 2 && wireType === 2) {
      const [len, body] = varint(buf, p);
      if (body + len > buf.byteLength) throw new WireDecodeError("truncated time field", body);
      out.timeMs = timestampMs(buf, body, body + len);
      pos = body + len;
    } else if (field === 3 && wireType === 0) [out.kind, pos] = varint(buf, p);
    else if (field === 6 && wireType === 0) {
      let v: number;
      [v, pos] = varint(buf, p);
      out.coalesced = v !== 0;
    } else pos = skip(buf, p, wireType);
    if (pos > buf.byteLength) throw new WireDecodeError("field runs past the end of the message", pos);
  }
  return out;
}

/** Encodes a WatchEnvironmentStatusRequest { environment_name, all?, after_sequence? } by hand. */
export function encodeWatchRequest(request: { environmentName: string; all?: boolean; afterSequence?: number }): Buffer {
  const name = Buffer.from(request.environmentName, "utf8");
  const parts: number[] = [0x0a, ...varintBytes(name.byteLength)];
  const head = Buffer.from(parts);
  const tail: number[] = [];
  if (request.all) tail.push(0x10, 1);
  if (request.afterSequence !== undefined) tail.push(0x20, ...varintBytes(request.afterSequence));
  return Buffer.concat([head, name, Buffer.from(tail)]);
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
