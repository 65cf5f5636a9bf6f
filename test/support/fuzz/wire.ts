// Protobuf wire-level mutations of an encoded message: unknown fields of every
// wire type, deep nesting, invalid UTF-8 in string fields, wrong wire types,
// overlong varints, lengths past the end, byte flips and cuts. Pure.

import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import type { Rng } from "./rng.js";

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;

export function varint(value: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

export function tag(fieldNumber: number, wireType: number): Buffer {
  return varint((BigInt(fieldNumber) << 3n) | BigInt(wireType));
}

export function lengthDelimited(fieldNumber: number, payload: Buffer): Buffer {
  return Buffer.concat([tag(fieldNumber, WIRE_LEN), varint(payload.length), payload]);
}

/** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, encoded surrogates, past U+10FFFF. */
const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0x80],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0x41, 0xc3],
].map((b) => Buffer.from(b));

export function invalidUtf8(rng: Rng): Buffer {
  const parts = [Buffer.from(rng.pick(["", "Fuzz/", "fuzz-daemon:1", "attribute:a == "]))];
  for (let i = rng.range(1, 3); i > 0; i--) parts.push(rng.pick(INVALID_UTF8), Buffer.from(rng.pick(["", "x", "/Prod"])));
  return Buffer.concat(parts);
}

/** An unknown field of a random wire type (field numbers the schema does not use). */
export function unknownField(rng: Rng, schema: DescMessage): Buffer {
  const used = new Set(schema.fields.map((f) => f.number));
  let n = rng.pick([15, 16, 100, 1000, 19_000, 536_870_911, rng.range(1, 2047)]);
  while (used.has(n)) n++;
  n = Math.min(n, 536_870_911);
  return rng.weighted<() => Buffer>([
    [2, () => Buffer.concat([tag(n, WIRE_VARINT), varint(rng.pick([0n, 1n, 2n ** 63n, 2n ** 64n - 1n]))])],
    [1, () => Buffer.concat([tag(n, WIRE_FIXED64), rng.bytes(8)])],
    [1, () => Buffer.concat([tag(n, WIRE_FIXED32), rng.bytes(4)])],
    [2, () => lengthDelimited(n, rng.bytes(rng.range(0, 200)))],
    [1, () => Buffer.concat([tag(n, WIRE_START_GROUP), tag(n + 1, WIRE_VARINT), varint(7), tag(n, WIRE_END_GROUP)])],
    [1, () => deepGroups(rng, n)],
    [1, () => deepLengthDelimited(rng, n)],
  ])();
}

/** Nested groups, deep enough to find recursion in a skipping parser. */
export function deepGroups(rng: Rng, fieldNumber: number): Buffer {
  const depth = rng.weighted([[3, 64], [3, 1000], [2, 20_000], [1, 100_000]]);
  const closed = rng.chance(0.8) ? depth : rng.int(depth);
  return memo(`groups ${fieldNumber} ${depth} ${closed}`, () => {
    const open = tag(fieldNumber, WIRE_START_GROUP);
    const close = tag(fieldNumber, WIRE_END_GROUP);
    return Buffer.concat([Buffer.concat(Array(depth).fill(open)), Buffer.concat(Array(closed).fill(close))]);
  });
}

const built = new Map<string, Buffer>();
/** The deep structures are costly to build and depend only on their key. */
function memo(key: string, build: () => Buffer): Buffer {
  let b = built.get(key);
  if (!b) built.set(key, (b = build()));
  return b;
}

/** A length-delimited field holding itself, `depth` times. */
export function deepLengthDelimited(rng: Rng, fieldNumber: number): Buffer {
  const depth = rng.pick([64, 1000, 5000]);
  return memo(`length-delimited ${fieldNumber} ${depth}`, () => nestedLengthDelimited(fieldNumber, depth));
}

function nestedLengthDelimited(fieldNumber: number, depth: number): Buffer {
  // Built outside in (each level's length is known from the levels inside it), in one pass.
  const heads: Buffer[] = [];
  let size = 0;
  for (let level = 0; level < depth; level++) {
    const head = Buffer.concat([tag(fieldNumber, WIRE_LEN), varint(size)]);
    heads.push(head);
    size += head.length;
  }
  return Buffer.concat(heads.reverse());
}

/** Every (path of) field numbers to a string field, descending into message fields. */
function stringFieldPaths(schema: DescMessage, depth = 0): number[][] {
  if (depth > 4) return [];
  const paths: number[][] = [];
  for (const f of schema.fields) {
    if (f.fieldKind === "scalar" && f.scalar === ScalarType.STRING) paths.push([f.number]);
    if (f.fieldKind === "message") for (const p of stringFieldPaths(f.message, depth + 1)) paths.push([f.number, ...p]);
  }
  return paths;
}

/** A string field (possibly nested) set to bytes that are not UTF-8; undefined when the schema has none. */
export function invalidUtf8Field(rng: Rng, schema: DescMessage): Buffer | undefined {
  const paths = stringFieldPaths(schema);
  if (paths.length === 0) return undefined;
  const path = rng.pick(paths);
  let bytes = lengthDelimited(path[path.length - 1]!, invalidUtf8(rng));
  for (let i = path.length - 2; i >= 0; i--) bytes = lengthDelimited(path[i]!, bytes);
  return bytes;
}

