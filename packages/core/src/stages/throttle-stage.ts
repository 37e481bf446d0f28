import type { Halt, Stage, Verdict } from './stage.js';

/**
 * What a throttle stage takes tokens from: an `AlertThrottle`, or a store shared across
 * processes, whose answer may come as a promise.
 */
export interface Throttle {
  /** Take a token if one is there; never waits for one to come. */
  tryAcquire(): boolean | PromiseLike<boolean>;
}

const THROTTLED: Halt = { status: 'throttled', error: 'Rate limit exceeded' };
const verdictOf = (admitted: boolean): Verdict => (admitted ? undefined : THROTTLED);

/** Takes a token for each alert, or stops it as throttled. Never blocks. */
export function throttleStage(throttle: Throttle): Stage {
  return {
    name: 'throttle',
    check() {
      const admitted = throttle.tryAcquire();
      return typeof admitted === 'boolean' ? verdictOf(admitted) : admitted.then(verdictOf);
    },
  };
}

/** Is `value` something a throttle stage can take tokens from? */
export function isThrottle(value: unknown): value is Throttle {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { tryAcquire?: unknown }).tryAcquire === 'function'
  );
}
