/**
 * Counts a channel's requests in flight so `close()` can let them finish for a grace
 * period and then cut what still hangs. Channels over undici need it: `Agent.close()`
 * waits for a hung request forever, and `destroy()` after `close()` can no longer reach it
 * (undici 7 forgets its pools on close). So: `await inFlight.drain(graceMs)`, then
 * `agent.destroy()`.
 */
export class InFlight {
  #active = 0;
  #waiters: Array<() => void> = [];

  /** Requests in flight now. */
  get size(): number {
    return this.#active;
  }

  /** Count one request; call the returned function once when it has settled. */
  begin(): () => void {
    this.#active++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.#active === 0) for (const wake of this.#waiters.splice(0)) wake();
    };
  }

  /** Resolve when nothing is in flight (true) or after `graceMs` (false), whichever comes first. */
  async drain(graceMs: number): Promise<boolean> {
    if (this.#active === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const drained = await new Promise<boolean>((resolve) => {
      this.#waiters.push(() => resolve(true));
      timer = setTimeout(() => resolve(false), graceMs);
      timer.unref();
    });
    clearTimeout(timer);
    return drained;
  }
}
