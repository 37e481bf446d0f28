import { type Alert, createAlertAt } from './alert.js';
import { type AlertLevel, type AlertLevelInput, parseAlertLevel } from './alert-level.js';
import type { AlertResult } from './alert-result.js';
import { type AlertStats, ChannelStatsRecorder } from './alert-stats.js';
import { AlertThrottle, type AlertThrottleOptions } from './alert-throttle.js';
import { AttemptDeadlines, type AttemptOutcome } from './attempt-deadlines.js';
import type { Channel, ChannelReceipt } from './channel.js';
import { type Clock, monotonicNow, systemClock } from './clock.js';
import { DeliveryError } from './errors/delivery-error.js';
import { TocsinError } from './errors/tocsin-error.js';
import { applyLimit, DEFAULTS } from './limits.js';
import { defaultLogger, type Logger } from './logger.js';
import { redact } from './redact.js';
import { RetryPolicy, type RetryPolicyOptions, toDeliveryError } from './retry-policy.js';

export interface AddChannelOptions {
  /** Lowest level this channel receives (number or name, any case). @default INFO */
  minLevel?: AlertLevelInput;
  /** A bucket for this entry: an `AlertThrottle` (may be shared between entries) or its options. */
  throttle?: AlertThrottle | AlertThrottleOptions;
  /** Unique key for routing and stats. @default the channel's name, suffixed `-2`, `-3`... when taken */
  key?: string;
  /** Another name `send(alert, { channel })` matches. */
  alias?: string;
  /** Seconds one attempt may take. 1..120. @default the channel's own `timeout`, else 30 */
  timeout?: number;
  /** Retries after a retryable failure. 0..5. @default 2 */
  maxRetries?: number;
}

export interface AlertManagerOptions {
  /** Receives clamp warnings and channel close failures. @default process.emitWarning */
  logger?: Logger;
  /** Backoff and Retry-After handling. */
  retry?: RetryPolicyOptions;
  /** Defaults for every `addChannel` (the config's scalar `channels` keys). */
  defaults?: { timeout?: number; maxRetries?: number };
  /** Latency samples kept per channel for p50/p95. @default 1000 */
  latencyWindow?: number;
  /** Monotonic clock for durations and backoff sleeps; inject a fake one in tests. */
  clock?: Clock;
}

export interface SendOptions {
  /** Deliver only to this channel: matched by key, then alias, then name. Skips the level filter. */
  channel?: string;
}

interface Entry {
  readonly key: string;
  readonly alias: string | undefined;
  readonly channel: Channel;
  readonly minLevel: AlertLevel;
  readonly throttle: AlertThrottle | undefined;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly stats: ChannelStatsRecorder;
  readonly deadlines: AttemptDeadlines;
}

/**
 * Routes alerts to channels: validates each alert, then for every matching channel entry,
 * concurrently, filters by level, takes a throttle token, delivers with a per-attempt
 * timeout and retries, and records the outcome. `send` never throws for delivery problems.
 */
