// Durations of the server's settings and the simulator's configuration: the
// project's one grammar (shared/duration.ts).

import { parseDuration } from "../shared/duration.js";

/** Milliseconds of `text` (surrounding blanks ignored); undefined when it is not a duration. */
export function parseDurationText(text: string): number | undefined {
  const parsed = parseDuration(text);
  return parsed.ok ? parsed.ms : undefined;
}

/**
 * The longest delay setTimeout honours (2^31-1 ms, about 24.8 days): a longer
 * one fires after 1 ms. Settings that drive a timer, and request deadlines,
 * are checked against it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
