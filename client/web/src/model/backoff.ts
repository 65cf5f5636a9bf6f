// Reconnect delays: exponential with jitter, so many pages do not retry in step.

export interface BackoffOptions {
  /** First delay. Default 500 ms. */
  initialMs?: number;
  /** Largest delay. Default 15 s. */
  maxMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
}

/**
 * Delay before retry number `attempt` (0 for the first): the exponential step,
 * capped, times a random factor in [0.5, 1).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { initialMs = 500, maxMs = 15_000, factor = 2 } = options;
  const step = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt));
  return Math.round(step * (0.5 + random() / 2));
}