export class AlertManager {
  private entries: Entry[] = [];
  private readonly logger: Logger;
  private readonly retryPolicy: RetryPolicy;
  private readonly clock: Clock;
  private readonly latencyWindow: number;
  private readonly defaultTimeout: number;
  private readonly defaultMaxRetries: number;
  private totals = { alerts: 0, sent: 0, failed: 0, throttled: 0, filtered: 0, retries: 0 };
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: AlertManagerOptions = {}) {
    this.logger = options.logger ?? defaultLogger;
    this.retryPolicy = new RetryPolicy(options.retry);
    this.clock = options.clock ?? systemClock;
    this.latencyWindow = options.latencyWindow ?? 1000;
    if (!Number.isInteger(this.latencyWindow) || this.latencyWindow < 1) {
      throw new RangeError(
        `\`latencyWindow\` must be a whole number >= 1; got ${String(options.latencyWindow)}`,
      );
    }
    const source = 'AlertManager defaults';
    this.defaultTimeout = applyLimit('timeout', options.defaults?.timeout ?? DEFAULTS.timeout, {
      source,
      logger: this.logger,
    });
    this.defaultMaxRetries = applyLimit(
      'maxRetries',
      options.defaults?.maxRetries ?? DEFAULTS.maxRetries,
      {
        source,
        logger: this.logger,
      },
    );
  }

  /**
   * Build a manager from a config: a file path, a `loadConfig()` result or a file's content
   * (`{ alerts: ... }`); without one, the config is searched for from `cwd`. Channel types
   * map to their packages (`slack` -> @tocsin/slack), imported on demand. See
   * docs/configuration.md.
   * @throws ConfigError naming the file, each failing path and what was expected.
   */
  static async fromConfig(
    configOrPath?: string | object,
    options: import('./config/build-manager.js').FromConfigOptions = {},
  ): Promise<AlertManager> {
    const { buildManager } = await import('./config/build-manager.js');
    return buildManager(configOrPath, options);
  }

  /** Register a channel. Returns the manager, for chaining. */
  addChannel(channel: Channel, options: AddChannelOptions = {}): this {
    if (
      typeof channel?.send !== 'function' ||
      typeof channel.name !== 'string' ||
      channel.name === ''
    ) {
      throw new TypeError(
        '`channel` must implement Channel: a non-empty `name` and a `send(alert, context)` method',
      );
    }
    this.assertOpen();
    const key = options.key ?? this.freeKey(channel.name);
    if (typeof key !== 'string' || key === '')
      throw new TypeError('`key` must be a non-empty string');
    if (this.entries.some((entry) => entry.key === key)) {
      throw new TocsinError(
        `A channel with key "${key}" is already registered; give this one another \`key\``,
        'TOCSIN_DUPLICATE_CHANNEL',
      );
    }
    const source = `addChannel("${key}") options`;
    const limitContext = { source, logger: this.logger };
    const throttle =
      options.throttle === undefined || options.throttle instanceof AlertThrottle
        ? options.throttle
        : new AlertThrottle({ logger: this.logger, source, ...options.throttle });
    const timeout = applyLimit(
      'timeout',
      options.timeout ?? channel.timeout ?? this.defaultTimeout,
      limitContext,
    );
    this.entries.push({
      key,
      alias: options.alias,
      channel,
      minLevel: options.minLevel === undefined ? 10 : parseAlertLevel(options.minLevel, 'minLevel'),
      throttle,
      timeoutMs: timeout * 1000,
      maxRetries: applyLimit(
        'maxRetries',
        options.maxRetries ?? this.defaultMaxRetries,
        limitContext,
      ),
      stats: new ChannelStatsRecorder(channel.name, this.latencyWindow),
      deadlines: new AttemptDeadlines(
        timeout * 1000,
        (attempt) =>
          new DeliveryError(
            `${channel.name}: no answer within ${timeout} s (attempt ${attempt.attempt})`,
            {
              channel: channel.name,
              retryable: true,
              code: 'TOCSIN_TIMEOUT',
            },
          ),
      ),
    });
    return this;
  }

  /** Unregister the entry with this key. The channel is not closed. Returns whether one was removed. */
  removeChannel(key: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => entry.key !== key);
    return this.entries.length !== before;
  }

  /** Keys of the registered entries, in registration order. */
  get channels(): string[] {
    return this.entries.map((entry) => entry.key);
  }

  /**
   * Deliver one alert or several. Results come flat, in alert order then registration
   * order, one per (alert, entry that matched). Rejects only for an invalid alert
   * (`AlertValidationError`, nothing delivered), an unknown target channel, or a closed manager.
   */
  send(alerts: unknown, options?: SendOptions): Promise<AlertResult[]> {
    // Not `async`: one promise per send, resolved by the last delivery (see `Outcomes`),
    // instead of an async frame awaiting a promise per delivery and a Promise.all.
    let outcomes: Outcomes;
    try {
      this.assertOpen();
      // One clock read serves the alerts' timestamps and the deliveries' start.
      const now = monotonicNow();
      // Every alert is validated before any is routed: an invalid one rejects the batch.
      const batch = Array.isArray(alerts)
        ? alerts.map((input, i) => createAlertAt(input, `[${i}].`, now))
        : undefined;
      const single = batch === undefined ? createAlertAt(alerts, '', now) : undefined;
      const target = options?.channel;
      const targets = target === undefined ? undefined : this.resolveTarget(target);
      this.inFlight++;
      const entries = targets ?? this.entries;
      outcomes = new Outcomes(
        batch === undefined ? entries.length : batch.length * entries.length,
        this.settledSend,
      );
      if (single !== undefined) this.route(single, targets, now, outcomes);
      else for (const alert of batch as Alert[]) this.route(alert, targets, now, outcomes);
    } catch (error) {
      return Promise.reject(error);
    }
    return outcomes.seal();
  }

  /** One alert to every entry that takes it (or to `targets`, skipping the level filter). */
  private route(alert: Alert, targets: Entry[] | undefined, now: number, outcomes: Outcomes): void {
    this.totals.alerts++;
    const entries = targets ?? this.entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as Entry;
      if (targets === undefined && alert.level < entry.minLevel) {
        entry.stats.filtered++;
        this.totals.filtered++;
      } else if (entry.throttle !== undefined && !entry.throttle.tryAcquire()) {
        entry.stats.throttled++;
        this.totals.throttled++;
        outcomes.add(throttledResult(entry, alert));
      } else {
        this.deliver(entry, alert, now, outcomes, outcomes.reserve());
      }
    }
  }

  /** Called once per send, when its last delivery has an outcome. */
  private readonly settledSend = (): void => {
    if (--this.inFlight === 0) this.idle?.();
  };

  /** A JSON-serialisable snapshot of the counters. */
  get stats(): AlertStats {
    const byChannel: AlertStats['byChannel'] = {};
    for (const entry of this.entries) byChannel[entry.key] = entry.stats.snapshot();
    const t = this.totals;
    return {
      totalAlerts: t.alerts,
      totalSent: t.sent,
      totalFailed: t.failed,
      totalThrottled: t.throttled,
      totalFiltered: t.filtered,
      totalRetries: t.retries,
      byChannel,
    };
  }

  resetStats(): void {
    this.totals = { alerts: 0, sent: 0, failed: 0, throttled: 0, filtered: 0, retries: 0 };
    for (const entry of this.entries) entry.stats.reset();
  }

  /**
   * Refuse new sends, wait for every delivery in flight (retries included), then close each
   * channel once. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  private async shutdown(): Promise<void> {
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
      });
    }
    const channels = new Set(this.entries.map((entry) => entry.channel));
    await Promise.all(
      [...channels].map(async (channel) => {
        try {
          await channel.close?.();
        } catch (error) {
          this.logger.warn(
            `closing channel "${channel.name}" failed: ${redact(String((error as Error)?.message ?? error))}`,
          );
        }
      }),
    );
  }

  /**
   * Deliver with retries into `outcomes[slot]`. The first attempt reports to a `Delivery`
   * (no promise, async frame or closure of its own: the common case is one attempt that
   * succeeds); retries, rare, run in `retry`.
   */
  private deliver(entry: Entry, alert: Alert, now: number, outcomes: Outcomes, slot: number): void {
    // `now` is a monotonicNow() reading; durations use the manager's clock, the same one
    // unless a test injected another.
    const started = this.clock === systemClock ? now : this.clock.now();
    this.run(entry, alert, 1, now, new Delivery(entry, alert, started, outcomes, slot, this.hooks));
  }

  /** What a `Delivery` calls back into; made once per manager. */
  private readonly hooks: DeliveryHooks = {
    sent: (d, receipt) => this.sent(d.entry, d.alert, 1, d.started, receipt),
    retry: (d, thrown) => this.retry(d.entry, d.alert, d.started, thrown),
    failed: (d, error) =>
      this.failed(d.entry, d.alert, 1, d.started, toDeliveryError(error, d.entry.channel.name)),
  };

  private async retry(
    entry: Entry,
    alert: Alert,
    started: number,
    thrown: unknown,
  ): Promise<AlertResult> {
    for (let attempt = 1; ; ) {
      const error = toDeliveryError(thrown, entry.channel.name);
      if (!error.retryable || attempt > entry.maxRetries)
        return this.failed(entry, alert, attempt, started, error);
      entry.stats.retries++;
      this.totals.retries++;
      await this.clock.sleep(this.retryPolicy.delayMs(attempt, error));
      attempt++;
      try {
        return this.sent(entry, alert, attempt, started, await this.attempt(entry, alert, attempt));
      } catch (next) {
        thrown = next;
      }
    }
  }

  private sent(
    entry: Entry,
    alert: Alert,
    attempts: number,
    started: number,
    receipt: ChannelReceipt | undefined | void,
  ): AlertResult {
    const durationMs = this.clock.now() - started;
    entry.stats.sent++;
    entry.stats.latency(durationMs);
    this.totals.sent++;
    const result: AlertResult = {
      channel: entry.key,
      channelName: entry.channel.name,
      alertId: alert.id,
      success: true,
      status: 'sent',
      attempts,
      durationMs,
    };
    if (receipt != null) {
      if (receipt.messageId !== undefined) result.messageId = String(receipt.messageId);
      if (Array.isArray(receipt.rejected) && receipt.rejected.length > 0)
        result.rejected = receipt.rejected.map(String);
    }
    return result;
  }

  private failed(
    entry: Entry,
    alert: Alert,
    attempts: number,
    started: number,
    error: DeliveryError,
  ): AlertResult {
    const durationMs = this.clock.now() - started;
    const message = redact(error.message);
    entry.stats.fail(message);
    entry.stats.latency(durationMs);
    this.totals.failed++;
    return {
      channel: entry.key,
      channelName: entry.channel.name,
      alertId: alert.id,
      success: false,
      status: 'failed',
      attempts,
      error: message,
      durationMs,
    };
  }

  /**
   * One try, bounded by the entry's timeout whether or not the channel honours the signal:
   * exactly one of `ok` and `fail` is called, at the channel's answer or at the deadline.
   * Callbacks rather than a promise, so the first attempt adds no promise layer of its own.
   */
  private run(entry: Entry, alert: Alert, n: number, now: number, outcome: AttemptOutcome): void {
    // An attempt leaves its entry's deadline list exactly once: settled here, or expired
    // (and `outcome.fail` called) by the deadline. `settle` says whether it was still in it.
    const attempt = entry.deadlines.start(n, outcome, now);
    let sending: PromiseLike<ChannelReceipt | undefined | void>;
    try {
      sending = entry.channel.send(alert, attempt);
    } catch (error) {
      sending = Promise.reject(error);
    }
    sending.then(
      (receipt) => {
        if (entry.deadlines.settle(attempt)) outcome.ok(receipt);
      },
      (error: unknown) => {
        if (entry.deadlines.settle(attempt)) outcome.fail(error);
      },
    );
  }

  /** `run` as a promise, for retries. */
  private attempt(
    entry: Entry,
    alert: Alert,
    n: number,
  ): Promise<ChannelReceipt | undefined | void> {
    return new Promise((resolve, reject) =>
      this.run(entry, alert, n, monotonicNow(), { ok: resolve, fail: reject }),
    );
  }

  private resolveTarget(name: string): Entry[] {
    for (const match of [
      (entry: Entry) => entry.key === name,
      (entry: Entry) => entry.alias === name,
      (entry: Entry) => entry.channel.name === name,
    ]) {
      const found = this.entries.filter(match);
      if (found.length > 0) return found;
    }
    const known = this.entries.map((entry) => entry.key).join(', ') || 'none registered';
    throw new TocsinError(
      `No channel matches "${name}" by key, alias or name (keys: ${known})`,
      'TOCSIN_UNKNOWN_CHANNEL',
    );
  }

  private freeKey(name: string): string {
    let key = name;
    for (let n = 2; this.entries.some((entry) => entry.key === key); n++) key = `${name}-${n}`;
    return key;
  }

  private assertOpen(): void {
    if (this.closing !== undefined) {
      throw new TocsinError(
        'AlertManager is closed: it accepts no more alerts or channels',
        'TOCSIN_CLOSED',
      );
    }
  }
}

