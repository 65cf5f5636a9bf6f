// The CLI's and the spec YAML's durations: the project's one grammar
// (shared/duration.ts), with a thrown Error saying what is wrong.

import { DURATION_HINT, formatDurationMs, parseDuration } from "../shared/duration.js";

export { DURATION_HINT, formatDurationMs };

/** Parses a duration into milliseconds; throws an Error saying what is wrong. */
export function parseDurationMs(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.ms;
}
