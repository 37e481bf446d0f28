import { type Alert, type AlertInput, createAlertAt, createAlerts } from './alert.js';
import { parseAlertLevel } from './alert-level.js';
import type {
  AddChannelOptions,
  AlertManagerOptions,
  CloseOnSignalsOptions,
  CloseOptions,
  HeartbeatOptions,
  SendOptions,
} from './alert-manager-options.js';
import type { AlertResult } from './alert-result.js';
import { type AlertStats, digestStats, fallbackStats, noticeStats, Totals } from './alert-stats.js';
import type { Channel } from './channel.js';
import { AFTER_LEVEL_FILTER, ChannelEntry } from './channel-entry.js';
import { ChannelRegistry } from './channel-registry.js';
import { type Clock, monotonicNow, setClockTimer, systemClock } from './clock.js';
import { filterOut, route } from './delivery.js';
import type { Digest } from './digest.js';
import { TocsinError } from './errors/tocsin-error.js';
import { checkFingerprintRule, type FingerprintRule } from './fingerprint.js';
import { pagerAlert } from './grouping/pager-alert.js';
import { isThenable } from './is-thenable.js';
import type { FiringAlert } from './lifecycle/firing.js';
import { type Heartbeat, Heartbeats } from './lifecycle/heartbeats.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import type { Silence, SilenceInput } from './lifecycle/silences.js';
import { applyLimit, DEFAULTS, type LimitContext } from './limits.js';
import { defaultLogger, type Logger } from './logger.js';
import { type AlertManagerEvents, ManagerEvents } from './manager-events.js';
import { type MarkerTest, markerTest } from './monitoring-markers.js';
import { readNoiseOptions, seconds } from './noise-options.js';
import { FollowUpOutcome, type OutcomeSink, Outcomes } from './outcomes.js';
import { plural } from './plural.js';
import { redact } from './redact.js';
import { FileDeadLetters } from './reliability/dead-letter-file.js';
import {
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterStore,
  deadLetter,
  type ReplayOutcome,
} from './reliability/dead-letters.js';
import { type TierEnv, TierSink } from './reliability/fallback-tiers.js';
import { type LeftOverAlert, Spool, type Tracked } from './reliability/spool.js';
import type { ReportOptions } from './reports/report-options.js';
import { readReportSpec } from './reports/report-spec.js';
import { ScheduledReport } from './reports/scheduled-report.js';
import { RetryPolicy } from './retry-policy.js';
import { CompiledMatchers, parseMatchers } from './routing/label-matchers.js';
import type { BreakerSettings, CircuitState } from './stages/breaker-stage.js';
import { readConditions } from './stages/conditions-options.js';
import { type Claim, type Maybe, whenKnown } from './stages/noise-store.js';
import { toThrottle } from './stages/throttle-stage.js';

/**
 * Routes alerts to channels: validates each alert, then takes it through every channel
 * entry concurrently, each entry's stages in order (level filter, fingerprint, dedup,
 * group, throttle), and delivers it with a per-attempt timeout and retries (see
 * delivery.ts). `send` never throws for delivery problems: each (alert, entry) ends in one
 * result, counted once in the stats. Digests of grouped alerts go out later; their
 * outcomes come with the `digest` event.
 */
export class AlertManager {
  private readonly registry = new ChannelRegistry();
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly latencyWindow: number;
  private readonly defaultTimeout: number;
  private readonly defaultMaxRetries: number;
  private readonly env: TierEnv;
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private closing: Promise<void> | undefined;
  private readonly closeTimeout = new AbortController();
  private readonly fingerprint: FingerprintRule | undefined;
  private readonly events: ManagerEvents;
  private readonly monitoring: { marked: MarkerTest; channel: string } | undefined;
  private readonly lifecycle: Lifecycle;
  private heartbeats: Heartbeats | undefined;
  /** Scheduled reports, each told of every accepted alert. */
  private readonly reports = new Set<ScheduledReport>();
  private readonly observers: Array<(alert: Alert) => void> = [];
  /** Where undelivered alerts go; undefined for nowhere. */
  readonly deadLetters: DeadLetterStore | undefined;
  /** The durable spool (`spool`); undefined when off. */
  private readonly spool: Spool | undefined;

