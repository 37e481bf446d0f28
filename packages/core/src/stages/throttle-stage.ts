import type { AlertThrottleOptions } from '../alert-throttle.js';
import { AlertThrottle } from '../alert-throttle.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
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

/**
 * An entry's `throttle` option as a Throttle: itself, a new bucket from its options, or
 * none for `undefined` and `false`.
 * @throws TypeError for anything else (`null`, a string), which must not become a default bucket.
 */
export function toThrottle(
  option: Throttle | AlertThrottleOptions | false | undefined,
  context: { source: string; logger: Logger; clock: Clock },
): Throttle | undefined {
  if (option === undefined || option === false) return undefined;
  if (isThrottle(option)) return option;
  if (typeof option === 'object' && option !== null && !Array.isArray(option))
    return new AlertThrottle({ ...context, ...option });
  throw new TypeError(
    `\`throttle\` must be an AlertThrottle, its options { rate, per, burst }, or false; got ${option === null ? 'null' : typeof option}`,
  );
}
