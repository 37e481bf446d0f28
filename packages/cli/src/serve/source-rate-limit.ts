/** One source's bucket: tokens left, and when they were counted (ms). */
interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per source address, refilled lazily from the clock (no timers). The map
 * is bounded: past `maxSources`, the source seen least recently is forgotten (it comes back
 * with a full bucket, which only a source that was quiet the longest can gain).
 */
export class SourceRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly settings: { rate: number; per: number; burst: number; maxSources: number },
    private readonly now: () => number,
  ) {
    this.refillPerMs = settings.rate / (settings.per * 1000);
  }

  /**
   * Take one token for `source`.
   * @returns 0 when taken; else the seconds until one is there (for Retry-After), at least 1
   */
  take(source: string): number {
    const now = this.now();
    let bucket = this.buckets.get(source);
    if (bucket === undefined) {
      bucket = { tokens: this.settings.burst, at: now };
      if (this.buckets.size >= this.settings.maxSources)
        this.buckets.delete(this.buckets.keys().next().value as string);
    } else {
      bucket.tokens = Math.min(
        this.settings.burst,
        bucket.tokens + (now - bucket.at) * this.refillPerMs,
      );
      bucket.at = now;
      // Map order is insertion order: re-inserting keeps the least recently seen first.
      this.buckets.delete(source);
    }
    this.buckets.set(source, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
  }

  /** Sources remembered now. */
  get size(): number {
    return this.buckets.size;
  }
}
