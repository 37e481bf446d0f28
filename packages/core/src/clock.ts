import { performance as nodePerformance } from 'node:perf_hooks';

/** Monotonic time, injectable so tests can drive throttles and backoff without real sleeps. */
export interface Clock {
  /** Milliseconds on a monotonic clock (never goes backwards). */
  now(): number;
  /** Resolve after `ms` milliseconds; reject with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Node's global `performance` is a lazy getter: reading it costs ~20 ns here, more than the
 * rest of `now()` on the hot path (two reads per send). So the clock holds Node's object;
 * but while a test's fake timers have replaced the global `setTimeout` (vitest, sinon:
 * they replace `performance` too), it reads the global, so fake time drives durations and
 * attempt deadlines as it always did.
 */
const realSetTimeout = globalThis.setTimeout;

/** Milliseconds on the monotonic clock: `performance.now()`, cheaply. */
export function monotonicNow(): number {
  return setTimeout === realSetTimeout ? nodePerformance.now() : performance.now();
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
};