function throttledResult(entry: Entry, alert: Alert): AlertResult {
  return {
    channel: entry.key,
    channelName: entry.channel.name,
    alertId: alert.id,
    success: false,
    status: 'throttled',
    attempts: 0,
    error: 'Rate limit exceeded',
    durationMs: 0,
  };
}

/**
 * The results of one `send`, in order, and the one promise that resolves with them once
 * every delivery has its outcome. Deliveries fill their reserved slots as they finish.
 */
class Outcomes {
  private readonly results: AlertResult[];
  private count = 0;
  /** Slots still empty, plus one held until `seal`, so the promise cannot resolve early. */
  private pending = 1;
  private resolve: ((results: AlertResult[]) => void) | undefined;

  /** `capacity`: the most results the send can have (alerts x entries). */
  constructor(
    capacity: number,
    private readonly onSettled: () => void,
  ) {
    this.results = new Array(capacity);
  }

  /** An outcome known at once (throttled). */
  add(result: AlertResult): void {
    this.results[this.count++] = result;
  }

  /** A slot for a delivery that will `fill` it later. */
  reserve(): number {
    this.pending++;
    return this.count++;
  }

  fill(slot: number, result: AlertResult): void {
    this.results[slot] = result;
    if (--this.pending === 0) this.finish();
  }

