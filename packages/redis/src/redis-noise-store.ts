import {
  type Claim,
  defaultLogger,
  type Logger,
  MemoryNoiseStore,
  type NoiseStore,
  type TakenWindow,
  type WindowItem,
  type WindowState,
} from '@tocsin/core';
import type { Redis } from 'ioredis';
import { ADD_SCRIPT, CLAIM_SCRIPT, RELEASE_SCRIPT, TAKE_SCRIPT } from './noise-scripts.js';
import { readWindow } from './read-window.js';
import { RedisReadiness } from './redis-readiness.js';
import {
  passwordOf,
  type RedisTarget,
  redisClient,
  shownClient,
  shownRedisUrl,
  withoutSecret,
} from './redis-target.js';

export interface RedisNoiseStoreOptions {
  /**
   * The Redis to keep the state in: a `redis://` or `rediss://` URL (the store then makes
   * its own client and quits it in `close()`), or an ioredis client the app owns, made with
   * `enableOfflineQueue: false` so commands are not queued during an outage.
   */
  redis: RedisTarget;
  /**
   * What every key starts with. Replicas that share dedup and groups use the same prefix
   * (and the same channel keys). @default 'tocsin:noise'
   */
  prefix?: string;
  /** Milliseconds to wait for Redis before answering from this process. @default 200 */
  timeoutMs?: number;
  /** Receives the warning when Redis cannot be reached. @default process.emitWarning */
  logger?: Logger;
}

const DEFAULT_TIMEOUT_MS = 200;
/** What the local store marks its windows with, so their take goes to it, not to Redis. */
const LOCAL = 'local:';
/** A batch keeps 10,000 fingerprints apart, 100 values of the `countBy` label each (as in core). */
const MAX_FINGERPRINTS = 10_000;
const MAX_VALUES = 100;

type Scripted = Redis & {
  tocsinNoiseClaim(
    claim: string,
    held: string,
    ttl: number,
    extend: number,
    epoch: number,
  ): Promise<[number, number, string]>;
  tocsinNoiseRelease(
    claim: string,
    held: string,
    ttl: number,
    count: number,
    since: number,
  ): Promise<number>;
  tocsinNoiseAdd(
    window: string,
    flushed: string,
    ...args: Array<string | number>
  ): Promise<[string, number, number, number]>;
  tocsinNoiseTake(
    window: string,
    flushed: string,
    id: string,
    retire: number,
  ): Promise<Array<string | number> | null>;
};

const SCRIPTS = {
  tocsinNoiseClaim: CLAIM_SCRIPT,
  tocsinNoiseRelease: RELEASE_SCRIPT,
  tocsinNoiseAdd: ADD_SCRIPT,
  tocsinNoiseTake: TAKE_SCRIPT,
} as const;

/**
 * A `NoiseStore` in Redis, so N replicas send one notification per fingerprint and one
 * digest per group between them (`addChannel(channel, { noiseStore, repeatInterval, group })`).
 * A dedup claim is `SET NX PX`; a group's window is one hash that every replica adds to
 * (Lua), taken whole and deleted by one script, so exactly one replica sends its digest.
 * Times are the Redis server's, so the replicas' clocks do not matter. Every key expires.
 *
 * Insurance, as `RedisThrottle`'s: when Redis cannot be reached (refused, closed, no answer
 * within `timeoutMs`), claims and adds are answered by a `MemoryNoiseStore` in this process,
 * the logger is warned once per outage, and `fallbacks` counts them; the next answer from
 * Redis ends the outage. A window already in Redis is not taken locally: its take is tried
 * again (by every replica that added to it) until Redis answers or the window expires.
 */
export class RedisNoiseStore implements NoiseStore {
  readonly prefix: string;
  /** The store that answers while Redis cannot. */
  readonly local = new MemoryNoiseStore();
  private readonly client: Scripted;
  private readonly owned: boolean;
  private readonly readiness: RedisReadiness;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly server: string;
  private readonly secret: string | undefined;
  private outage = false;
  private fallbackCount = 0;

  constructor(options: RedisNoiseStoreOptions) {
    const { redis, prefix, timeoutMs } = options;
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
      throw new RangeError(
        `\`timeoutMs\` must be a number of milliseconds > 0; got ${String(timeoutMs)}`,
      );
    if (prefix !== undefined && (typeof prefix !== 'string' || prefix === ''))
      throw new TypeError('`prefix` must be a non-empty string');
    this.prefix = prefix ?? 'tocsin:noise';
    this.timeoutMs = timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger ?? defaultLogger;
    const { client, owned } = redisClient(redis, 'redis');
    this.client = client as Scripted;
    this.owned = owned;
    this.server = typeof redis === 'string' ? shownRedisUrl(redis) : shownClient(client);
    this.secret = typeof redis === 'string' ? passwordOf(redis) : client.options.password;
    for (const [name, lua] of Object.entries(SCRIPTS))
      if (typeof (client as unknown as Record<string, unknown>)[name] !== 'function')
        client.defineCommand(name, { numberOfKeys: 2, lua });
    this.readiness = new RedisReadiness(client, this.timeoutMs);
  }

