// Durations as the spec YAML and the CLI write them: Go-style sequences of
// <number><unit>, e.g. "10m", "30s", "1h30m", "500ms", "1.5h". Bare "0" is
// accepted; anything else without a unit is not, so "10" (seconds? minutes?)
// never silently means something the user did not intend.

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;

export const DURATION_HINT = 'a duration like "10m", "30s", "1h30m" or "500ms"';

/** Parses a duration into milliseconds; throws an Error saying what is wrong. */
export function parseDurationMs(text: string): number {
  const s = text.trim();
  if (s === "0") return 0;
  if (s === "") throw new Error(`empty duration; expected ${DURATION_HINT}`);
  if (s.startsWith("-")) throw new Error(`negative duration ${JSON.stringify(text)}; expected ${DURATION_HINT}`);
  let total = 0;
  PART.lastIndex = 0;
  let pos = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m) throw new Error(`invalid duration ${JSON.stringify(text)}; expected ${DURATION_HINT}`);
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = PART.lastIndex;
  }
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) {
    throw new Error(`duration ${JSON.stringify(text)} is too large`);
  }
  return Math.round(total);
}

/** Formats milliseconds the way parseDurationMs reads them ("1h30m", "500ms", "0s"). */
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
