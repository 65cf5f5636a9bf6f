// The fuzz cases: for one RPC, one protocol and one index, a request built
// from a seeded PRNG. The same (seed, protocol, method, index) always gives
// the same case, so a failure is replayed from the printed seed and index.

import { toBinary, toJson, type DescMessage, type DescMethod, type Message } from "@bufbuild/protobuf";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { jsonBody } from "./json.js";
import { randomMessage } from "./messages.js";
import { baseHeaders, envelope, frameRequest, isEnveloped, isJsonProtocol, type FuzzProtocol } from "./protocols.js";
import { caseSeed, createRng, type Rng } from "./rng.js";
import { mangleBytes, mutateBinary } from "./wire.js";

export type FuzzCategory = "random-bytes" | "client-message" | "mutated-message" | "framing" | "content-type" | "headers" | "kept-environment";

interface CaseBase {
  protocol: FuzzProtocol;
  method: DescMethod;
  index: number;
  category: FuzzCategory;
  /** What was done to the request, for the failure report. */
  description: string;
  /** The request must be refused: it targets a kept environment with a write that cannot be valid. */
  mustFail: boolean;
}

/** A request written byte by byte on a raw HTTP/2 stream. */
export interface RawCase extends CaseBase {
  kind: "raw";
  headers: Record<string, string>;
  body: Buffer;
}

/** A well-typed message sent through the real connect client of the protocol. */
export interface ClientCase extends CaseBase {
  kind: "client";
  message: Message;
}

export type FuzzCase = RawCase | ClientCase;

export interface CaseContext {
  /** Environments seeded before the run, compared afterwards. */
  keptEnvironmentNames: readonly string[];
}

/** Methods that change stored state. */
export function isMutating(method: DescMethod): boolean {
  return !/^(Describe|Watch|List|Get)/.test(method.name);
}

const WRONG_CONTENT_TYPES = [
  "text/plain",
  "application/xml",
  "application/octet-stream",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "application/grpc-web-text",
  "application/grpc+json",
  "application/grpc+thrift",
  "application/grpc-web+json",
  "application/connect+proto",
  "application/connect+json",
  "application/proto",
  "application/json",
  "application/json; charset=latin1",
  "application/grpc; foo=bar",
  "APPLICATION/GRPC",
  "",
];

let bomb: Buffer | undefined;
/** 8 MiB of zeros in about 8 KiB of gzip: past the server's request limit once inflated. */
function gzipBomb(): Buffer {
  return (bomb ??= gzipSync(Buffer.alloc(8 * 1024 * 1024)));
}

function validPayload(rng: Rng, protocol: FuzzProtocol, schema: DescMessage, message: Message): Buffer {
  if (isJsonProtocol(protocol)) return Buffer.from(JSON.stringify(toJson(schema, message)));
  void rng;
  return Buffer.from(toBinary(schema, message));
}

/** A payload (not yet framed) of this protocol's encoding, possibly mutated. */
function mutatedPayload(rng: Rng, protocol: FuzzProtocol, schema: DescMessage): { body: Buffer; mutation: string } {
  if (isJsonProtocol(protocol)) return jsonBody(rng, schema);
  const valid = Buffer.from(toBinary(schema, randomMessage(rng, schema)));
  return mutateBinary(rng, schema, valid);
}

/** A request message aimed at `name` (its name fields set to it). */
function messageFor(rng: Rng, schema: DescMessage, name: string): Message {
  const message = randomMessage<Message & Record<string, unknown>>(rng, schema, { weird: 0.1 });
  if ("environmentName" in message) message.environmentName = name;
  const spec = (message as { spec?: { name?: string } }).spec;
  if (spec) spec.name = name;
  return message;
}