/** A known field encoded with a wire type that does not match its declared type. */
export function wrongWireType(rng: Rng, field: DescField): Buffer {
  const isLen = field.fieldKind === "message" || (field.fieldKind === "scalar" && (field.scalar === ScalarType.STRING || field.scalar === ScalarType.BYTES));
  if (isLen) {
    return rng.chance(0.5)
      ? Buffer.concat([tag(field.number, WIRE_VARINT), varint(rng.pick([0n, 1n, 2n ** 64n - 1n]))])
      : Buffer.concat([tag(field.number, WIRE_FIXED32), rng.bytes(4)]);
  }
  return rng.weighted<() => Buffer>([
    [2, () => lengthDelimited(field.number, rng.bytes(rng.range(0, 20)))],
    [1, () => Buffer.concat([tag(field.number, WIRE_FIXED64), rng.bytes(8)])],
    [1, () => Buffer.concat([tag(field.number, WIRE_START_GROUP), tag(field.number, WIRE_END_GROUP)])],
    [1, () => Buffer.concat([tag(field.number, WIRE_END_GROUP)])],
  ])();
}

/** Structural damage: overlong varints, lengths past the end, field number 0, reserved wire types. */
export function brokenStructure(rng: Rng, schema: DescMessage): Buffer {
  const field = schema.fields.length > 0 ? rng.pick(schema.fields) : undefined;
  const n = field?.number ?? 1;
  return rng.weighted<() => Buffer>([
    [1, () => Buffer.concat([tag(n, WIRE_VARINT), Buffer.alloc(11, 0xff)])],
    [1, () => Buffer.concat([tag(n, WIRE_VARINT), Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02])])],
    [1, () => Buffer.concat([tag(n, WIRE_LEN), varint(rng.pick([10, 1000, 2 ** 31, 2n ** 32n, 2n ** 64n - 1n])), rng.bytes(rng.range(0, 8))])],
    [1, () => Buffer.concat([tag(0, rng.pick([WIRE_VARINT, WIRE_LEN])), varint(1)])],
    [1, () => Buffer.concat([varint((BigInt(n) << 3n) | BigInt(rng.pick([6, 7]))), varint(1)])],
    [1, () => Buffer.concat([varint(2n ** 35n), varint(1)])],
    [1, () => Buffer.concat([tag(n, WIRE_END_GROUP)])],
    [1, () => Buffer.concat([tag(n, WIRE_START_GROUP), varint(1)])],
  ])();
}

/** Random flips, cuts, splices and duplications of `bytes`. */
export function mangleBytes(rng: Rng, bytes: Buffer): Buffer {
  let out: Buffer = Buffer.from(bytes);
  for (let i = rng.range(1, 4); i > 0; i--) {
    out = rng.weighted<() => Buffer>([
      [3, () => {
        if (out.length === 0) return rng.bytes(4);
        const b = Buffer.from(out);
        b[rng.int(b.length)] = rng.int(256);
        return b;
      }],
      [2, () => out.subarray(0, rng.int(out.length + 1))],
      [1, () => {
        const at = rng.int(out.length + 1);
        return Buffer.concat([out.subarray(0, at), rng.bytes(rng.range(1, 16)), out.subarray(at)]);
      }],
      [1, () => Buffer.concat([out, out])],
      [1, () => out.subarray(rng.int(out.length + 1))],
    ])();
  }
  return out;
}

/**
 * A protobuf body for `schema` that a strict decoder must refuse or read
 * leniently: the valid encoding `valid` plus one mutation.
 */
export function mutateBinary(rng: Rng, schema: DescMessage, valid: Buffer): { body: Buffer; mutation: string } {
  const choice = rng.weighted<string>([
    [3, "unknown-field"],
    [2, "invalid-utf8"],
    [2, "wrong-wire-type"],
    [2, "broken-structure"],
    [1, "deep-groups"],
    [1, "deep-length-delimited"],
    [3, "mangled"],
  ]);
  const at = (extra: Buffer) => (rng.chance(0.5) ? Buffer.concat([valid, extra]) : Buffer.concat([extra, valid]));
  switch (choice) {
    case "unknown-field":
      return { body: at(unknownField(rng, schema)), mutation: choice };
    case "invalid-utf8": {
      const bad = invalidUtf8Field(rng, schema);
      return bad ? { body: at(bad), mutation: choice } : { body: at(unknownField(rng, schema)), mutation: "unknown-field" };
    }
    case "wrong-wire-type":
      return schema.fields.length > 0 ? { body: at(wrongWireType(rng, rng.pick(schema.fields))), mutation: choice } : { body: at(brokenStructure(rng, schema)), mutation: "broken-structure" };
    case "broken-structure":
      return { body: at(brokenStructure(rng, schema)), mutation: choice };
    case "deep-groups":
      return { body: at(deepGroups(rng, rng.pick([1, 2, 50]))), mutation: choice };
    case "deep-length-delimited":
      return { body: at(deepLengthDelimited(rng, rng.pick([1, 4, 5, 50]))), mutation: choice };
    default:
      return { body: mangleBytes(rng, valid), mutation: choice };
  }
}