  constructor(options: AlertManagerOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(
        `AlertManager options must be an object (or nothing); got ${options === null ? 'null' : typeof options}`,
      );
    }
    this.logger = options.logger ?? defaultLogger;
    this.clock = options.clock ?? systemClock;
    this.fingerprint = checkFingerprintRule(options.fingerprint, 'fingerprint');
    this.events = new ManagerEvents(this.logger);
    this.lifecycle = new Lifecycle(options, this.clock, this.logger);
    // Incidents shared with other replicas: what fires or ends there reaches every entry
    // that follows it here, for its auto-resolve.
    this.lifecycle.firing.onElsewhere?.((change) => {
      const now = this.clock.now();
      for (const entry of this.registry.entries) entry.elsewhere(change, now);
    });
    this.deadLetters = readDeadLetters(options.deadLetters, this.logger);
    this.spool =
      options.spool === undefined
        ? undefined
        : new Spool(options.spool, this.logger, this.deadLetters);
    const letters = this.deadLetters;
    this.monitoring =
      options.monitoring === undefined
        ? undefined
        : { marked: markerTest(options.monitoring), channel: options.monitoring.channel };
    this.env = {
      clock: this.clock,
      retryPolicy: new RetryPolicy(options.retry),
      totals: new Totals(),
      closing: this.closeTimeout.signal,
      events: this.events,
      undelivered:
        letters === undefined
          ? undefined
          : (entry, alert, result) => letters.write(deadLetter(alert, entry.key, result)),
      tierFor: (name) => this.registry.find(name)[0],
      takesItself: (tier, alert) =>
        this.registry.entries.some((entry) => entry.channel === tier.channel && entry.takes(alert)),
    };
    const limitContext = { source: 'AlertManager options', logger: this.logger };
    this.latencyWindow = applyLimit(
      'latencyWindow',
      options.latencyWindow ?? DEFAULTS.latencyWindow,
      limitContext,
    );
    const { timeout = DEFAULTS.timeout, maxRetries = DEFAULTS.maxRetries } = options.defaults ?? {};
    this.defaultTimeout = applyLimit('timeout', timeout, limitContext);
    this.defaultMaxRetries = applyLimit('maxRetries', maxRetries, limitContext);
    // What an earlier run left in the spool goes out once the channels are added (the
    // caller adds them in the same turn, as `fromConfig` does); see `recoverSpool`.
    if (this.spool !== undefined && this.spool.waitingLeftOver > 0)
      setImmediate(() => {
        if (!this.closed)
          this.recoverSpool().catch((error: unknown) =>
            this.logger.warn(`recovering the spool failed: ${redact(String(error))}`),
          );
      });
  }

  /**
   * Build a manager from a config: a file path, a `loadConfig()` result or a file's content
   * (`{ alerts: ... }`); without one, the config is searched for from `cwd`. Channel types
   * map to their packages, imported on demand. See docs/configuration.md.
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
    const key = this.registry.keyFor(options.key, channel.name);
    const limitContext = { source: `addChannel("${key}") options`, logger: this.logger };
    this.registry.add(
      new ChannelEntry({
        key,
        alias: options.alias,
        channel,
        minLevel:
          options.minLevel === undefined ? 10 : parseAlertLevel(options.minLevel, 'minLevel'),
        matchers:
          options.matchers === undefined
            ? undefined
            : new CompiledMatchers(parseMatchers(options.matchers)),
        when: checkWhen(options.when),
        lifecycle: this.lifecycle.stage,
        timeWindow: this.lifecycle.timeWindow(
          options.muteTimeIntervals,
          options.activeTimeIntervals,
        ),
        throttle: toThrottle(options.throttle, {
          source: limitContext.source,
          logger: this.logger,
          clock: this.clock,
        }),
        timeout: applyLimit(
          'timeout',
          options.timeout ?? channel.timeout ?? this.defaultTimeout,
          limitContext,
        ),
        maxRetries: applyLimit(
          'maxRetries',
          options.maxRetries ?? this.defaultMaxRetries,
          limitContext,
        ),
        latencyWindow: this.latencyWindow,
        clock: this.clock,
        noise: readNoiseOptions(options, limitContext),
        conditions: readConditions(options.conditions, limitContext),
        sendResolved: readBoolean('sendResolved', options.sendResolved ?? channel.sendResolved),
        fallback: readFallback(options.fallback),
        optional: readBoolean('optional', options.optional),
        fallbackOnly: readBoolean('fallbackOnly', options.fallbackOnly),
        autoResolveMs:
          options.autoResolve === undefined
            ? undefined
            : seconds('autoResolve', options.autoResolve, 'autoResolve', limitContext) * 1000,
        resolveTimeoutMs: this.lifecycle.resolveTimeoutMs,
        wallNow: () => this.lifecycle.wallAt(this.clock.now()),
        dispatchResolved: this.dispatchResolved,
        breaker: readBreaker(options.circuitBreaker, limitContext),
        onCircuit: this.onCircuit,
        dispatch: this.dispatch,
        hold: this.hold,
        page: this.page,
      }),
    );
    return this;
  }

  /**
   * Listen to an event: `digest` reports the outcome of each digest (see `DigestEvent`),
   * `resolved` that of each RESOLVED notice an auto-resolve sent (`ResolvedEvent`; those of
   * `resolve()` are its results). A listener that throws is reported to the logger. Returns the manager.
   */
  on<K extends keyof AlertManagerEvents>(
    event: K,
    listener: (event: AlertManagerEvents[K]) => void,
  ): this {
    this.events.on(event, listener);
    return this;
  }

  off<K extends keyof AlertManagerEvents>(
    event: K,
    listener: (event: AlertManagerEvents[K]) => void,
  ): this {
    this.events.off(event, listener);
    return this;
  }

  /** Count work in flight (a shared group's take) until the function it answers is called. */
  private readonly hold = (): (() => void) => {
    this.inFlight++;
    return this.settledSend;
  };

  /** A group let a batch go: deliver it as a send of its own, counted in flight until done. */
  private readonly dispatch = (
    entry: ChannelEntry,
    alert: Alert,
    from: number,
    digest: Digest,
  ): void => {
    this.inFlight++;
    const done = new FollowUpOutcome('digests', (result) => {
      this.spool?.digestEnded(
        digest.id,
        result?.status === 'failed' || result?.status === 'circuit_open',
      );
      if (result !== undefined) this.events.emit('digest', { channel: entry.key, digest, result });
      this.settledSend();
    });
    const sink =
      entry.fallback.length === 0 ? done : new TierSink(this.env, entry, alert, done, false);
    route(this.env, entry, alert, from, this.clock.now(), sink, -1);
  };

  /** An entry's circuit breaker changed state: warn when it opens, and tell listeners. */
  private readonly onCircuit = (
    entry: ChannelEntry,
    state: CircuitState,
    previous: CircuitState,
    reason: string,
  ): void => {
    if (state === 'open')
      this.logger.warn(
        `channel "${entry.key}": circuit open, alerts stop until a probe succeeds: ${reason}`,
      );
    this.events.emit('circuit', { channel: entry.key, state, previous, reason });
  };

  /**
   * An entry's auto-resolve ended an incident: send its RESOLVED notice, reported by event,
   * unless `claim` says another replica sends it. A claim the store could not answer sends it:
   * twice is better than never.
   */
  private readonly dispatchResolved = (
    entry: ChannelEntry,
    notice: Alert,
    claim?: Maybe<Claim>,
  ): void => {
    this.inFlight++;
    if (claim === undefined) this.sendResolvedNotice(entry, notice);
    else
      whenKnown(
        claim,
        ({ claimed }) => (claimed ? this.sendResolvedNotice(entry, notice) : this.settledSend()),
        () => this.sendResolvedNotice(entry, notice),
      );
  };

  /** Route a notice `dispatchResolved` counted in flight. */
  private sendResolvedNotice(entry: ChannelEntry, notice: Alert): void {
    const sink = new FollowUpOutcome('resolved', (result) => {
      if (result !== undefined)
        this.events.emit('resolved', { channel: entry.key, alert: notice, result });
      this.settledSend();
    });
    route(this.env, entry, notice, entry.resolvedFrom, this.clock.now(), sink, -1);
  }

  /**
   * An entry's pager window fired: one CRITICAL alert to the entry `to`, even while closing
   * (a close sends what groups hold, and that may be what fires it).
   */
  private readonly page = (
    entry: ChannelEntry,
    to: string,
    alerts: number,
    flushes: number,
    limit: number,
  ) => {
    this.submit(pagerAlert(entry.key, alerts, flushes, limit), { channel: to }, false).catch(
      (error: unknown) =>
        this.logger.warn(
          `the pager alert of "${entry.key}" was not sent: ${(error as Error).message}`,
        ),
    );
  };

  /**
   * Unregister the entry with this key; what its groups hold is sent now. The channel is
   * not closed. Returns whether one was removed.
   */
  removeChannel(key: string): boolean {
    const removed = this.registry.remove(key);
    if (removed === undefined) return false;
    removed.stop();
    removed.flushAll(this.clock.now());
    return true;
  }

  /** Sends, digests and RESOLVED notices whose deliveries (retries included) are not all done. */
  get sendsInFlight(): number {
    return this.inFlight;
  }

  /** Keys of the registered entries, in registration order. */
  get channels(): string[] {
    return this.registry.entries.map((entry) => entry.key);
  }

  /**
   * Deliver one alert or several. Results come flat, in alert order then registration
   * order, one per (alert, entry that matched). Rejects only for an invalid alert
   * (`AlertValidationError`, nothing delivered), an unknown target channel, or a closed manager.
   */
  send(alerts: AlertInput | readonly AlertInput[], options?: SendOptions): Promise<AlertResult[]> {
    return this.submit(alerts, options, true);
  }

  /** `send`; `open`: refuse when closed (the manager's own alerts are sent while closing). */
  private submit(
    alerts: AlertInput | readonly AlertInput[],
    options: SendOptions | undefined,
    open: boolean,
  ): Promise<AlertResult[]> {
    // Not `async`: one promise per send, resolved by its last outcome (see `Outcomes`).
    let outcomes: Outcomes;
    try {
      if (open) this.assertOpen();
      // One clock read serves the alerts' timestamps and the deliveries' start.
      const now = monotonicNow();
      const started = this.clock === systemClock ? now : this.clock.now();
      // Every alert is validated before any is routed: an invalid one rejects the batch.
      const rule = this.fingerprint;
      const batch = Array.isArray(alerts) ? createAlerts(alerts, now, rule) : undefined;
      const single = batch === undefined ? createAlertAt(alerts, '', now, rule) : undefined;
      const target = options?.channel;
      const entries = target === undefined ? this.registry.entries : this.registry.resolve(target);
      const from = target === undefined ? 0 : AFTER_LEVEL_FILTER;
      this.inFlight++;
      outcomes = new Outcomes(
        batch === undefined ? entries.length : batch.length * entries.length,
        this.settledSend,
      );
      if (this.spool !== undefined) {
        const keys = target === undefined ? undefined : entries.map((entry) => entry.key);
        return this.spooled(batch ?? [single as Alert], entries, from, keys, outcomes);
      }
      if (single !== undefined) this.route(single, entries, from, started, outcomes);
      else
        for (const alert of batch as Alert[]) this.route(alert, entries, from, started, outcomes);
    } catch (error) {
      return Promise.reject(error);
    }
    return outcomes.seal();
  }

  /**
   * `submit` with the spool on: the alerts are routed once the turn's journal lines are
   * written (and, with `sync: 'always'`, synced), and their outcomes mark them done.
   */
  private spooled(
    alerts: readonly Alert[],
    entries: readonly ChannelEntry[],
    from: number,
    keys: readonly string[] | undefined,
    outcomes: Outcomes,
  ): Promise<AlertResult[]> {
    const spool = this.spool as Spool;
    const tracked = alerts.map((alert) => spool.accept(alert, keys, outcomes));
    const run = () => {
      const now = this.clock.now();
      for (let i = 0; i < alerts.length; i++) {
        const own = tracked[i];
        this.route(alerts[i] as Alert, entries, from, now, own ?? outcomes);
        own?.seal();
      }
      return outcomes.seal();
    };
    return new Promise((resolve) => spool.journal.afterWrite(() => resolve(run())));
  }

  /** One alert through each entry's stages, from stage `from`. */
  private route(
    alert: Alert,
    entries: readonly ChannelEntry[],
    from: number,
    now: number,
    outcomes: OutcomeSink,
  ): void {
    this.env.totals.alerts++;
    this.lifecycle.record(alert, now);
    for (let i = 0; i < this.observers.length; i++)
      (this.observers[i] as (a: Alert) => void)(alert);
    if (from === 0 && this.monitoring?.marked(alert)) {
      this.routeMarked(alert, entries, now, outcomes);
      return;
    }
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as ChannelEntry;
      const sink =
        entry.fallback.length === 0
          ? outcomes
          : new TierSink(this.env, entry, alert, outcomes, from === 0);
      route(this.env, entry, alert, from, now, sink, -1);
    }
  }

  /** A "just monitoring" alert: to the designated entry only; filtered on the others. */
  private routeMarked(
    alert: Alert,
    entries: readonly ChannelEntry[],
    now: number,
    outcomes: OutcomeSink,
  ): void {
    const to = (this.monitoring as { channel: string }).channel;
    const targets = this.registry.find(to);
    if (targets.length === 0)
      this.logger.warn(
        `a monitoring-marked alert is sent as any other: no channel matches "${to}" (monitoring.channel)`,
      );
    for (const entry of entries) {
      if (targets.length === 0) route(this.env, entry, alert, 0, now, outcomes, -1);
      else if (targets.includes(entry))
        route(
          this.env,
          entry,
          alert,
          AFTER_LEVEL_FILTER,
          now,
          entry.fallback.length === 0
            ? outcomes
            : new TierSink(this.env, entry, alert, outcomes, false),
          -1,
        );
      else filterOut(this.env, entry);
    }
  }

  /** Called once per send, when its last outcome is in. */
  private readonly settledSend = (): void => {
    if (--this.inFlight === 0) this.idle?.();
  };

  /** A JSON-serialisable snapshot of the counters. */
  get stats(): AlertStats {
    // No prototype: a key such as `__proto__` is an entry like any other.
    const byChannel: AlertStats['byChannel'] = Object.create(null);
    let pendingAlerts = 0;
    for (const entry of this.registry.entries) {
      const pending = entry.pendingAlerts;
      pendingAlerts += pending;
      byChannel[entry.key] = entry.stats.snapshot(pending, entry.circuit);
    }
    const t = this.env.totals;
    return {
      totalAlerts: t.alerts,
      totalSent: t.sent,
      totalFailed: t.failed,
      totalThrottled: t.throttled,
      totalFiltered: t.filtered,
      totalSilenced: t.silenced,
      totalInhibited: t.inhibited,
      totalMuted: t.muted,
      totalDeduplicated: t.deduplicated,
      totalGrouped: t.grouped,
      totalCircuitOpen: t.circuitOpen,
      digests: digestStats(t, pendingAlerts),
      resolved: noticeStats(t),
      fallbacks: fallbackStats(t),
      totalRetries: t.retries,
      byChannel,
      ...(this.spool === undefined ? {} : { spool: this.spool.stats }),
    };
  }

  /**
   * Silence what matches, for a time (Alertmanager's silences): each alert an active
   * silence matches gets status `silenced` on every entry, is counted, and is not sent.
   * When it ends, the next alert of a fingerprint still firing notifies as usual.
   * @returns the silence's id, for `expire`
   * @throws TypeError for bad matchers, matchers that match every alert, or a bad window
   */
  silence(input: SilenceInput): string {
    return this.lifecycle.silences.add(input);
  }

  /** End a silence now; whether one with this id was still pending or active. */
  expire(id: string): boolean {
    return this.lifecycle.silences.expire(id);
  }

  /**
   * What is firing: each fingerprint an alert was accepted for within `resolveTimeout`
   * (default 5 minutes, Alertmanager's), with the times of its first and last alert, their
   * count, and the last alert (replaced at most once a second),
   * oldest incident first.
   */
  active(): FiringAlert[] {
    return this.lifecycle.firing.list(this.clock.now());
  }

  /**
   * End an incident (Alertmanager's resolved alert, PagerDuty's resolve event): `target` is
   * a fingerprint (or `dedupKey`), or an alert as `send` takes it, whose fingerprint the
   * manager computes. It leaves `active()` and stops inhibiting; every entry forgets it in
   * its deduplication, so the next alert of the fingerprint opens a new incident and
   * notifies at once; entries with `sendResolved` that notified it get a RESOLVED notice
   * (the incident's last alert, `alert.resolved` set), through their throttle only.
   * @returns the notices' results (sent, failed or throttled), in registration order; none
   *   when no entry sends resolved notices for it (or nothing of it fires)
   * @throws AlertValidationError for an invalid alert; TypeError for an empty fingerprint
   */
  resolve(target: string | AlertInput): Promise<AlertResult[]> {
    let outcomes: Outcomes;
    try {
      this.assertOpen();
      let alert: Alert | undefined;
      let fingerprint: string;
      if (typeof target === 'string') {
        if (target === '') throw new TypeError('`resolve` needs a fingerprint or an alert; got ""');
        fingerprint = target;
      } else {
        alert = createAlertAt(target, '', monotonicNow(), this.fingerprint);
        fingerprint = alert.fingerprint;
      }
      const now = this.clock.now();
      const firing = this.lifecycle.firing.resolve(fingerprint, now);
      const entries = this.registry.entries;
      this.inFlight++;
      outcomes = new Outcomes(entries.length, this.settledSend, 'resolved');
      for (const entry of entries) {
        const notice = entry.resolve(fingerprint, firing, alert);
        if (notice === undefined) continue;
        if (!isThenable(notice)) {
          route(this.env, entry, notice, entry.resolvedFrom, now, outcomes, -1);
          continue;
        }
        // Alerts of the incident were still on their way to the entry: after them.
        const slot = outcomes.reserve();
        notice.then((later) => {
          if (later === undefined) outcomes.fill(slot, undefined);
          else route(this.env, entry, later, entry.resolvedFrom, this.clock.now(), outcomes, slot);
        });
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return outcomes.seal();
  }

  /** The silences: active and pending (soonest end first), then those expired in the last five days. */
  silences(): Silence[] {
    return this.lifecycle.silences.list();
  }

  /**
   * A dead-man switch: the job calls `ping()` each time it runs; when no ping comes for
   * `every` + `grace` (or by a `cron` time + `grace`), one alert goes out (dedupKey
   * `heartbeat:<name>`, label `heartbeat: <name>`), counted as any alert; `fail(reason)`
   * sends it at once; the next ping resolves it (`resolve('heartbeat:<name>')`). Timers
   * run on the manager's clock, unref'd; `close()` stops them.
   * Without options: the heartbeat of that name already made (as `fromConfig` makes those
   * of `alerts.heartbeats`).
   * @throws TypeError for bad options, options unlike those of the existing heartbeat of
   * that name, or no options for a name not made yet
   */
  heartbeat(name: string, options?: HeartbeatOptions): Heartbeat {
    this.assertOpen();
    this.heartbeats ??= new Heartbeats({
      clock: this.clock,
      logger: this.logger,
      wallAt: (now) => this.lifecycle.wallAt(now),
      send: (alert) => this.send(alert),
      resolve: (fingerprint) => this.resolve(fingerprint),
    });
    return this.heartbeats.get(name, options);
  }

  /**
   * Send the dead letters again (`tocsin replay`): each to the entry it failed on, under its
   * original alert id and timestamp (so a receiver that honours the idempotency key does not
   * deliver it twice), through that entry's throttle, circuit breaker and fallback tiers but
   * not its filters or noise control, which it passed the first time. Counted as alerts
   * accepted. Letters delivered are marked replayed; the others stay, with the new reason.
   * @throws TocsinError when the manager has no dead letters
   */
  async replayDeadLetters(filter: DeadLetterFilter = {}): Promise<ReplayOutcome[]> {
    this.assertOpen();
    const letters = this.deadLetters;
    if (letters === undefined)
      throw new TocsinError(
        'This manager has no dead letters (`deadLetters`)',
        'TOCSIN_NO_DEAD_LETTERS',
      );
    const outcomes = await Promise.all(
      (await letters.list(filter)).map((letter) => this.replayOne(letter)),
    );
    const delivered = outcomes.filter((o) => o.result?.success).map((o) => o.letter.id);
    if (delivered.length > 0) await letters.markReplayed(delivered);
    return outcomes;
  }

  private replayOne(letter: DeadLetter): Promise<ReplayOutcome> {
    const entry = this.registry.entries.find((e) => e.key === letter.channel);
    if (entry === undefined)
      return Promise.resolve({ letter, error: `no channel has the key "${letter.channel}" now` });
    let alert: Alert;
    try {
      const { fingerprint: _fingerprint, ...input } = letter.alert;
      alert = createAlertAt(input, '', monotonicNow(), this.fingerprint);
    } catch (error) {
      return Promise.resolve({
        letter,
        error: `the letter's alert is invalid: ${(error as Error).message}`,
      });
    }
    this.inFlight++;
    const outcomes = new Outcomes(1, this.settledSend);
    this.env.totals.alerts++;
    const sink =
      entry.fallback.length === 0
        ? outcomes
        : new TierSink(this.env, entry, alert, outcomes, false);
    route(this.env, entry, alert, entry.resolvedFrom, this.clock.now(), sink, -1);
    return outcomes
      .seal()
      .then(([result]) =>
        result === undefined ? { letter, error: 'filtered' } : { letter, result },
      );
  }

  /**
   * Send what the spool kept from an earlier run (alerts accepted then and not done when it
   * ended: in flight, in backoff, in a group): each to the entries it had left, under its
   * original id and timestamp (so a receiver that honours the idempotency key drops a second
   * copy), counted as alerts accepted. It passes the route filter again (a send to every
   * entry) but not the dedup or conditions, which it passed before; grouped alerts go back
   * into their groups. The manager calls it on its own in the turn after it was made: call
   * it yourself when you add channels later. Alerts for entry keys not registered now stay
   * in the spool for a later call.
   */
  recoverSpool(): Promise<SpoolRecovery> {
    const spool = this.spool;
    if (spool === undefined || this.closed)
      return Promise.resolve({ alerts: 0, results: [], waiting: spool?.waitingLeftOver ?? 0 });
    return this.recoverLeftOver(spool);
  }

  private recoverLeftOver(spool: Spool): Promise<SpoolRecovery> {
    const keys = new Set(this.registry.entries.map((entry) => entry.key));
    const left = spool.takeLeftOver((key) => keys.has(key));
    const waiting = spool.waitingLeftOver;
    if (waiting > 0)
      this.logger.warn(
        `${plural(waiting, 'alert')} in the spool in ${spool.journal.dir} wait for channels not added (by key): they stay there until recoverSpool() finds them`,
      );
    if (left.length === 0) return Promise.resolve({ alerts: 0, results: [], waiting });
    this.logger.warn(
      `sending ${plural(left.length, 'alert')} again from the spool in ${spool.journal.dir}: accepted before the last run ended and not delivered then`,
    );
    const now = this.clock.now();
    return Promise.all(left.map((one) => this.recoverOne(spool, one, now))).then((results) => ({
      alerts: left.length,
      results: results.flat(),
      waiting,
    }));
  }

  private recoverOne(spool: Spool, left: LeftOverAlert, now: number): Promise<AlertResult[]> {
    const { record } = left;
    let alert: Alert;
    try {
      alert = createAlertAt(left.input, '', monotonicNow(), this.fingerprint);
    } catch (error) {
      this.logger.warn(
        `a spooled alert is invalid now and is dropped: ${redact((error as Error).message)}`,
      );
      spool.discard(record);
      return Promise.resolve([]);
    }
    const filtered = record.r === undefined;
    let entries = this.registry.entries;
    if (record.to !== undefined) {
      const to = new Set(record.to);
      entries = entries.filter((entry) => to.has(entry.key));
    } else if (this.monitoring?.marked(alert)) {
      const targets = this.registry.find(this.monitoring.channel);
      if (targets.length > 0) entries = targets;
    }
    const ended = record.x;
    if (ended !== undefined) entries = entries.filter((entry) => !ended.includes(entry.key));
    this.inFlight++;
    const outcomes = new Outcomes(entries.length, this.settledSend);
    const tracked: Tracked = spool.resume(record, outcomes);
    this.env.totals.alerts++;
    this.lifecycle.record(alert, now);
    for (const entry of entries) {
      if (filtered && !entry.takes(alert)) {
        filterOut(this.env, entry);
        continue;
      }
      const sink =
        entry.fallback.length === 0
          ? tracked
          : new TierSink(this.env, entry, alert, tracked, filtered);
      route(this.env, entry, entry.recovering(alert), entry.recoverFrom, now, sink, -1);
    }
    tracked.seal();
    return outcomes.seal();
  }

  /**
   * Send a report on a schedule: see `scheduleReport` (the same). Runs on the manager's
   * clock, unref'd; `close()` stops it, and the manager's `close()` stops every report.
   * @throws TypeError for bad options
   */
  scheduleReport(options: ReportOptions): ScheduledReport {
    this.assertOpen();
    const report = new ScheduledReport(
      readReportSpec(options),
      {
        clock: this.clock,
        logger: this.logger,
        wallAt: (now) => this.lifecycle.wallAt(now),
        stats: () => this.stats,
        send: (alert, channel) => this.send(alert, { channel }),
        observe: (listener) => {
          this.observers.push(listener);
          return () => {
            const at = this.observers.indexOf(listener);
            if (at !== -1) this.observers.splice(at, 1);
          };
        },
      },
      (stopped) => this.reports.delete(stopped),
    );
    this.reports.add(report);
    return report;
  }

  resetStats(): void {
    this.env.totals.reset();
    for (const entry of this.registry.entries) entry.stats.reset();
  }

  /**
   * Refuse new sends, send every batch that groups and burst buffers hold, wait for every
   * delivery in flight (retries included, or until `timeout` seconds have passed: see
   * `CloseOptions`), then close each channel once. Calling it again returns the same promise.
   */
  close(options: CloseOptions = {}): Promise<void> {
    const { timeout } = options;
    if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0)))
      throw new RangeError(`\`timeout\` must be a number of seconds >= 0; got ${String(timeout)}`);
    this.closing ??= this.shutdown(timeout);
    return this.closing;
  }

  /**
   * Close gracefully when the process is told to stop (Kubernetes' SIGTERM, Ctrl-C): on the
   * first of `signals`, refuse new sends, send what groups and burst buffers hold, wait for
   * deliveries in flight up to `timeout` seconds, write the dead letters, close the
   * channels, then end the process by the same signal, as Node would have without a
   * handler. A second signal ends it at once. When the app listens to the signal too, the
   * manager closes but leaves ending the process to the app.
   * @returns a function that removes the handlers
   */
  closeOnSignals(options: CloseOnSignalsOptions = {}): () => void {
    const timeout = applyLimit('timeout', options.timeout ?? 10, {
      source: 'closeOnSignals options',
      logger: this.logger,
    });
    const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
    let caught: NodeJS.Signals | undefined;
    const remove = () => {
      for (const signal of signals) process.off(signal, onSignal);
    };
    const end = (signal: NodeJS.Signals) => {
      remove();
      // Others listen too: they decide when the process ends.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (caught !== undefined) {
        this.logger.warn(`${signal} again: ending now, without waiting for the close`);
        end(signal);
        return;
      }
      caught = signal;
      const pending = this.registry.entries.reduce((n, entry) => n + entry.pendingAlerts, 0);
      this.logger.warn(
        `${signal}: closing the alert manager (up to ${timeout} s; ${plural(pending, 'alert')} held in groups, ${plural(this.inFlight, 'send')} in flight)`,
      );
      // Past the timeout (an attempt still running its own timeout), end anyway.
      const deadline = setTimeout(() => end(signal), timeout * 1000 + 1000);
      deadline.unref();
      this.close({ timeout })
        .catch((error: unknown) => this.logger.warn(`closing failed: ${redact(String(error))}`))
        .finally(() => {
          clearTimeout(deadline);
          end(signal);
        });
    };
    for (const signal of signals) process.on(signal, onSignal);
    return remove;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  private async shutdown(timeout: number | undefined): Promise<void> {
    this.heartbeats?.stopAll();
    for (const report of [...this.reports]) report.close();
    // An earlier run's alerts not sent yet go with the rest (into their groups, then out).
    if (this.spool !== undefined) void this.recoverLeftOver(this.spool);
    const now = this.clock.now();
    for (const entry of this.registry.entries) {
      entry.stop();
      entry.flushAll(now);
    }
    if (this.inFlight > 0) {
      const idle = new Promise<void>((resolve) => {
        this.idle = resolve;
      });
      if (timeout !== undefined) {
        const timer = setClockTimer(this.clock, () => this.closeTimeout.abort(), timeout * 1000);
        await idle;
        timer.clear();
      } else await idle;
    }
    await this.deadLetters
      ?.flush()
      .catch((error: unknown) =>
        this.logger.warn(`writing dead letters failed: ${redact(String(error))}`),
      );
    try {
      this.spool?.close();
    } catch (error) {
      this.logger.warn(`closing the spool failed: ${redact(String(error))}`);
    }
    const channels = new Set(this.registry.entries.map((entry) => entry.channel));
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

  private assertOpen(): void {
    if (this.closing !== undefined) {
      throw new TocsinError(
        'AlertManager is closed: it accepts no more alerts or channels',
        'TOCSIN_CLOSED',
      );
    }
  }
}