  /** Every delivery has been started: the promise of all their results. */
  seal(): Promise<AlertResult[]> {
    // Filtered alerts take no slot.
    if (this.count < this.results.length) this.results.length = this.count;
    if (--this.pending === 0) {
      this.onSettled();
      return Promise.resolve(this.results);
    }
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  private finish(): void {
    this.onSettled();
    this.resolve?.(this.results);
  }
}

interface DeliveryHooks {
  /** The result of a first attempt that succeeded. */
  sent(delivery: Delivery, receipt: ChannelReceipt | undefined | void): AlertResult;
  /** Retry after a failed first attempt, while the policy allows; settles into a result. */
  retry(delivery: Delivery, thrown: unknown): Promise<AlertResult>;
  /** The result for a failure that `retry` itself could not settle (a bug, not a channel's). */
  failed(delivery: Delivery, error: unknown): AlertResult;
}

/** One (alert, entry) delivery: its first attempt reports here, and it fills its slot. */
class Delivery implements AttemptOutcome {
  constructor(
    readonly entry: Entry,
    readonly alert: Alert,
    readonly started: number,
    private readonly outcomes: Outcomes,
    private readonly slot: number,
    private readonly hooks: DeliveryHooks,
  ) {}

  ok(receipt: ChannelReceipt | undefined | void): void {
    this.outcomes.fill(this.slot, this.hooks.sent(this, receipt));
  }

  fail(error: unknown): void {
    this.hooks.retry(this, error).then(
      (result) => this.outcomes.fill(this.slot, result),
      // So that the send still ends instead of hanging.
      (bug: unknown) => this.outcomes.fill(this.slot, this.hooks.failed(this, bug)),
    );
  }
}
