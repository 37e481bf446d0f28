import { randomUUID } from 'node:crypto';
import {
  type Alert,
  type Clock,
  defaultLogger,
  type ElsewhereChange,
  type FiringAlert,
  type IncidentStore,
  type Logger,
  MemoryIncidentStore,
  systemClock,
} from '@tocsin/core';
import type { Redis } from 'ioredis';
import { alertOf, type Message, type Recorded, recordOf, type Stored } from './incident-record.js';
import { WRITE_SCRIPT } from './incident-scripts.js';
import { RedisPeers, within } from './redis-peers.js';
import { RedisReadiness } from './redis-readiness.js';
import type { RedisTarget } from './redis-target.js';

export interface RedisIncidentStoreOptions {
  /**
   * The Redis the replicas talk through: a `redis://` or `rediss://` URL (the store makes its
   * clients and quits them in `close()`), or an ioredis client the app owns (the store
   * subscribes on a duplicate of it, which `close()` quits).
   */
  redis: RedisTarget;
  /** What the keys and the pub/sub channel start with. @default 'tocsin:lifecycle' */
  prefix?: string;
  /** The manager's `resolveTimeout`, in seconds: how long an incident fires after its last alert. @default 300 */
  resolveTimeout?: number;
  /** The manager's clock, for alerts that other replicas report. @default the system clock */
  clock?: Clock;
  /** Receives the warning when Redis cannot be reached. @default process.emitWarning */
  logger?: Logger;
  /**
   * Incidents kept at most, here and in Redis: past it the oldest are forgotten (in Redis,
   * those written longest ago). @default 100000, as the manager's own store
   */
  maxIncidents?: number;
}

/** Fingerprints remembered at most, as the manager's own store. */
const MAX_INCIDENTS = 100_000;

type Scripted = Redis & {
  tocsinIncidentsWrite(
    hash: string,
    seen: string,
    timeoutMs: number,
    max: number,
    channel: string,
    message: string,
    resolved: number,
    // An array, not spread: a turn of many fingerprints would pass too many arguments.
    rest: Array<string | number>,
  ): Promise<number>;
};

const WRITE = 'tocsinIncidentsWrite';

/** Incidents read per HSCAN step when catching up: a step never holds the server long. */
const SCAN_COUNT = 1000;

/** One fingerprint's alerts not yet written: how many, the first's epoch ms, the last. */
interface Pending {
  n: number;
  first: number;
  alert: Alert;
}

/**
 * What is firing, shared by replicas: an alert one manager accepts makes its fingerprint
 * fire on every manager made with `store: { incidents }` on the same prefix, so `active()`,
 * inhibition (a source alert on one replica mutes its targets on the others) and
 * `resolve()` agree. Reads stay synchronous, from a copy in this process (what core's
 * `IncidentStore` asks). What happens here goes out once per turn of the event loop (turns
 * that come while a write is on its way go together after it), in one script call, one
 * entry per fingerprint (a flood is a count, not a message per alert): to the others
 * through pub/sub, and into a Redis hash of what fires (with each incident's count and
 * first and last alert) beside a sorted set by last write, trimmed past `resolveTimeout`
 * and to `maxIncidents`. A replica that starts or reconnects reads it after subscribing and
 * opens there the incidents it did not know, as they are (`ready()` waits for the first
 * read).
 *
 * Insurance: while Redis cannot be reached, each replica knows what it saw itself and what
 * it read before; the logger is warned once per outage and `fallbacks` counts the turns
 * that did not reach Redis. Those turns are written once it answers again, counts and all
 * (up to `maxIncidents` fingerprints), so the others learn what fired here meanwhile.
 */
export class RedisIncidentStore implements IncidentStore {
  readonly prefix: string;
  private readonly local: MemoryIncidentStore;
  private readonly me = randomUUID();
  private readonly clock: Clock;
  private readonly peers: RedisPeers;
  private readonly client: Scripted;
  private readonly readiness: RedisReadiness;
  private readonly timeoutMs: number;
  private readonly max: number;
  /** The hash of what fires, and the sorted set of when each was last written. */
  private readonly hash: string;
  private readonly seen: string;
  private recorded = new Map<string, Pending>();
  private resolved: string[] = [];
  private scheduled = false;
  /** A write is on its way: the next waits for it, so a failed one is put back before what came after. */
  private writing = false;
  /** Resolves after this replica's first read of what fires (or its failure). */
  private loaded: Promise<void>;
  private fallbackCount = 0;
  /**
   * Per fingerprint, the time (\`u\`) of the last write the latest catch-up read: a message of
   * that write or an earlier one, heard after the read, is already counted here.
   */
  private read = new Map<string, number>();
  private readonly elsewhere: Array<(change: ElsewhereChange) => void> = [];

