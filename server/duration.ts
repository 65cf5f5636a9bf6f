// Durations as the server's settings and the simulator's configuration write
// them: sequences of <number><unit>, e.g. "500ms", "5s", "10m", "24h", "1h30m",
// "1.5s", "90d". A bare number has no unit and is not a duration here.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of `text` (surrounding blanks ignored); undefined when it is not a duration. */
export function parseDurationText(text: string): number | undefined {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) return undefined;
  return Math.round(total);
}

/**
 * The longest delay setTimeout honours (2^31-1 ms, about 24.8 days): a longer
 * one fires after 1 ms. Settings that drive a timer, and request deadlines,
 * are checked against it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
