import type { Clock } from '@tocsin/core';

/**
 * A clock that moves only when told. `sleep` resolves when `advance` passes its deadline,
 * so throttles and backoff can be tested without real waiting.
 */
export class FakeClock implements Clock {
  private time: number;
  private sleepers: Array<{ until: number; resolve: () => void }> = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const sleeper = { until: this.time + ms, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Move time forward by `ms` and wake every sleeper whose deadline has come. */
  advance(ms: number): void {
    this.time += ms;
    const due = this.sleepers.filter((s) => s.until <= this.time);
    this.sleepers = this.sleepers.filter((s) => s.until > this.time);
    for (const sleeper of due) sleeper.resolve();
  }

  /** Sleepers waiting now. */
  get pending(): number {
    return this.sleepers.length;
  }
}
