// Random field values for the fuzzer: boundary numbers, hostile strings, and
// plausible values (names, task definitions, queries) so that some requests get
// past validation and reach the store and the scheduler.

import type { Rng } from "./rng.js";

/** Environments the fuzzer may create, change and delete. */
export const FUZZ_ENVIRONMENT_NAMES = ["Fuzz/Alpha", "Fuzz/Beta", "Fuzz/Gamma", "Fuzz/Delta"] as const;

/** The cap of a "huge" string; the server's request limit is a few MiB. */
const HUGE_STRING_MAX = 100_000;

const WEIRD_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\n\r\t",
  "../../etc/passwd",
  "Fuzz/*",
  "*",
  "%00%ff",
  "'; DROP TABLE environments; --",
  '{"$gt": ""}',
  "$where",
  "\u202eevil",
  "e\u0301",
  "😀/🚀",
  "\ud800",
  "\udfff\ud800",
  "\uffff\ufffe",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "-1",
  "1e309",
];

const QUERY_PIECES = [
  "attribute:stack == prod",
  "attribute:stack in (prod, gamma)",
  "attribute:stack in [prod]",
  "agentConnected == true",
  "runningTasksCount > 3",
  "registeredAt >= 2020-01-01",
  "ec2InstanceId =~ i-*",
  "task:group !exists",
  "not attribute:x exists",
  "attribute:stack == prod and (attribute:a != b or attribute:c == d)",
  "attribute:",
  "== ==",
  "((",
  "attribute:stack == 'unterminated",
  'attribute:stack == "é"',
];

/** A string meant to break something: empty, control characters, lone surrogates, injection-like text, huge. */
export function weirdString(rng: Rng): string {
  return rng.weighted<() => string>([
    [6, () => rng.pick(WEIRD_STRINGS)],
    [2, () => hugeString(rng)],
    [3, () => randomUnicode(rng, rng.range(1, 64))],
    [2, () => String.fromCharCode(...Array.from({ length: rng.range(1, 32) }, () => rng.int(0x20)))],
  ])();
}

export function hugeString(rng: Rng): string {
  const n = rng.chance(0.5) ? rng.range(256, 5000) : rng.range(5000, HUGE_STRING_MAX);
  return rng.pick(["a", "é", "😀", "/", "("]).repeat(n);
}

/** Code points from every plane, surrogates included (they are invalid alone). */
export function randomUnicode(rng: Rng, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) {
    const cp = rng.weighted<() => number>([
      [4, () => rng.range(0x20, 0x7e)],
      [2, () => rng.range(0x80, 0x7ff)],
      [2, () => rng.range(0x800, 0xffff)],
      [1, () => rng.range(0x10000, 0x10ffff)],
    ])();
    s += cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  }
  return s;
}

export function environmentName(rng: Rng): string {
  return rng.weighted<() => string>([
    [6, () => rng.pick(FUZZ_ENVIRONMENT_NAMES)],
    [1, () => `Fuzz/${rng.int(1_000_000)}`],
    [1, () => "F".repeat(rng.pick([255, 256, 1000]))],
    [2, () => weirdString(rng)],
  ])();
}

export function taskDefinition(rng: Rng): string {
  return rng.weighted<() => string>([
    [5, () => `fuzz-daemon:${rng.range(1, 50)}`],
    [1, () => `arn:aws:ecs:us-east-1:123456789012:task-definition/fuzz:${rng.range(1, 9)}`],
    [1, () => `fuzz:${rng.pick(["0", "-1", "99999999999", "1.5", ""])}`],
    [2, () => weirdString(rng)],
  ])();
}

export function instanceGroupQuery(rng: Rng): string {
  return rng.weighted<() => string>([
    [5, () => rng.pick(QUERY_PIECES)],
    [1, () => `${"(".repeat(rng.pick([50, 1000, 20_000]))}attribute:a == b${")".repeat(rng.pick([0, 50, 1000, 20_000]))}`],
    [1, () => `${"not ".repeat(rng.pick([100, 5000]))}attribute:a exists`],
    [1, () => Array.from({ length: rng.pick([10, 500, 5000]) }, () => "attribute:a == b").join(rng.pick([" and ", " or ", " && "]))],
    [1, () => `attribute:stack in (${Array.from({ length: rng.pick([100, 10_000]) }, (_, i) => `v${i}`).join(", ")})`],
    [2, () => weirdString(rng)],
  ])();
}

export function clusterName(rng: Rng): string {
  return rng.weighted<() => string>([
    [6, () => "default"],
    [1, () => "no-such-cluster"],
    [1, () => "arn:aws:ecs:us-east-1:123456789012:cluster/default"],
    [2, () => weirdString(rng)],
  ])();
}

export function pageToken(rng: Rng): string {
  return rng.weighted<() => string>([
    [3, () => ""],
    [2, () => rng.bytes(rng.range(1, 40)).toString("base64")],
    [2, () => rng.bytes(rng.range(1, 40)).toString("base64url")],
    [1, () => Buffer.from(JSON.stringify({ after: rng.pick([-1, 1e308, "x", null]) })).toString("base64url")],
    [2, () => weirdString(rng)],
  ])();
}

/** A value for a string field, shaped by what the field holds. */
export function stringFor(rng: Rng, fieldName: string): string {
  if (rng.chance(0.15)) return weirdString(rng);
  if (fieldName === "name" || fieldName === "environment_name") return environmentName(rng);
  if (fieldName === "task_definition") return taskDefinition(rng);
  if (fieldName === "query" || fieldName === "instance_group_query") return instanceGroupQuery(rng);
  if (fieldName === "cluster") return clusterName(rng);
  if (fieldName === "page_token") return pageToken(rng);
  return weirdString(rng);
}

export function uint32(rng: Rng): number {
  return rng.pick([0, 1, 2, 3, 10, 50, 99, 100, 101, 255, 1000, 1001, 65_535, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, rng.int(2 ** 32)]);
}

export function int32(rng: Rng): number {
  return rng.pick([0, 1, -1, 999_999_999, -999_999_999, 2 ** 31 - 1, -(2 ** 31), rng.int(2 ** 32) - 2 ** 31]);
}

export function uint64(rng: Rng): bigint {
  return rng.pick([0n, 1n, 2n, 3n, 4n, 100n, 2n ** 31n, 2n ** 32n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, BigInt(rng.int(2 ** 32))]);
}

export function int64(rng: Rng): bigint {
  return rng.pick([0n, 1n, -1n, 60n, 3600n, 604_800n, 604_801n, 315_576_000_000n, -315_576_000_000n, 2n ** 53n, -(2n ** 53n)]);
}