/** Body framing damage for enveloped protocols; body damage for Connect unary. */
function brokenFraming(rng: Rng, enveloped: boolean, payload: Buffer): { body: Buffer; mutation: string } {
  if (!enveloped) {
    return rng.weighted<() => { body: Buffer; mutation: string }>([
      [2, () => ({ body: payload.subarray(0, rng.int(payload.length + 1)), mutation: "cut body" }) ],
      [1, () => ({ body: Buffer.alloc(0), mutation: "empty body" })],
      [1, () => ({ body: envelope(payload), mutation: "enveloped unary body" })],
      [1, () => ({ body: mangleBytes(rng, payload), mutation: "mangled body" })],
    ])();
  }
  return rng.weighted<() => { body: Buffer; mutation: string }>([
    [3, () => ({ body: envelope(payload, 0, payload.length + rng.range(1, 1000)), mutation: "frame shorter than its length prefix" })],
    [1, () => ({ body: envelope(payload, 0, 0xffffffff), mutation: "length prefix 0xffffffff" })],
    [2, () => {
      const full = envelope(payload);
      return { body: full.subarray(0, rng.int(Math.min(5, full.length))), mutation: "cut inside the frame header" };
    }],
    [2, () => ({ body: Buffer.concat([envelope(payload), rng.bytes(rng.range(1, 4))]), mutation: "bytes after the frame" })],
    [2, () => ({ body: Buffer.concat([envelope(payload), envelope(payload)]), mutation: "two messages" })],
    [1, () => ({ body: Buffer.alloc(0), mutation: "empty body" })],
    [1, () => ({ body: envelope(payload, rng.pick([0x01, 0x02, 0x80, 0x81, 0xff])), mutation: "frame flags set" })],
    [1, () => ({ body: payload, mutation: "no envelope" })],
    [1, () => ({ body: envelope(payload, 0, Math.max(0, payload.length - rng.range(1, 8))), mutation: "frame longer than its length prefix" })],
  ])();
}

/** Headers that are not what the protocol says: unknown encodings, bad timeouts, compressed bodies. */
function badHeaders(rng: Rng, protocol: FuzzProtocol, streaming: boolean, payload: Buffer): { headers: Record<string, string>; body: Buffer; mutation: string } {
  const headers = baseHeaders(protocol, streaming);
  const enveloped = isEnveloped(protocol, streaming);
  const encodingHeader = protocol === "grpc" || protocol === "grpc-web" ? "grpc-encoding" : streaming ? "connect-content-encoding" : "content-encoding";
  const compressed = (bytes: Buffer) => (enveloped ? envelope(bytes, 1) : bytes);
  return rng.weighted<() => { headers: Record<string, string>; body: Buffer; mutation: string }>([
    [2, () => ({ headers: { ...headers, [encodingHeader]: "gzip" }, body: compressed(gzipSync(payload)), mutation: "gzip (valid)" })],
    [2, () => ({ headers: { ...headers, [encodingHeader]: "gzip" }, body: compressed(rng.bytes(rng.range(0, 64))), mutation: "gzip header, not gzip data" })],
    [2, () => ({ headers: { ...headers, [encodingHeader]: rng.pick(["gzip", "br"]) }, body: compressed(rng.chance(0.5) ? gzipSync(rng.bytes(rng.range(1, 64))) : brotliCompressSync(rng.bytes(rng.range(1, 64)))), mutation: "well compressed, not a message" })],
    [1, () => {
      const gz = gzipSync(payload);
      return { headers: { ...headers, [encodingHeader]: "gzip" }, body: compressed(gz.subarray(0, rng.int(gz.length))), mutation: "cut gzip stream" };
    }],
    [1, () => ({ headers: { ...headers, [encodingHeader]: "gzip" }, body: compressed(gzipBomb()), mutation: "gzip bomb (8 MiB inflated)" })],
    [1, () => ({ headers: { ...headers, [encodingHeader]: rng.pick(["snappy", "identity", "br", "deflate", "x"]) }, body: compressed(payload), mutation: "unknown or mismatched encoding" })],
    [1, () => ({ headers, body: enveloped ? envelope(payload, 1) : payload, mutation: "compressed flag without an encoding" })],
    [2, () => {
      const name = protocol === "grpc" || protocol === "grpc-web" ? "grpc-timeout" : "connect-timeout-ms";
      const value = rng.pick(["", "abc", "-1", "0", "0n", "1", "1.5S", "99999999H", "999999999999999999999", "1e3", "5x", "100000000"]);
      return { headers: { ...headers, [name]: value }, body: frameRequest(protocol, streaming, payload), mutation: `${name}: ${JSON.stringify(value)}` };
    }],
    [1, () => ({ headers: { ...headers, "connect-protocol-version": rng.pick(["2", "0", "", "1.0"]) }, body: frameRequest(protocol, streaming, payload), mutation: "connect-protocol-version" })],
    [1, () => {
      // HTTP/2 allows no te value but "trailers"; the mutation is leaving it out.
      const { te: _te, ...withoutTe } = headers as Record<string, string>;
      return { headers: withoutTe, body: frameRequest(protocol, streaming, payload), mutation: "no te header" };
    }],
    [1, () => ({ headers: { ...headers, authorization: rng.pick(["Bearer", "Bearer ", "Basic abc", "Bearer " + "x".repeat(4000)]) }, body: frameRequest(protocol, streaming, payload), mutation: "authorization header" })],
    [1, () => ({ headers: { ...headers, "grpc-accept-encoding": "x, , gzip;q=0", "accept-encoding": "*;q=0" }, body: frameRequest(protocol, streaming, payload), mutation: "accept-encoding headers" })],
  ])();
}

