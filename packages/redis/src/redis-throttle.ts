import {
  AlertThrottle,
  type AlertThrottleOptions,
  type Clock,
  defaultLogger,
  type Logger,
  type Throttle,
} from '@tocsin/core';
import type { Redis } from 'ioredis';
import { RedisReadiness } from './redis-readiness.js';
import {
  passwordOf,
  type RedisTarget,
  redisClient,
  shownClient,
  shownRedisUrl,
  withoutSecret,
} from './redis-target.js';
import { TOKEN_BUCKET_SCRIPT } from './token-bucket-script.js';

export interface RedisThrottleOptions extends Omit<AlertThrottleOptions, 'source'> {
  /**
   * The Redis to keep the bucket in: a `redis://` or `rediss://` URL (the throttle then
   * makes its own client and quits it in `close()`), or an ioredis client the app owns.
   * A client of your own should be made with `enableOfflineQueue: false`, so commands are
   * not queued during an outage.
   */
  redis: RedisTarget;
  /**
   * The bucket's key. Every process using the same key shares one budget.
   * @default 'tocsin:throttle'
   */
  key?: string;
  /**
   * Milliseconds to wait for Redis before answering from the local bucket.
   * @default 200
   */
  timeoutMs?: number;
  /** Named in clamp warnings. @default 'RedisThrottle options' */
  source?: string;
  /**
   * The local bucket's clock (inject a fake one in tests). The bucket in Redis reads the
   * server's clock, whatever this is.
   */
  clock?: Clock;
}

const DEFAULT_TIMEOUT_MS = 200;
const TAKE_COMMAND = 'tocsinTokenBucketTake';

type ScriptedRedis = Redis & {
  [TAKE_COMMAND](
    key: string,
    rate: number,
    per: number,
    burst: number,
    ttl: number,
  ): Promise<number>;
};

/**
 * A token bucket in Redis, so N processes share one budget: kstlib's semantics (capacity
 * `rate`, refill `rate / per` per second, start at `burst`) in one atomic Lua script, on
 * the server's clock. The hard limits apply as they do to `AlertThrottle`.
 *
 * Insurance: when Redis cannot be reached (refused, timed out), the answer comes from a
 * local `AlertThrottle` with the same settings, the logger is warned once per outage, and
 * `fallbacks` counts the answers given locally. The next answer from Redis ends the outage.
 */
export class RedisThrottle implements Throttle {
  readonly rate: number;
  readonly per: number;
  readonly burst: number;
  readonly key: string;
  /** The local bucket that answers while Redis cannot. */
  readonly local: AlertThrottle;
  private readonly client: ScriptedRedis;
  private readonly owned: boolean;
  private readonly readiness: RedisReadiness;
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly logger: Logger;
  private readonly server: string;
  private readonly secret: string | undefined;
  private outage = false;
  private fallbackCount = 0;

  constructor(options: RedisThrottleOptions) {
    const { redis, key, timeoutMs, source, ...settings } = options;
    if (options.timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && (timeoutMs ?? 0) > 0)) {
      throw new RangeError(
        `\`timeoutMs\` must be a number of milliseconds > 0; got ${String(timeoutMs)}`,
      );
    }
    if (key !== undefined && (typeof key !== 'string' || key === '')) {
      throw new TypeError('`key` must be a non-empty string');
    }
    this.logger = options.logger ?? defaultLogger;
    // The local bucket applies the hard limits (and warns about clamped values) once, for both.
    this.local = new AlertThrottle({ ...settings, source: source ?? 'RedisThrottle options' });
    this.rate = this.local.rate;
    this.per = this.local.per;
    this.burst = this.local.burst;
    this.key = key ?? 'tocsin:throttle';
    this.timeoutMs = timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Gone once it would have refilled from empty: an idle bucket does not stay in Redis.
    this.ttlMs = Math.ceil(this.per * 1000);
    const { client, owned } = redisClient(redis, 'redis');
    this.client = client as ScriptedRedis;
    this.owned = owned;
    this.server = typeof redis === 'string' ? shownRedisUrl(redis) : shownClient(client);
    this.secret = typeof redis === 'string' ? passwordOf(redis) : client.options.password;
    if (typeof this.client[TAKE_COMMAND] !== 'function') {
      // EVALSHA, loading the script with EVAL the first time a server has not seen it.
      client.defineCommand(TAKE_COMMAND, { numberOfKeys: 1, lua: TOKEN_BUCKET_SCRIPT });
    }
    this.readiness = new RedisReadiness(client, this.timeoutMs);
  }

  /** Answers given by the local bucket because Redis could not be reached. */
  get fallbacks(): number {
    return this.fallbackCount;
  }

  /** Whether Redis failed the last time it was asked (and the local bucket answers). */
  get degraded(): boolean {
    return this.outage;
  }

  /** Take a token if one is there. Never waits for one to come; never rejects. */
  tryAcquire(): Promise<boolean> {
    const ready = this.readiness.ready();
    if (ready)
      return ready.then(
        () => this.take(),
        (error: unknown) => this.fallBack(error),
      );
    return this.take();
  }

  /** Quits the client when the throttle made it from a URL; leaves an app's own client open. */
  async close(): Promise<void> {
    if (!this.owned) return;
    await this.client.quit().catch(() => this.client.disconnect());
  }

  toString(): string {
    return `RedisThrottle(key=${this.key}, rate=${this.rate}, per=${this.per}, burst=${this.burst})`;
  }

  /**
   * One script call, answered by Redis or, after `timeoutMs` or on an error, by the local
   * bucket. One promise and one timer a take: this is the path every alert goes through.
   */
  private take(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        resolve(this.fallBack(new Error(`no answer within ${this.timeoutMs} ms`)));
      }, this.timeoutMs);
      this.client[TAKE_COMMAND](this.key, this.rate, this.per, this.burst, this.ttlMs).then(
        (reply) => {
          if (settled) return;
          clearTimeout(timer);
          this.outage = false;
          resolve(reply === 1);
        },
        (error: unknown) => {
          if (settled) return;
          clearTimeout(timer);
          resolve(this.fallBack(error));
        },
      );
    });
  }

  private fallBack(error: unknown): boolean {
    this.fallbackCount += 1;
    if (!this.outage) {
      this.outage = true;
      const reason = withoutSecret(
        error instanceof Error ? error.message : String(error),
        this.secret,
      );
      this.logger.warn(
        `RedisThrottle "${this.key}": Redis at ${this.server} cannot be reached (${reason}); ` +
          `answering from a local bucket (rate=${this.rate}, per=${this.per}s) in this process until it answers again`,
      );
    }
    return this.local.tryAcquire();
  }
}