  /** Answers given in this process because Redis could not be reached. */
  get fallbacks(): number {
    return this.fallbackCount;
  }

  /** Whether Redis failed the last time it was asked (and this process answers). */
  get degraded(): boolean {
    return this.outage;
  }

  claim(key: string, ttlMs: number, extend: boolean, epoch: number, now: number): Promise<Claim> {
    const k = this.key(key);
    return this.run(
      () => this.client.tocsinNoiseClaim(k, `${k}:held`, ttl(ttlMs), extend ? 1 : 0, epoch),
      ([claimed, held, since]) => ({
        claimed: Number(claimed) === 1,
        held: Number(held),
        heldSince: Number(since),
      }),
      () => this.local.claim(key, ttlMs, extend, epoch, now),
    );
  }

  release(
    key: string,
    ttlMs: number,
    count: number,
    sinceEpoch: number,
    now: number,
  ): Promise<void> {
    const k = this.key(key);
    return this.run(
      () => this.client.tocsinNoiseRelease(k, `${k}:held`, ttl(ttlMs), count, sinceEpoch),
      () => undefined,
      () => this.local.release(key, ttlMs, count, sinceEpoch, now),
    );
  }

  forget(key: string): Promise<void> {
    // Both: a claim made locally during an outage ends too.
    this.local.forget(key);
    const k = this.key(key);
    return this.run(
      () => this.client.del(k, `${k}:held`),
      () => undefined,
      () => undefined,
    );
  }

  add(key: string, item: WindowItem, id: string, ttlMs: number, now: number): Promise<WindowState> {
    const k = this.key(key);
    const { fingerprint, epoch, value, alert } = item;
    return this.run(
      () =>
        this.client.tocsinNoiseAdd(
          k,
          `${k}:flushed`,
          id,
          fingerprint,
          epoch,
          value === undefined ? 0 : 1,
          value ?? '',
          JSON.stringify(alert),
          ttl(ttlMs),
          MAX_FINGERPRINTS,
          MAX_VALUES,
        ),
      ([windowId, count, openedAgo, flushedAgo]) => ({
        id: String(windowId),
        count: Number(count),
        openedAgoMs: Number(openedAgo),
        flushedAgoMs: Number(flushedAgo) < 0 ? undefined : Number(flushedAgo),
      }),
      () => this.local.add(key, item, `${LOCAL}${id}`, ttlMs, now),
    );
  }

  take(key: string, id: string, retireMs: number, now: number): Promise<TakenWindow | undefined> {
    if (id.startsWith(LOCAL)) return Promise.resolve(this.local.take(key, id, retireMs, now));
    const k = this.key(key);
    const command = () => this.client.tocsinNoiseTake(k, `${k}:flushed`, id, ttl(retireMs));
    // No local answer: the window is in Redis, and only Redis can hand it out once.
    return this.run(
      command,
      (reply) => (reply === null ? undefined : readWindow(id, reply)),
      undefined,
    );
  }

  /** Quits the client when the store made it from a URL; leaves an app's own client open. */
  async close(): Promise<void> {
    if (!this.owned) return;
    await this.client.quit().catch(() => this.client.disconnect());
  }

  toString(): string {
    return `RedisNoiseStore(prefix=${this.prefix})`;
  }

  private key(key: string): string {
    return `${this.prefix}:${key}`;
  }

  /**
   * `command` on Redis, its reply read by `read`; when Redis cannot answer (not connected,
   * an error, no answer within `timeoutMs`), `local`'s answer, or a rejection without one.
   */
  private run<R, T>(
    command: () => Promise<R>,
    read: (reply: R) => T,
    local: (() => T) | undefined,
  ): Promise<T> {
    const ask = () =>
      new Promise<T>((resolve, reject) => {
        let settled = false;
        const fail = (error: unknown) => {
          settled = true;
          try {
            resolve(this.fallBack(error, local));
          } catch (failure) {
            reject(failure);
          }
        };
        const timer = setTimeout(
          () => fail(new Error(`no answer within ${this.timeoutMs} ms`)),
          this.timeoutMs,
        );
        command().then(
          (reply) => {
            if (settled) return;
            clearTimeout(timer);
            this.outage = false;
            resolve(read(reply));
          },
          (error: unknown) => {
            if (settled) return;
            clearTimeout(timer);
            fail(error);
          },
        );
      });
    const ready = this.readiness.ready();
    if (ready === undefined) return ask();
    return ready.then(ask, (error: unknown) => this.fallBack(error, local));
  }

  private fallBack<T>(error: unknown, local: (() => T) | undefined): T {
    const reason = withoutSecret(
      error instanceof Error ? error.message : String(error),
      this.secret,
    );
    if (!this.outage) {
      this.outage = true;
      this.logger.warn(
        `RedisNoiseStore "${this.prefix}": Redis at ${this.server} cannot be reached (${reason}); ` +
          'deduplicating and grouping in this process until it answers again',
      );
    }
    if (local === undefined)
      throw new Error(`Redis at ${this.server} cannot be reached (${reason})`);
    this.fallbackCount += 1;
    return local();
  }
}

/** Redis wants a whole number of milliseconds, at least 1. */
function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
