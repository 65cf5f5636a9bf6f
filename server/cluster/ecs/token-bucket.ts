// Client-side rate limit for ECS calls. One bucket per cluster: ECS throttles
// per account and region, and a busy cluster must not starve the others.

/** A token bucket; `take()` resolves when a token is available. */
export interface TokenBucket {
  take(): Promise<void>;
  /** Empties the bucket, so every caller waits a refill (used after a throttle). */
  drain(): void;
  /** Tokens available now (for tests and diagnostics). */
  available(): number;
}

export interface TokenBucketOptions {
  /** Tokens added per second. Must be > 0. */
  ratePerSecond: number;
  /** Bucket size (the allowed burst). Defaults to ratePerSecond. */
  burst?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const rate = options.ratePerSecond;
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`rateLimitPerSecond: must be a positive number, got ${rate}`);
  }
  const burst = Math.max(1, options.burst ?? rate);
  let tokens = burst;
  let last = options.now();
  // Waiters are served in order so a stream of callers cannot starve one.
  let queue: Promise<void> = Promise.resolve();

  function refill(): void {
    const now = options.now();
    if (now > last) {
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate);
      last = now;
    }
  }

  async function takeOne(): Promise<void> {
    for (;;) {
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      const waitMs = Math.max(1, Math.ceil(((1 - tokens) / rate) * 1000));
      await options.sleep(waitMs);
    }
  }

  return {
    take() {
      const next = queue.then(takeOne);
      queue = next.catch(() => undefined);
      return next;
    },
    drain() {
      refill();
      tokens = Math.min(tokens, 0);
    },
    available() {
      refill();
      return tokens;
    },
  };
}
