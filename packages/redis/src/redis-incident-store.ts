import { randomUUID } from 'node:crypto';
import {
  type Alert,
  type Clock,
  createAlert,
  defaultLogger,
  type FiringAlert,
  type IncidentStore,
  type Logger,
  MemoryIncidentStore,
  systemClock,
} from '@tocsin/core';
import { RedisPeers, within } from './redis-peers.js';
import type { RedisTarget } from './redis-target.js';

export interface RedisIncidentStoreOptions {
  /**
   * The Redis the replicas talk through: a `redis://` or `rediss://` URL (the store makes its
   * clients and quits them in `close()`), or an ioredis client the app owns (the store
   * subscribes on a duplicate of it, which `close()` quits).
   */
  redis: RedisTarget;
  /** What the pub/sub channel starts with. @default 'tocsin:lifecycle' */
  prefix?: string;
  /** The manager's `resolveTimeout`, in seconds: how long an incident fires after its last alert. @default 300 */
  resolveTimeout?: number;
  /** The manager's clock, for alerts that other replicas report. @default the system clock */
  clock?: Clock;
  /** Receives the warning when Redis cannot be reached. @default process.emitWarning */
  logger?: Logger;
}

/** Fingerprints remembered at most, as the manager's own store. */
const MAX_INCIDENTS = 100_000;

/** One fingerprint's alerts in one turn of the event loop, as replicas tell each other. */
interface Recorded {
  readonly fp: string;
  /** How many alerts of it. */
  readonly n: number;
  /** The last of them, as `send` takes it. */
  readonly a: {
    id: string;
    title: string;
    body: string;
    level: number;
    labels: Record<string, string>;
    timestamp: number;
    source?: string;
  };
}

interface Message {
  readonly from: string;
  readonly recorded: readonly Recorded[];
  readonly resolved: readonly string[];
}

/**
 * What is firing, shared by replicas: an alert one manager accepts makes its fingerprint
 * fire on every manager made with `store: { incidents }` on the same prefix, so
 * `active()`, inhibition (a source alert on one replica mutes its targets on the others)
 * and `resolve()` agree. Reads stay synchronous, from a copy in this process (what core's
 * `IncidentStore` asks); what happens here is told to the others once per turn of the event
 * loop through pub/sub, one entry per fingerprint (a flood is a count, not a message per
 * alert).
 *
 * Insurance: while Redis cannot be reached, each replica knows what it saw itself; the
 * logger is warned once per outage and `fallbacks` counts the messages lost. A replica that
 * starts learns an incident from its next alert (incidents are short-lived: they end
 * `resolveTimeout` after their last alert).
 */
export class RedisIncidentStore implements IncidentStore {
  readonly prefix: string;
  private readonly local: MemoryIncidentStore;
  private readonly me = randomUUID();
  private readonly clock: Clock;
  private readonly peers: RedisPeers;
  private recorded = new Map<string, { n: number; alert: Alert }>();
  private resolved: string[] = [];
  private scheduled = false;
  /** Resolves when this replica first listens to the others. */
  private readonly listening: Promise<void>;
  private fallbackCount = 0;

  constructor(options: RedisIncidentStoreOptions) {
    const { redis, prefix, resolveTimeout = 300 } = options;
    if (prefix !== undefined && (typeof prefix !== 'string' || prefix === ''))
      throw new TypeError('`prefix` must be a non-empty string');
    if (typeof resolveTimeout !== 'number' || !(resolveTimeout > 0))
      throw new TypeError('`resolveTimeout` must be a number of seconds > 0');
    this.prefix = prefix ?? 'tocsin:lifecycle';
    this.local = new MemoryIncidentStore(resolveTimeout * 1000, MAX_INCIDENTS);
    this.clock = options.clock ?? systemClock;
    this.peers = new RedisPeers({
      redis,
      channel: `${this.prefix}:incidents`,
      onMessage: (message) => this.apply(message),
      logger: options.logger ?? defaultLogger,
      speaker: `RedisIncidentStore "${this.prefix}"`,
      meanwhile: 'each replica knows only the incidents it saw until it answers again',
    });
    const { subscriber, channel } = this.peers;
    let listening: () => void = () => {};
    this.listening = new Promise((resolve) => {
      listening = resolve;
    });
    // On every (re)connection: listen to the others again.
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(listening, (error: unknown) => this.peers.failed(error));
    });
  }

  /** Resolves once this replica listens to the others (or after `timeoutMs` without Redis). */
  ready(timeoutMs = 5000): Promise<void> {
    return within(this.listening, timeoutMs);
  }

  /** Messages to the other replicas that Redis did not take. */
  get fallbacks(): number {
    return this.fallbackCount;
  }

  record(alert: Alert, now: number): void {
    this.local.record(alert, now);
    const seen = this.recorded.get(alert.fingerprint);
    if (seen === undefined) this.recorded.set(alert.fingerprint, { n: 1, alert });
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

  /** Tell the other replicas what this turn recorded and resolved: one message. */
  private tell(): void {
    this.scheduled = false;
    const recorded: Recorded[] = [];
    for (const [fp, { n, alert }] of this.recorded)
      recorded.push({
        fp,
        n,
        a: {
          id: alert.id,
          title: alert.title,
          body: alert.body,
          level: alert.level,
          labels: { ...alert.labels },
          timestamp: alert.timestamp.getTime(),
          ...(alert.source === undefined ? {} : { source: alert.source }),
        },
      });
    const message: Message = { from: this.me, recorded, resolved: this.resolved };
    this.recorded = new Map();
    this.resolved = [];
    this.peers.client.publish(this.peers.channel, JSON.stringify(message)).then(
      () => this.peers.answered(),
      (error: unknown) => {
        this.fallbackCount++;
        this.peers.failed(error);
      },
    );
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
    for (const { fp, n, a } of message.recorded ?? []) {
      let alert: Alert;
      try {
        // Under the sender's fingerprint, whatever this manager's rule would make of it.
        alert = createAlert({ ...a, timestamp: new Date(a.timestamp), dedupKey: fp });
      } catch {
        continue;
      }
      for (let i = 0; i < n; i++) this.local.record(alert, now);
    }
    for (const fingerprint of message.resolved ?? []) this.local.resolve(fingerprint, now);
  }
}
