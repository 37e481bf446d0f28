import type { Redis } from 'ioredis';

/**
 * Whether `client` can take a command now, waiting up to `timeoutMs` while it is still
 * making its first connection (or a reconnection already under way). A client that lost
 * its connection and waits to retry is not waited for: a store answers locally at once.
 * One wait is shared by every caller, so a burst of alerts at start-up adds one listener.
 */
export class RedisReadiness {
  private waiting: Promise<void> | undefined;

  constructor(
    private readonly client: Redis,
    private readonly timeoutMs: number,
  ) {}

  /** Resolves when the client is ready; rejects with the reason it is not. */
  ready(): Promise<void> | undefined {
    const { status } = this.client;
    if (status === 'ready') return undefined;
    if (status === 'wait') this.client.connect().catch(() => {});
    else if (status !== 'connecting' && status !== 'connect')
      return Promise.reject(new Error(`the connection is ${status}`));
    this.waiting ??= this.waitForReady().finally(() => {
      this.waiting = undefined;
    });
    return this.waiting;
  }

  private waitForReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        this.client.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const onClose = () => done(new Error('the connection closed'));
      const timer = setTimeout(
        () => done(new Error(`no connection within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      timer.unref();
      this.client.once('ready', onReady);
      this.client.once('close', onClose);
    });
  }
}
