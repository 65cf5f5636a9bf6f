// ECS rules for the tags Blox writes onto tasks.

import { invalidArgument } from "../../errors.js";

export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
export const TAGS_MAX = 50;
// ECS: letters (any script), digits, spaces and _ . : / = + - @
const TAG_CHAR = /[\p{L}\p{N} _.:/=+\-@]/u;

function sanitize(text: string, max: number): string {
  let out = "";
  for (const ch of text) out += TAG_CHAR.test(ch) ? ch : "_";
  // Truncate by code points, not UTF-16 units, so no surrogate is split.
  return Array.from(out).slice(0, max).join("");
}

/** A tag value ECS accepts: sanitized, and never starting with the reserved `aws:` (any case). */
function sanitizeValue(value: string): string {
  const clean = sanitize(value, TAG_VALUE_MAX);
  return clean.toLowerCase().startsWith("aws:") ? sanitize(`_${clean}`, TAG_VALUE_MAX) : clean;
}

/**
 * Tags as ECS accepts them. Values are sanitized (disallowed characters become
 * '_', a value starting with the reserved "aws:" gets a leading '_', then
 * truncated to 256); keys must already be valid, since a rewritten
 * key could no longer be found. Throws INVALID_ARGUMENT naming the tag.
 */
export function toEcsTags(tags: Record<string, string>): { key: string; value: string }[] {
  const entries = Object.entries(tags);
  if (entries.length > TAGS_MAX) throw invalidArgument("tags", `at most ${TAGS_MAX} tags, got ${entries.length}`);
  return entries.map(([key, value]) => {
    if (key.length === 0 || Array.from(key).length > TAG_KEY_MAX) {
      throw invalidArgument(`tags[${JSON.stringify(key)}]`, `key must be 1-${TAG_KEY_MAX} characters`);
    }
    if (sanitize(key, TAG_KEY_MAX) !== key) {
      throw invalidArgument(`tags[${JSON.stringify(key)}]`, "key may only hold letters, digits, spaces and _.:/=+-@");
    }
    if (key.toLowerCase().startsWith("aws:")) {
      throw invalidArgument(`tags[${JSON.stringify(key)}]`, "the aws: prefix is reserved");
    }
    return { key, value: sanitizeValue(value) };
  });
}
