import { randomUUID } from 'node:crypto';
import { defaultLogger, type Logger, type SilenceStore, type StoredSilence } from '@tocsin/core';
import type { Redis } from 'ioredis';
import { RedisPeers, within } from './redis-peers.js';
import { RedisReadiness } from './redis-readiness.js';
import type { RedisTarget } from './redis-target.js';

export interface RedisSilenceStoreOptions {
  /**
   * The Redis to keep the silences in: a `redis://` or `rediss://` URL (the store makes its
   * clients and quits them in `close()`), or an ioredis client the app owns (the store
   * subscribes on a duplicate of it, which `close()` quits).
   */
  redis: RedisTarget;
  /** What the key and the pub/sub channel start with. @default 'tocsin:lifecycle' */
  prefix?: string;
  /** Receives the warning when Redis cannot be reached. @default process.emitWarning */
  logger?: Logger;
}

/** Expired silences stay listed five days (as the manager keeps them): the hash lasts that long after the last ends. */
const KEEP_EXPIRED_MS = 5 * 86_400_000;

/** What replicas tell each other on the channel. */
type Change =
  | { from: string; op: 'put'; silence: StoredSilence }
  | { from: string; op: 'remove'; id: string };

/**
 * Silences shared by replicas: `manager.silence()` on one silences the alerts of every
 * manager made with `store: { silences }` on the same prefix. Reads stay synchronous, from
 * a copy in this process (what core's `SilenceStore` asks): writes go to the copy, to a
 * Redis hash, and to the other replicas through pub/sub; a replica that (re)connects reads
 * the hash whole, so it catches up on what it missed.
 *
 * Insurance: while Redis cannot be reached, silences made here still apply here; they are
 * written to Redis when it answers again. The logger is warned once per outage and
 * `fallbacks` counts the writes that waited.
 */
export class RedisSilenceStore implements SilenceStore {
  readonly prefix: string;
  private readonly silences = new Map<string, StoredSilence>();
  /** Silences written here that Redis has not taken yet, by id (undefined: a removal). */
  private readonly unsent = new Map<string, StoredSilence | undefined>();
  private readonly key: string;
  private readonly me = randomUUID();
  private changes = 0;
  private fallbackCount = 0;
  private loaded: Promise<void>;
  private readonly readiness: RedisReadiness;
  private readonly peers: RedisPeers;
  private readonly client: Redis;
  private readonly subscriber: Redis;

  constructor(options: RedisSilenceStoreOptions) {
    const { redis, prefix } = options;
    if (prefix !== undefined && (typeof prefix !== 'string' || prefix === ''))
      throw new TypeError('`prefix` must be a non-empty string');
    this.prefix = prefix ?? 'tocsin:lifecycle';
    this.key = `${this.prefix}:silences`;
    this.peers = new RedisPeers({
      redis,
      channel: `${this.prefix}:silences:changes`,
      onMessage: (message) => this.apply(message),
      logger: options.logger ?? defaultLogger,
      speaker: `RedisSilenceStore "${this.prefix}"`,
      meanwhile: 'silences made here apply here and go to Redis when it answers again',
    });
    const { client, subscriber } = this.peers;
    this.client = client;
    this.subscriber = subscriber;
    this.readiness = new RedisReadiness(client, 5000);
    // On every (re)connection of either client (the two come back in either order): listen,
    // send what waited, read the hash whole. A sync that finds the other still away is
    // followed by the one its return starts.
    this.subscriber.on('ready', () => {
      this.loaded = this.sync();
    });
    client.on('ready', () => {
      if (this.subscriber.status === 'ready') this.loaded = this.sync();
    });
    this.loaded = new Promise<void>((resolve) =>
      this.subscriber.once('ready', () => resolve(this.loaded)),
    );
  }

  /**
   * Resolves once the silences in Redis have been read, or after `timeoutMs` (5 s by
   * default) while Redis cannot be reached: the copy then fills when it connects.
   */
  ready(timeoutMs = 5000): Promise<void> {
    return within(this.loaded, timeoutMs);
  }

  /** Changes made by other replicas (and reloads): the manager reads its silences again. */
  get version(): number {
    return this.changes;
  }

  /** Writes that could not reach Redis when made (sent when it answers again). */
  get fallbacks(): number {
    return this.fallbackCount;
  }

  list(): readonly StoredSilence[] {
    return [...this.silences.values()];
  }

  put(silence: StoredSilence): void {
    this.silences.set(silence.id, silence);
    this.write(silence.id, silence);
  }

  remove(id: string): void {
    this.silences.delete(id);
    this.write(id, undefined);
  }

  /** Quits the subscriber, and the client when the store made it from a URL. */
  async close(): Promise<void> {
    await this.peers.close();
  }

  toString(): string {
    return `RedisSilenceStore(prefix=${this.prefix})`;
  }

  private write(id: string, silence: StoredSilence | undefined): void {
    this.unsent.set(id, silence);
    this.send(id, silence).then(
      () => {
        if (this.unsent.get(id) === silence) this.unsent.delete(id);
        this.peers.answered();
      },
      (error: unknown) => {
        this.fallbackCount += 1;
        this.peers.failed(error);
      },
    );
  }

  private async send(id: string, silence: StoredSilence | undefined): Promise<void> {
    const change: Change =
      silence === undefined
        ? { from: this.me, op: 'remove', id }
        : { from: this.me, op: 'put', silence };
    const multi = this.client.multi();
    if (silence === undefined) multi.hdel(this.key, id);
    else {
      multi.hset(this.key, id, JSON.stringify(silence));
      // The hash lasts as long as its longest silence is listed; `GT` never shortens it.
      const keep = Math.max(1, Math.ceil(silence.endsAt + KEEP_EXPIRED_MS - Date.now()));
      multi.pexpire(this.key, keep, 'GT');
      multi.pexpire(this.key, keep, 'NX');
    }
    multi.publish(this.peers.channel, JSON.stringify(change));
    const replies = await multi.exec();
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (replies === null || failed) throw failed ?? new Error('the transaction was discarded');
  }

  /** Subscribe, send what waited, then read every silence in Redis. */
  private async sync(): Promise<void> {
    try {
      await this.readiness.ready();
      await this.subscriber.subscribe(this.peers.channel);
      for (const [id, silence] of [...this.unsent]) await this.send(id, silence);
      this.unsent.clear();
      const all = await this.client.hgetall(this.key);
      this.silences.clear();
      for (const json of Object.values(all)) {
        const silence = JSON.parse(json) as StoredSilence;
        this.silences.set(silence.id, silence);
      }
      this.changes++;
      this.peers.answered();
    } catch (error) {
      this.peers.failed(error);
    }
  }

  private apply(message: string): void {
    let change: Change;
    try {
      change = JSON.parse(message) as Change;
    } catch {
      return;
    }
    if (change.from === this.me) return;
    if (change.op === 'put') this.silences.set(change.silence.id, change.silence);
    else this.silences.delete(change.id);
    this.changes++;
  }
}
