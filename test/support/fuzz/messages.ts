// Random but well-typed request messages, built from the generated
// descriptors: every field kind the schema has, with values from values.ts.
// The result always serializes (binary and JSON), so it can go through the
// real connect clients.

import { create, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { ScalarType } from "@bufbuild/protobuf";
import type { Rng } from "./rng.js";
import { int32, int64, stringFor, uint32, uint64 } from "./values.js";

/** Longest JSON-encodable Duration (protobuf's ±10,000 years). */
const MAX_DURATION_SECONDS = 315_576_000_000n;

export interface RandomMessageOptions {
  /** Chance that each field is set. Default 0.7. */
  fill?: number;
  /** Chance of a weird value (enum number out of range, boundary numbers) instead of a plausible one. Default 0.3. */
  weird?: number;
}

/** A message of `schema` with random field values. */
export function randomMessage<T extends Message>(rng: Rng, schema: DescMessage, options: RandomMessageOptions = {}, depth = 0): T {
  return create(schema, randomInit(rng, schema, options, depth)) as unknown as T;
}

function randomInit(rng: Rng, schema: DescMessage, options: RandomMessageOptions, depth: number): Record<string, unknown> {
  if (schema.typeName === "google.protobuf.Duration") return randomDuration(rng);
  const fill = options.fill ?? 0.7;
  const init: Record<string, unknown> = {};
  for (const field of schema.fields) {
    if (!rng.chance(fill)) continue;
    const value = randomFieldValue(rng, field, options, depth);
    if (field.oneof) init[field.oneof.localName] = { case: field.localName, value };
    else init[field.localName] = value;
  }
  return init;
}

function randomFieldValue(rng: Rng, field: DescField, options: RandomMessageOptions, depth: number): unknown {
  switch (field.fieldKind) {
    case "scalar":
      return randomScalar(rng, field.scalar, field.name, options);
    case "enum":
      return randomEnum(rng, field.enum.values.map((v) => v.number), options);
    case "message":
      return randomInit(rng, field.message, options, depth + 1);
    case "list":
      return Array.from({ length: rng.pick([0, 1, 2, 5, 100]) }, () =>
        field.listKind === "message"
          ? randomInit(rng, field.message, options, depth + 1)
          : field.listKind === "enum"
            ? randomEnum(rng, field.enum.values.map((v) => v.number), options)
            : randomScalar(rng, field.scalar, field.name, options),
      );
    case "map": {
      const map: Record<string, unknown> = {};
      for (let i = rng.pick([0, 1, 3]); i > 0; i--) {
        const key = String(randomScalar(rng, field.mapKey, field.name, options));
        map[key] =
          field.mapKind === "message"
            ? randomInit(rng, field.message, options, depth + 1)
            : field.mapKind === "enum"
              ? randomEnum(rng, field.enum.values.map((v) => v.number), options)
              : randomScalar(rng, field.scalar, field.name, options);
      }
      return map;
    }
  }
}

function randomEnum(rng: Rng, numbers: number[], options: RandomMessageOptions): number {
  if (rng.chance(options.weird ?? 0.3)) return rng.pick([-1, numbers.length, 99, 2 ** 31 - 1, -(2 ** 31)]);
  return rng.pick(numbers);
}

function randomScalar(rng: Rng, type: ScalarType, fieldName: string, options: RandomMessageOptions): unknown {
  const weird = rng.chance(options.weird ?? 0.3);
  switch (type) {
    case ScalarType.STRING:
      return stringFor(rng, fieldName);
    case ScalarType.BYTES:
      return rng.bytes(rng.range(0, 64));
    case ScalarType.BOOL:
      return rng.chance(0.5);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return weird ? uint32(rng) : rng.range(0, 120);
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return weird ? int32(rng) : rng.range(-5, 120);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return weird ? uint64(rng) : BigInt(rng.range(0, 8));
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return weird ? int64(rng) : BigInt(rng.range(-2, 100));
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return rng.pick([0, -0, 1.5, -1, 1e308, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER]);
  }
}

function randomDuration(rng: Rng): { seconds: bigint; nanos: number } {
  const seconds = rng.weighted<() => bigint>([
    [3, () => BigInt(rng.range(0, 3600))],
    [1, () => rng.pick([0n, -1n, 604_800n, 604_801n, MAX_DURATION_SECONDS, -MAX_DURATION_SECONDS, 2n ** 36n])],
  ])();
  let nanos = rng.chance(0.7) ? 0 : rng.range(0, 999_999_999);
  if (seconds < 0n) nanos = -nanos;
  return { seconds, nanos };
}