/** The case at `index` for `method` over `protocol`. */
export function generateCase(seed: number, protocol: FuzzProtocol, method: DescMethod, index: number, context: CaseContext): FuzzCase {
  const rng = createRng(caseSeed(seed, protocol, method.name, index));
  const streaming = method.methodKind === "server_streaming";
  const schema = method.input;
  const enveloped = isEnveloped(protocol, streaming);
  const category = rng.weighted<FuzzCategory>([
    [14, "random-bytes"],
    [22, "client-message"],
    [24, "mutated-message"],
    [14, "framing"],
    [8, "content-type"],
    [10, "headers"],
    [8, "kept-environment"],
  ]);
  const base = { protocol, method, index, category, mustFail: false };
  const raw = (headers: Record<string, string>, body: Buffer, description: string, mustFail = false): RawCase => ({ ...base, kind: "raw", headers, body, description, mustFail });
  switch (category) {
    case "random-bytes": {
      const bytes = rng.bytes(rng.weighted([[6, rng.range(0, 64)], [3, rng.range(64, 4096)], [1, rng.range(4096, 20_000)]]));
      const framed = enveloped && rng.chance(0.6);
      return raw(baseHeaders(protocol, streaming), framed ? envelope(bytes) : bytes, `${bytes.length} random bytes${framed ? " in a frame" : ""}`);
    }
    case "client-message":
      return { ...base, kind: "client", message: randomMessage(rng, schema), description: "random field values through the connect client" };
    case "mutated-message": {
      const { body, mutation } = mutatedPayload(rng, protocol, schema);
      return raw(baseHeaders(protocol, streaming), frameRequest(protocol, streaming, body), mutation);
    }
    case "framing": {
      const payload = validPayload(rng, protocol, schema, randomMessage(rng, schema));
      const { body, mutation } = brokenFraming(rng, enveloped, payload);
      return raw(baseHeaders(protocol, streaming), body, mutation);
    }
    case "content-type": {
      const payload = rng.chance(0.7) ? validPayload(rng, protocol, schema, randomMessage(rng, schema)) : rng.bytes(rng.range(0, 100));
      const contentType = rng.pick(WRONG_CONTENT_TYPES);
      const headers = { ...baseHeaders(protocol, streaming), "content-type": contentType };
      if (contentType === "") delete (headers as Record<string, string>)["content-type"];
      return raw(headers, rng.chance(0.5) ? envelope(payload) : payload, `content-type ${JSON.stringify(contentType)}`);
    }
    case "headers": {
      const payload = validPayload(rng, protocol, schema, randomMessage(rng, schema));
      const { headers, body, mutation } = badHeaders(rng, protocol, streaming, payload);
      return raw(headers, body, mutation);
    }
    case "kept-environment": {
      const name = rng.pick(context.keptEnvironmentNames);
      const payload = validPayload(rng, protocol, schema, messageFor(rng, schema, name));
      if (!isMutating(method)) {
        // Reads of real data with odd parameters, some of them damaged.
        if (rng.chance(0.5)) return raw(baseHeaders(protocol, streaming), frameRequest(protocol, streaming, payload), `read of ${name}`);
        const damaged = isJsonProtocol(protocol) ? jsonBody(rng, schema).body : mangleBytes(rng, payload);
        return raw(baseHeaders(protocol, streaming), frameRequest(protocol, streaming, damaged), `damaged read of ${name}`);
      }
      // A write to a kept environment that no server may apply: its frame is cut, or its content type is not the protocol's.
      if (enveloped && rng.chance(0.6)) {
        return raw(baseHeaders(protocol, streaming), envelope(payload, 0, payload.length + rng.range(1, 100)), `cut frame of a write to ${name}`, true);
      }
      const contentType = rng.pick(["text/plain", "application/xml", "application/octet-stream"]);
      return raw({ ...baseHeaders(protocol, streaming), "content-type": contentType }, frameRequest(protocol, streaming, payload), `write to ${name} as ${contentType}`, true);
    }
  }
}
