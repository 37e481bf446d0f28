import type { Logger } from '@tocsin/core';
import type { Redis } from 'ioredis';
import {
  passwordOf,
  type RedisTarget,
  redisClient,
  shownClient,
  shownRedisUrl,
  withoutSecret,
} from './redis-target.js';

export interface RedisPeersSettings {
  readonly redis: RedisTarget;
  /** The pub/sub channel the replicas talk on. */
  readonly channel: string;
  /** A message another replica (or this one) published on it. */
  readonly onMessage: (message: string) => void;
  readonly logger: Logger;
  /** Who speaks in the warning: `RedisSilenceStore "tocsin:lifecycle"`. */
  readonly speaker: string;
  /** What still works while Redis is away, for the warning. */
  readonly meanwhile: string;
}

/**
 * What a store kept in step across replicas needs of Redis: a client for its writes, a
 * subscriber (a duplicate of it) on one pub/sub channel, a warning once per outage that
 * never shows the password, and a close that quits what it made. The client is the app's
 * when it gave one, and then not quit.
 */
export class RedisPeers {
  readonly client: Redis;
  readonly subscriber: Redis;
  readonly channel: string;
  private readonly owned: boolean;
  private readonly server: string;
  private readonly secret: string | undefined;
  private readonly settings: RedisPeersSettings;
  private outage = false;

  constructor(settings: RedisPeersSettings) {
    const { redis, channel } = settings;
    this.settings = settings;
    this.channel = channel;
    const { client, owned } = redisClient(redis, 'redis');
    this.client = client;
    this.owned = owned;
    this.server = typeof redis === 'string' ? shownRedisUrl(redis) : shownClient(client);
    this.secret = typeof redis === 'string' ? passwordOf(redis) : client.options.password;
    // The stores subscribe again themselves on every reconnection. ioredis's own resubscribe
    // leaves its promise unhandled, and a Redis that goes away again at once would make it an
    // unhandled rejection: the process would crash.
    this.subscriber = client.duplicate({ autoResubscribe: false });
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (from: string, message: string) => {
      if (from === channel) settings.onMessage(message);
    });
  }

  /** Redis answered: the next failure warns again. */
  answered(): void {
    this.outage = false;
  }

  /** Redis failed: warn, once until it answers again. */
  failed(error: unknown): void {
    if (this.outage) return;
    this.outage = true;
    const reason = withoutSecret(
      error instanceof Error ? error.message : String(error),
      this.secret,
    );
    const { logger, speaker, meanwhile } = this.settings;
    logger.warn(`${speaker}: Redis at ${this.server} cannot be reached (${reason}); ${meanwhile}`);
  }

  /** Quits the subscriber, and the client when it was made from a URL. */
  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
    if (this.owned) await this.client.quit().catch(() => this.client.disconnect());
  }
}

/** Resolves when `done` does, or after `timeoutMs` (a store's `ready()` while Redis is away). */
export function within(done: Promise<unknown>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    done.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