  constructor(options: RedisIncidentStoreOptions) {
    const { redis, prefix, resolveTimeout = 300, maxIncidents = MAX_INCIDENTS } = options;
    if (prefix !== undefined && (typeof prefix !== 'string' || prefix === ''))
      throw new TypeError('`prefix` must be a non-empty string');
    if (typeof resolveTimeout !== 'number' || !(resolveTimeout > 0))
      throw new TypeError('`resolveTimeout` must be a number of seconds > 0');
    if (!Number.isInteger(maxIncidents) || maxIncidents < 1)
      throw new RangeError(
        `\`maxIncidents\` must be a whole number >= 1; got ${String(maxIncidents)}`,
      );
    this.prefix = prefix ?? 'tocsin:lifecycle';
    this.hash = `${this.prefix}:firing`;
    this.seen = `${this.prefix}:firing:seen`;
    // Whole milliseconds: the scripts compare them with the server's clock.
    this.timeoutMs = Math.max(1, Math.round(resolveTimeout * 1000));
    this.max = maxIncidents;
    this.local = new MemoryIncidentStore(this.timeoutMs, maxIncidents);
    this.clock = options.clock ?? systemClock;
    this.peers = new RedisPeers({
      redis,
      channel: `${this.prefix}:incidents`,
      onMessage: (message) => this.apply(message),
      logger: options.logger ?? defaultLogger,
      speaker: `RedisIncidentStore "${this.prefix}"`,
      meanwhile: 'each replica knows only the incidents it saw until it answers again',
    });
    const { client, subscriber } = this.peers;
    this.client = client as Scripted;
    if (typeof this.client[WRITE] !== 'function')
      client.defineCommand(WRITE, { numberOfKeys: 2, lua: WRITE_SCRIPT });
    this.readiness = new RedisReadiness(client, 5000);
    // On every (re)connection of either client (the two come back in either order): listen
    // to the others, then read what fires. A sync that finds the other still away is
    // followed by the one its return starts.
    subscriber.on('ready', () => {
      this.loaded = this.sync();
    });
    client.on('ready', () => {
      if (subscriber.status === 'ready') this.loaded = this.sync();
    });
    this.loaded = new Promise<void>((resolve) =>
      subscriber.once('ready', () => resolve(this.loaded)),
    );
  }

  /**
   * Resolves once this replica listens to the others and has read what fires, or after
   * `timeoutMs` while Redis cannot be reached: it learns what fires when it connects.
   */
  ready(timeoutMs = 5000): Promise<void> {
    return within(this.loaded, timeoutMs);
  }

  /** Turns whose records and resolves Redis did not take (nor the other replicas hear of). */
  get fallbacks(): number {
    return this.fallbackCount;
  }

  record(alert: Alert, now: number): void {
    this.local.record(alert, now);
    const seen = this.recorded.get(alert.fingerprint);
    if (seen === undefined)
      this.recorded.set(alert.fingerprint, { n: 1, first: alert.timestamp.getTime(), alert });
    else {
      seen.n++;
      seen.alert = alert;
    }
    this.schedule();
  }

  isFiring(fingerprint: string, now: number): boolean {
    return this.local.isFiring(fingerprint, now);
  }

  resolve(fingerprint: string, now: number): FiringAlert | undefined {
    this.recorded.delete(fingerprint);
    this.resolved.push(fingerprint);
    this.schedule();
    return this.local.resolve(fingerprint, now);
  }

  list(now: number): FiringAlert[] {
    return this.local.list(now);
  }

  onOpen(listener: (alert: Alert) => void): void {
    this.local.onOpen(listener);
    // A manager made after `ready()` hears of what this store already learnt (its inhibit
    // rules need the sources that fire).
    for (const firing of this.local.list(this.clock.now())) listener(firing.alert);
  }

  /** Call `listener` with what other replicas record and resolve (the manager's auto-resolves run on it). */
  onElsewhere(listener: (change: ElsewhereChange) => void): void {
    this.elsewhere.push(listener);
  }

  /** Quits the subscriber, and the client when the store made it from a URL. */
  async close(): Promise<void> {
    await this.peers.close();
  }

