/**
 * Alerts accepted whose `send` has not settled (delivery, retries): the collector's queue.
 * Bounded, so a flood meets 503 instead of growing the heap until the process dies.
 */
export class PendingAlerts {
  private count = 0;

  constructor(readonly max: number) {}

  /** Count `n` more alerts if they fit; false (nothing counted) when they do not. */
  reserve(n: number): boolean {
    if (this.count + n > this.max) return false;
    this.count += n;
    return true;
  }

  /** `n` alerts are done. */
  release(n: number): void {
    this.count -= n;
  }

  get size(): number {
    return this.count;
  }
}
