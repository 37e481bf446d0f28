import { type Clock, systemClock } from './clock.js';
import { AlertThrottledError } from './errors/alert-throttled-error.js';
import { applyLimit, DEFAULTS } from './limits.js';
import type { Logger } from './logger.js';

export interface AlertThrottleOptions {
  /** Bucket capacity: alerts allowed per `per` seconds. 1..1000. @default 10 */
  rate?: number;
  /** Period in seconds over which `rate` tokens refill. 1..86400. @default 60 */
  per?: number;
  /** Tokens at start. 1..rate. @default rate */
  burst?: number;
  /** Monotonic clock; inject a fake one in tests. */
  clock?: Clock;
  /** Receives the clamp warnings. @default process.emitWarning */
  logger?: Logger;
  /** Named in clamp warnings. @default 'AlertThrottle options' */
  source?: string;
}

export interface AcquireOptions {
  /** Seconds to wait for a token. 0 throws at once when empty. @default wait as long as it takes */
  timeout?: number;
  signal?: AbortSignal;
}

/**
 * Token bucket, kstlib semantics: capacity `rate`, refilled lazily at `rate / per` tokens
 * per second on a monotonic clock, starting with `burst` tokens. No timers: the clock is
 * read once per call, and nothing runs while the bucket is idle.
 */
export class AlertThrottle {
  readonly rate: number;
  readonly per: number;
  readonly burst: number;
  private readonly clock: Clock;
  /** Tokens per millisecond. */
  private readonly refillPerMs: number;
  private tokens: number;
  private last: number;

  constructor(options: AlertThrottleOptions = {}) {
    const context = {
      source: options.source ?? 'AlertThrottle options',
      ...(options.logger ? { logger: options.logger } : {}),
    };
    this.rate = applyLimit('rate', options.rate ?? DEFAULTS.throttle.rate, context);
    this.per = applyLimit('per', options.per ?? DEFAULTS.throttle.per, context);
    this.burst = applyLimit('burst', options.burst ?? this.rate, { ...context, max: this.rate });
    this.clock = options.clock ?? systemClock;
    this.refillPerMs = this.rate / (this.per * 1000);
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  /** Take a token if one is there. Never blocks. */
  tryAcquire(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /**
   * Wait for a token. Throws `AlertThrottledError` (with `retryAfter` in seconds) when none
   * can come within `timeout` seconds, at once when `timeout` is 0 and the bucket is empty.
   */
  async acquire(options: AcquireOptions = {}): Promise<void> {
    const { timeout, signal } = options;
    if (
      timeout !== undefined &&
      (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0)
    ) {
      throw new RangeError(`\`timeout\` must be a number of seconds >= 0; got ${String(timeout)}`);
    }
    const deadline =
      timeout === undefined ? Number.POSITIVE_INFINITY : this.clock.now() + timeout * 1000;
    for (;;) {
      signal?.throwIfAborted();
      if (this.tryAcquire()) return;
      const waitMs = this.msUntilToken();
      if (this.clock.now() + waitMs > deadline) {
        // Waiting until the deadline cannot produce a token: say so now rather than later.
        throw new AlertThrottledError(waitMs / 1000);
      }
      await this.clock.sleep(waitMs, signal);
    }
  }

  /** Refill to capacity (`rate` tokens). */
  reset(): void {
    this.tokens = this.rate;
    this.last = this.clock.now();
  }

  /** Tokens in the bucket now (fractional). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /** Seconds until one token is available; 0 when one is there now. */
  get timeUntilAvailable(): number {
    this.refill();
    return this.msUntilToken() / 1000;
  }

  toString(): string {
    return `AlertThrottle(rate=${this.rate}, per=${this.per}, burst=${this.burst})`;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = now - this.last;
    this.last = now;
    if (elapsed > 0 && this.tokens < this.rate) {
      const tokens = this.tokens + elapsed * this.refillPerMs;
      this.tokens = Math.min(tokens, this.rate);
    }
  }

  private msUntilToken(): number {
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.refillPerMs;
  }
}
