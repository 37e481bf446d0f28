import { performance } from 'node:perf_hooks';

/**
 * Monotonic time and timers, injectable so tests can drive throttles, backoff and attempt
 * deadlines without real waiting (`FakeClock` in @tocsin/test-kit). Core reads time and
 * sets timers only through a Clock: it never looks at the global timers to guess whether
 * a test replaced them.
 */
export interface Clock {
  /** Milliseconds on a monotonic clock (never goes backwards). */
  now(): number;
  /** Resolve after `ms` milliseconds; reject with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Call `callback` once after `ms` milliseconds, unless the returned handle is cleared
   * first. Optional: a clock without it gets the system's timers for attempt deadlines.
   */
  setTimer?(callback: () => void, ms: number): ClockTimer;
}

/** A pending timer of a Clock. */
export interface ClockTimer {
  clear(): void;
  /** Keep the process alive until it fires (the default for a new timer). */
  ref(): void;
  /** Let the process exit while it is pending. */
  unref(): void;
}

/** Milliseconds on the monotonic clock: Node's `performance.now()`, read from perf_hooks' object. */
export function monotonicNow(): number {
  // Node's global `performance` is a lazy getter (~20 ns a read, on the hot path); the
  // perf_hooks export is the same clock without it.
  return performance.now();
}

export const systemClock: Clock = {
  now: monotonicNow,
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  setTimer(callback, ms) {
    const timer = setTimeout(callback, ms);
    return { clear: () => clearTimeout(timer), ref: () => timer.ref(), unref: () => timer.unref() };
  },
};

/** A timer on `clock`, or on the system's timers when the clock has none of its own. */
export function setClockTimer(clock: Clock, callback: () => void, ms: number): ClockTimer {
  return clock.setTimer === undefined
    ? (systemClock.setTimer as NonNullable<Clock['setTimer']>)(callback, ms)
    : clock.setTimer(callback, ms);
}
