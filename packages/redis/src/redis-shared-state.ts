import {
  defineSharedState,
  lazy,
  loadZod,
  type SharedState,
  type SharedStateCreateContext,
  type SharedThrottleSettings,
  type Throttle,
} from '@tocsin/core';
import type { Redis } from 'ioredis';
import { RedisIncidentStore } from './redis-incident-store.js';
import { RedisNoiseStore } from './redis-noise-store.js';
import { RedisSilenceStore } from './redis-silence-store.js';
import { isRedisUrl, redisClient } from './redis-target.js';
import { RedisThrottle } from './redis-throttle.js';

/** `alerts.shared` of `type: redis`, in code spelling. */
export interface RedisSharedStateOptions {
  /** The Redis every replica uses: a `redis://` or `rediss://` URL (a secret: its password). */
  url: string;
  /**
   * What every key starts with: `<prefix>:noise`, `<prefix>:lifecycle`, `<prefix>:throttle`.
   * Replicas that share their state use the same prefix (and the same file). @default 'tocsin'
   */
  prefix?: string | undefined;
}

const DEFAULT_PREFIX = 'tocsin';

/** How long `create` waits for the silences the other replicas made (then goes on without Redis). */
const READY_TIMEOUT_MS = 5000;

const optionsSchema = lazy(() => {
  const z = loadZod();
  return z
    .strictObject({
      url: z
        .string({ error: 'expected a redis:// or rediss:// URL as a string' })
        // The message never repeats the value: a URL may hold a password.
        .refine(isRedisUrl, { error: 'expected a redis:// or rediss:// URL' })
        .describe(
          'The Redis every replica uses: redis://[user:password@]host:port[/db], or rediss://. Secret.',
        ),
      prefix: z
        .string({ error: 'expected a key prefix as a string' })
        .min(1, { error: 'expected a key prefix, not an empty string' })
        .optional()
        .describe(
          "What every key starts with (<prefix>:noise, <prefix>:lifecycle, <prefix>:throttle). Default 'tocsin'.",
        ),
    })
    .describe('State shared by replicas through one Redis');
});

/**
 * Every store of `@tocsin/redis` on one client: dedup and groups (`RedisNoiseStore`),
 * silences and what is firing (`RedisSilenceStore`, `RedisIncidentStore`, each with its
 * own subscriber) and one `RedisThrottle` per bucket of the file. `close()` closes them
 * all and quits the client.
 */
export class RedisSharedState implements SharedState {
  readonly prefix: string;
  readonly noiseStore: RedisNoiseStore;
  readonly silences: RedisSilenceStore;
  readonly incidents: RedisIncidentStore;
  private readonly client: Redis;
  private readonly throttles: RedisThrottle[] = [];
  private readonly context: SharedStateCreateContext;

  constructor(options: RedisSharedStateOptions, context: SharedStateCreateContext) {
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.context = context;
    // One client for every store: three connections (it and the two subscribers), not one per store.
    this.client = redisClient(options.url, 'url').client;
    const { logger, clock } = context;
    this.noiseStore = new RedisNoiseStore({
      redis: this.client,
      prefix: `${this.prefix}:noise`,
      logger,
    });
    const lifecycle = `${this.prefix}:lifecycle`;
    this.silences = new RedisSilenceStore({ redis: this.client, prefix: lifecycle, logger });
    this.incidents = new RedisIncidentStore({
      redis: this.client,
      prefix: lifecycle,
      resolveTimeout: context.resolveTimeout,
      logger,
      ...(clock === undefined ? {} : { clock }),
    });
  }

  /** Resolves once the silences in Redis are read and the stores listen to the other replicas. */
  async ready(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    await Promise.all([this.silences.ready(timeoutMs), this.incidents.ready(timeoutMs)]);
  }

  /** The bucket `<prefix>:throttle` (the shared one) or `<prefix>:throttle:<channel key>`. */
  throttle(settings: SharedThrottleSettings): Throttle {
    const { channel, rate, per, burst } = settings;
    const { logger, clock } = this.context;
    const throttle = new RedisThrottle({
      redis: this.client,
      key: channel === undefined ? `${this.prefix}:throttle` : `${this.prefix}:throttle:${channel}`,
      rate,
      per,
      burst,
      logger,
      ...(clock === undefined ? {} : { clock }),
    });
    this.throttles.push(throttle);
    return throttle;
  }

  /** Close every store (their subscribers), then quit the client they share. */
  async close(): Promise<void> {
    await Promise.all([
      this.noiseStore.close(),
      this.silences.close(),
      this.incidents.close(),
      ...this.throttles.map((throttle) => throttle.close()),
    ]);
    await this.client.quit().catch(() => this.client.disconnect());
  }

  toString(): string {
    return `RedisSharedState(prefix=${this.prefix})`;
  }
}

/**
 * `alerts.shared: { type: redis, url, prefix }`: what `fromConfig` finds as
 * `@tocsin/redis`'s `sharedStateDefinition`, so a config file can make replicas share
 * their throttles, dedup, groups, silences and firing alerts.
 */
export const sharedStateDefinition = defineSharedState({
  type: 'redis',
  get schema() {
    return optionsSchema();
  },
  secrets: ['url'],
  async create(options: RedisSharedStateOptions, context) {
    const state = new RedisSharedState(options, context);
    await state.ready();
    return state;
  },
});
