// Latency histogram with 1 ms buckets: constant memory whatever the message
// count (10,000 watchers × 80 transitions is 800,000 samples), exact to the
// millisecond for percentiles, exact max.

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export class LatencyHistogram {
  private readonly buckets: Float64Array;
  private total = 0;
  private sum = 0;
  private max = 0;

  /** @param limitMs samples above land in the last bucket (max stays exact). */
  constructor(private readonly limitMs = 120_000) {
    this.buckets = new Float64Array(limitMs + 1);
  }

  /** Records one sample; negative values (clock granularity) count as 0. */
  add(ms: number): void {
    const v = ms > 0 ? ms : 0;
    this.buckets[Math.min(this.limitMs, Math.floor(v))]! += 1;
    this.total++;
    this.sum += v;
    if (v > this.max) this.max = v;
  }

  get count(): number {
    return this.total;
  }

  /** Smallest bucket value with at least q of the samples at or below it. */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= rank) return i;
    }
    return this.limitMs;
  }

  summary(): LatencySummary {
    return {
      count: this.total,
      p50Ms: this.quantile(0.5),
      p90Ms: this.quantile(0.9),
      p99Ms: this.quantile(0.99),
      maxMs: Math.round(this.max),
      meanMs: this.total === 0 ? Number.NaN : Math.round((this.sum / this.total) * 10) / 10,
    };
  }
}
