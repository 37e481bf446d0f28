import type { PagerWindow } from '../noise-options.js';

/**
 * failnozzle's pager window over an entry's digests: fires once when the alerts of the last
 * `flushes` digests pass the limit, and again only after the rate has dropped to it.
 */
export class PagerWatch {
  /** Alerts in each of the last `pager.flushes` digests, oldest first. */
  private readonly window: number[] = [];
  private paged = false;

  constructor(
    private readonly pager: PagerWindow,
    private readonly page: (alerts: number, flushes: number, limit: number) => void,
  ) {}

  /** A digest of `alerts` went out. */
  digestSent(alerts: number): void {
    const { pager } = this;
    this.window.push(alerts);
    if (this.window.length > pager.flushes) this.window.shift();
    const total = this.window.reduce((sum, n) => sum + n, 0);
    if (total <= pager.limit) this.paged = false;
    else if (!this.paged) {
      this.paged = true;
      this.page(total, this.window.length, pager.limit);
    }
  }
}
