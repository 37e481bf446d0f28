import type { AlertLevelInput } from './alert-level.js';
import type { AlertThrottle, AlertThrottleOptions } from './alert-throttle.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { RetryPolicyOptions } from './retry-policy.js';
import type { Throttle } from './stages/throttle-stage.js';

export interface AddChannelOptions {
  /** Lowest level this channel receives (number or name). @default INFO */
  minLevel?: AlertLevelInput;
  /**
   * A bucket for this entry: an `AlertThrottle` (may be shared between entries), its
   * options, any `Throttle` (a shared store), or `false` for none. @default none
   */
  throttle?: AlertThrottle | AlertThrottleOptions | Throttle | false;
  /** Unique key for routing and stats. @default the channel's name, suffixed `-2`, `-3`... when taken */
  key?: string;
  /** Another name `send(alert, { channel })` matches. */
  alias?: string;
  /** Seconds one attempt may take. 1..120. @default the channel's own `timeout`, else 30 */
  timeout?: number;
  /** Retries after a retryable failure. 0..5. @default 2 */
  maxRetries?: number;
}

export interface AlertManagerOptions {
  /** Receives clamp warnings and channel close failures. @default process.emitWarning */
  logger?: Logger;
  /** Backoff and Retry-After handling. */
  retry?: RetryPolicyOptions;
  /** Defaults for every `addChannel` (the config's scalar `channels` keys). */
  defaults?: { timeout?: number; maxRetries?: number };
  /** Latency samples kept per channel for p50/p95. @default 1000 */
  latencyWindow?: number;
  /** Monotonic clock and timers for durations, deadlines and backoff; inject a fake one in tests. */
  clock?: Clock;
}

export interface CloseOptions {
  /**
   * Seconds to wait for deliveries in flight. When they pass, retries still waiting for
   * their backoff (or a Retry-After of up to a minute) end as failed, with the reason; an
   * attempt in flight still ends at its own timeout. @default no bound
   */
  timeout?: number;
}

export interface SendOptions {
  /** Deliver only to this channel: matched by key, then alias, then name. Skips the level filter. */
  channel?: string;
}