  toString(): string {
    return `RedisIncidentStore(prefix=${this.prefix})`;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.tell());
  }

  /**
   * Tell Redis and the other replicas what this turn recorded and resolved: one script call.
   * One at a time: turns that come while a write is on its way go together after it.
   */
  private tell(): void {
    this.scheduled = false;
    if (this.writing) return;
    const recorded: Recorded[] = [];
    const args: Array<string | number> = [...this.resolved];
    for (const [fp, { n, first, alert }] of this.recorded) {
      const record = recordOf(fp, n, first, alert);
      recorded.push(record);
      args.push(fp, n, first, record.l, JSON.stringify(record.a));
    }
    const message: Message = { from: this.me, recorded, resolved: this.resolved };
    const resolved = this.resolved.length;
    const batch = { recorded: this.recorded, resolved: this.resolved };
    this.recorded = new Map();
    this.resolved = [];
    const { channel } = this.peers;
    this.writing = true;
    this.client
      .tocsinIncidentsWrite(
        this.hash,
        this.seen,
        this.timeoutMs,
        this.max,
        channel,
        JSON.stringify(message),
        resolved,
        args,
      )
      .then(
        () => {
          this.writing = false;
          this.peers.answered();
          if (this.recorded.size > 0 || this.resolved.length > 0) this.schedule();
        },
        (error: unknown) => {
          this.writing = false;
          this.fallbackCount++;
          this.peers.failed(error);
          // Not written again at once: the next alert, or the sync of a reconnection, does.
          this.putBack(batch.recorded, batch.resolved);
        },
      );
  }

  /**
   * A turn Redis did not take goes out with the next write (the sync after a reconnection
   * starts one): what this replica recorded during an outage reaches the others without
   * waiting for the next alert of each fingerprint. What happened since comes after it: a
   * record is dropped when its fingerprint was resolved since, and counts add up.
   */
  private putBack(recorded: Map<string, Pending>, resolved: string[]): void {
    const since = new Set(this.resolved);
    for (const [fp, older] of recorded) {
      if (since.has(fp)) continue;
      const newer = this.recorded.get(fp);
      if (newer !== undefined) {
        newer.n += older.n;
        newer.first = Math.min(newer.first, older.first);
      } else if (this.recorded.size < this.max) this.recorded.set(fp, older);
    }
    this.resolved = [...resolved, ...this.resolved].slice(-this.max);
  }

  /** Listen to the others, then open here what fires in Redis and this replica does not know. */
  private async sync(): Promise<void> {
    try {
      await this.readiness.ready();
      await this.peers.subscriber.subscribe(this.peers.channel);
      this.read = new Map();
      let cursor = '0';
      do {
        const replies = await this.client
          .pipeline()
          .time()
          .hscan(this.hash, cursor, 'COUNT', SCAN_COUNT)
          .exec();
        const failed = replies?.find(([error]) => error !== null)?.[0];
        if (replies === null || failed) throw failed ?? new Error('the pipeline was discarded');
        const [time, scan] = replies.map(([, result]) => result) as [
          [string, string],
          [string, string[]],
        ];
        const serverNow = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
        cursor = scan[0];
        this.learn(scan[1], serverNow);
      } while (cursor !== '0');
      this.peers.answered();
      if (this.recorded.size > 0 || this.resolved.length > 0) this.schedule();
    } catch (error) {
      this.peers.failed(error);
    }
  }

  /** Open the incidents of one HSCAN step (fingerprint, record, ...) this replica does not know. */
  private learn(fields: readonly string[], serverNow: number): void {
    const now = this.clock.now();
    for (let i = 0; i + 1 < fields.length; i += 2) {
      let stored: Stored;
      try {
        stored = JSON.parse(fields[i + 1] as string) as Stored;
      } catch {
        continue;
      }
      // Ages on the server's clock, so replicas' clocks need not agree. The hash may still
      // hold what is past the timeout: it is trimmed only when a replica writes.
      const age = serverNow - stored.t;
      if (!(age < this.timeoutMs)) continue;
      const alert = alertOf(fields[i] as string, stored);
      if (alert === undefined) continue;
      if (stored.u !== undefined) this.read.set(fields[i] as string, stored.u);
      const seen = { count: stored.n, firstEpoch: stored.f, lastEpoch: stored.l };
      this.local.learn(alert, { ...seen, lastSeenAt: now - Math.max(0, age) }, now);
    }
  }

  private heard(change: ElsewhereChange): void {
    for (const listener of this.elsewhere) listener(change);
  }

  private apply(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (message.from === this.me) return;
    const now = this.clock.now();
    // Subscribed before the catch-up read: a write may be in both. Counted once.
    const { w } = message;
    const read = (fp: string) => w !== undefined && (this.read.get(fp) ?? -1) >= w;
    // Resolves first: within one turn, a record after a resolve opens a new incident.
    for (const fingerprint of message.resolved ?? []) {
      if (read(fingerprint)) continue;
      const ended = this.local.resolve(fingerprint, now);
      this.heard({ fingerprint, resolved: true, count: 0, alert: ended?.alert });
    }
    for (const record of message.recorded ?? []) {
      if (read(record.fp)) continue;
      const alert = alertOf(record.fp, record);
      if (alert === undefined) continue;
      this.heard({ fingerprint: record.fp, resolved: false, count: record.n, alert });
      if (this.local.isFiring(record.fp, now)) this.local.record(alert, now, record.n);
      else {
        // A replica of an older version tells only the last alert's time.
        const last = record.l ?? record.a.timestamp;
        const seen = { count: record.n, firstEpoch: record.f ?? last, lastEpoch: last };
        this.local.learn(alert, { ...seen, lastSeenAt: now }, now);
      }
    }
  }
}