function readBreaker(
  option: AddChannelOptions['circuitBreaker'],
  context: LimitContext,
): BreakerSettings | undefined {
  if (option === undefined || option === false) return undefined;
  if (option !== true && (typeof option !== 'object' || option === null || Array.isArray(option)))
    throw new TypeError(
      `\`circuitBreaker\` must be true, false or { failureThreshold, recoveryTimeout, successThreshold }; got ${option === null ? 'null' : typeof option}`,
    );
  const d = DEFAULTS.circuitBreaker;
  const { failureThreshold, recoveryTimeout, successThreshold } = option === true ? {} : option;
  return {
    failureThreshold: applyLimit(
      'breakerFailures',
      failureThreshold ?? d.failureThreshold,
      context,
    ),
    recoveryMs:
      seconds(
        'breakerRecovery',
        recoveryTimeout ?? d.recoveryTimeout,
        'circuitBreaker.recoveryTimeout',
        context,
      ) * 1000,
    successThreshold: applyLimit(
      'breakerSuccesses',
      successThreshold ?? d.successThreshold,
      context,
    ),
  };
}

function readBoolean(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new TypeError(`\`${name}\` must be true or false; got ${typeof value}`);
  return value;
}

function readFallback(value: AddChannelOptions['fallback']): readonly string[] {
  if (value === undefined) return [];
  const names = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name === ''))
    throw new TypeError(
      '`fallback` must be an entry key (or alias or name), or a list of them, each a non-empty string',
    );
  return [...names];
}

function checkWhen(when: AddChannelOptions['when']): AddChannelOptions['when'] {
  if (when !== undefined && typeof when !== 'function')
    throw new TypeError(`\`when\` must be a function (alert) => boolean; got ${typeof when}`);
  return when;
}

function readDeadLetters(
  option: AlertManagerOptions['deadLetters'],
  logger: Logger,
): DeadLetterStore | undefined {
  if (option === undefined) return undefined;
  if (typeof option !== 'object' || option === null)
    throw new TypeError(
      `\`deadLetters\` must be a DeadLetterStore or { dir, maxFileBytes, maxFiles }; got ${option === null ? 'null' : typeof option}`,
    );
  if (typeof (option as DeadLetterStore).write === 'function') return option as DeadLetterStore;
  return new FileDeadLetters({ ...(option as { dir: string }), logger });
}

/** What `recoverSpool` did. */
export interface SpoolRecovery {
  /** Alerts of the earlier run sent again now. */
  readonly alerts: number;
  /** Their results, as `send` gives them. */
  readonly results: AlertResult[];
  /** Alerts still in the spool: their entries are not registered. */
  readonly waiting: number;
}
