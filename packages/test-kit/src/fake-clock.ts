import type { Clock, ClockTimer } from '@tocsin/core';

interface Sleeper {
  until: number;
  wake: () => void;
}

/**
 * A clock that moves only when told. Sleeps and timers come due when `advance` passes
 * their time, so throttles, backoff and attempt deadlines can be tested without real
 * waiting, and without replacing the global timers.
 */
export class FakeClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const sleeper = { until: this.time + ms, wake: resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.remove(sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  setTimer(callback: () => void, ms: number): ClockTimer {
    const sleeper = { until: this.time + ms, wake: callback };
    this.sleepers.push(sleeper);
    return { clear: () => this.remove(sleeper), ref() {}, unref() {} };
  }

  /**
   * Move time forward by `ms`, waking every sleeper and timer whose time has come, in time
   * order; the clock reads each one's own time while it runs.
   */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.sleepers.filter((s) => s.until <= end).sort((a, b) => a.until - b.until)[0];
      if (next === undefined) break;
      this.remove(next);
      this.time = Math.max(this.time, next.until);
      next.wake();
    }
    this.time = end;
  }

  /**
   * `advance`, letting promise callbacks run after each step (a retry's sleep resolves,
   * then its next attempt starts and sets its deadline): for code that chains timers
   * through promises. Steps of `step` ms.
   */
  async advanceAsync(ms: number, step = ms): Promise<void> {
    for (let left = ms; left > 0; left -= step) {
      this.advance(Math.min(step, left));
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
  }

  /** Sleepers and timers waiting now. */
  get pending(): number {
    return this.sleepers.length;
  }

  private remove(sleeper: Sleeper): void {
    this.sleepers = this.sleepers.filter((s) => s !== sleeper);
  }
}
