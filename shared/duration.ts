// The one duration grammar of Blox, for the server's settings, the
// simulator's configuration, the spec YAML and the CLI: sequences of
// <number><unit> with units ms, s, m, h and d, e.g. "500ms", "30s", "10m",
// "1h30m", "1.5h", "90d", and a bare "0". Any other number without a unit is
// refused, so "10" (seconds? minutes?) never silently means something the user
// did not intend. Plain TypeScript with no Node APIs: the server, the CLI and
// the browser bundle all may import it.

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

export const DURATION_HINT = 'a duration like "10m", "30s", "1h30m" or "500ms"';

export type DurationParse = { ok: true; ms: number } | { ok: false; problem: string };

/** Milliseconds of `text` (surrounding blanks ignored), or what is wrong with it. */
export function parseDuration(text: string): DurationParse {
  const s = text.trim();
  const fail = (problem: string): DurationParse => ({ ok: false, problem });
  if (s === "0") return { ok: true, ms: 0 };
  if (s === "") return fail(`empty duration; expected ${DURATION_HINT}`);
  if (s.startsWith("-")) return fail(`negative duration ${JSON.stringify(text)}; expected ${DURATION_HINT}`);
  let total = 0;
  for (let pos = 0; pos < s.length; ) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m) return fail(`invalid duration ${JSON.stringify(text)}; expected ${DURATION_HINT}`);
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = PART.lastIndex;
  }
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) return fail(`duration ${JSON.stringify(text)} is too large`);
  return { ok: true, ms: Math.round(total) };
}

/** Formats milliseconds the way parseDuration reads them ("1h30m", "500ms", "0s"); hours are the largest unit. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return "0s";
  let rest = Math.round(ms);
  let out = "";
  for (const [unit, size] of [["h", 3_600_000], ["m", 60_000], ["s", 1_000], ["ms", 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
