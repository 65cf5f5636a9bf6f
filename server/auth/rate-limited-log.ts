// A log line budget: at most `limit` lines per window; what is over it is
// counted and reported once when the next window opens, so that a flood of
// failed logins cannot flood the logs.

export interface RateLimitedLogOptions {
  /** Writes one line. */
  write(message: string, fields: Record<string, unknown>): void;
  /** Lines per window. Default 10. */
  limit?: number;
  /** Window length. Default 60000 ms. */
  windowMs?: number;
  now?: () => number;
}

export type RateLimitedLog = (message: string, fields: Record<string, unknown>) => void;

export function createRateLimitedLog(options: RateLimitedLogOptions): RateLimitedLog {
  const limit = options.limit ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  let windowStart = -Infinity;
  let written = 0;
  let suppressed = 0;
  return (message, fields) => {
    const t = now();
    if (t - windowStart >= windowMs) {
      if (suppressed > 0) options.write(`${suppressed} more like this were not logged`, { message, suppressed, windowMs });
      windowStart = t;
      written = 0;
      suppressed = 0;
    }
    if (written < limit) {
      written++;
      options.write(message, fields);
    } else {
      suppressed++;
    }
  };
}
