// Protobuf-JSON request bodies for the fuzzer: well-formed JSON with the wrong
// types, unknown keys, extreme numbers, deep nesting and hostile strings, and
// text that is not JSON at all (cut, invalid UTF-8, trailing garbage). Pure.

import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import type { Rng } from "./rng.js";
import { invalidUtf8 } from "./wire.js";
import { stringFor, weirdString } from "./values.js";

const EXTREME_NUMBERS: unknown[] = [
  -1,
  -0,
  1.5,
  1e21,
  4294967296,
  18446744073709551615,
  "18446744073709551616",
  "-1",
  "1e309",
  "NaN",
  "Infinity",
  "0x10",
  " 1",
  "",
  9007199254740993,
  true,
  null,
];

/** A JSON value of a random type, sometimes deeply nested. */
function anyJson(rng: Rng, depth = 0): unknown {
  return rng.weighted<() => unknown>([
    [2, () => rng.pick(EXTREME_NUMBERS)],
    [2, () => weirdString(rng)],
    [1, () => null],
    [1, () => rng.chance(0.5)],
    [1, () => (depth < 3 ? [anyJson(rng, depth + 1)] : [])],
    [1, () => (depth < 3 ? { [weirdString(rng).slice(0, 40)]: anyJson(rng, depth + 1) } : {})],
  ])();
}

/** A value of the field's own JSON type (usually) or of the wrong one. */
function fieldJson(rng: Rng, field: DescField, depth: number): unknown {
  if (rng.chance(0.15)) return anyJson(rng);
  switch (field.fieldKind) {
    case "scalar":
      return scalarJson(rng, field.scalar, field.name);
    case "enum":
      return rng.pick<unknown>([...field.enum.values.map((v) => v.name), ...field.enum.values.map((v) => v.number), "NOT_A_VALUE", 99, field.enum.values[1]?.name.toLowerCase() ?? "x"]);
    case "message":
      return messageJson(rng, field.message, depth + 1);
    case "list":
      return Array.from({ length: rng.pick([0, 1, 3]) }, () => (field.listKind === "message" ? messageJson(rng, field.message, depth + 1) : anyJson(rng)));
    case "map":
      return { [weirdString(rng).slice(0, 20)]: anyJson(rng) };
  }
}

function scalarJson(rng: Rng, type: ScalarType, fieldName: string): unknown {
  switch (type) {
    case ScalarType.STRING:
      return stringFor(rng, fieldName);
    case ScalarType.BOOL:
      return rng.pick<unknown>([true, false, "true", 1, 0]);
    case ScalarType.BYTES:
      return rng.pick<unknown>(["", "AAAA", "not base64!", "YQ", "____"]);
    default:
      return rng.chance(0.5) ? rng.range(0, 200) : rng.pick(EXTREME_NUMBERS);
  }
}

function durationJson(rng: Rng): unknown {
  return rng.pick<unknown>(["1s", "0s", "1.5s", "-1s", "600s", "604801s", "315576000001s", "1m", "s", "1.0000000001s", "9999999999999999999s", 60, { seconds: 1 }]);
}

/** A JSON object for `schema`: its fields (JSON or proto names), some wrongly typed, plus unknown keys now and then. */
export function messageJson(rng: Rng, schema: DescMessage, depth = 0): unknown {
  if (schema.typeName === "google.protobuf.Duration") return durationJson(rng);
  if (depth > 6) return {};
  const obj: Record<string, unknown> = {};
  for (const field of schema.fields) {
    if (!rng.chance(0.7)) continue;
    obj[rng.chance(0.85) ? field.jsonName : field.name] = fieldJson(rng, field, depth);
  }
  if (rng.chance(0.15)) obj[rng.pick(["unknownField", "extra", "__proto__", "$set", weirdString(rng).slice(0, 30)])] = anyJson(rng);
  return obj;
}

/** `[[[…]]]` or `{"a":{"a":…}}` around a value, `depth` levels deep. */
function deepNesting(rng: Rng, key: string): string {
  const depth = rng.weighted([[4, 100], [3, 5000], [1, 20_000]]);
  return rng.chance(0.5) ? `{"${key}":${"[".repeat(depth)}1${"]".repeat(depth)}}` : `${`{"${key}":`.repeat(depth)}{}${"}".repeat(depth)}`;
}

/** A JSON (or not quite JSON) request body for `schema`. */
export function jsonBody(rng: Rng, schema: DescMessage): { body: Buffer; mutation: string } {
  const key = schema.fields.length > 0 ? rng.pick(schema.fields).jsonName : "x";
  const text = () => JSON.stringify(messageJson(rng, schema));
  const choice = rng.weighted<string>([
    [6, "typed"],
    [1, "deep-nesting"],
    [1, "invalid-utf8"],
    [1, "cut"],
    [1, "not-an-object"],
    [1, "duplicate-keys"],
    [1, "trailing-garbage"],
    [1, "bom"],
  ]);
  switch (choice) {
    case "typed":
      return { body: Buffer.from(text()), mutation: choice };
    case "deep-nesting":
      return { body: Buffer.from(deepNesting(rng, key)), mutation: choice };
    case "invalid-utf8":
      return { body: Buffer.concat([Buffer.from(`{"${key}":"`), invalidUtf8(rng), Buffer.from(`"}`)]), mutation: choice };
    case "cut": {
      const t = Buffer.from(text());
      return { body: t.subarray(0, rng.int(t.length)), mutation: choice };
    }
    case "not-an-object":
      return { body: Buffer.from(rng.pick(["[]", "null", "1", '"x"', "true", "", " ", "{", "}", "{'a':1}", "{a:1}", "/* */{}"])), mutation: choice };
    case "duplicate-keys":
      return { body: Buffer.from(`{"${key}":${JSON.stringify(anyJson(rng))},"${key}":${JSON.stringify(anyJson(rng))}}`), mutation: choice };
    case "trailing-garbage":
      return { body: Buffer.from(`${text()}${rng.pick(["x", "{}", "\u0000", "}}"])}`), mutation: choice };
    default:
      return { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text())]), mutation: choice };
  }
}
