import type { Alert } from './alert.js';
import type { AlertLevelInput } from './alert-level.js';
import type { AlertThrottle, AlertThrottleOptions } from './alert-throttle.js';
import type { Clock } from './clock.js';
import type { FingerprintRule } from './fingerprint.js';
import type { InhibitRule } from './lifecycle/inhibition.js';
import type { LifecycleStore } from './lifecycle/lifecycle-store.js';
import type { SilenceInput } from './lifecycle/silences.js';
import type { TimeIntervals } from './lifecycle/time-intervals.js';
import type { Logger } from './logger.js';
import type { FileDeadLettersOptions } from './reliability/dead-letter-file.js';
import type { DeadLetterStore } from './reliability/dead-letters.js';
import type { SpoolOptions } from './reliability/spool.js';
import type { RetryPolicyOptions } from './retry-policy.js';
import type { LabelMatcherInput } from './routing/label-matchers.js';
import type { AlertConditionsOptions } from './stages/conditions-options.js';
import type { NoiseStore } from './stages/noise-store.js';
import type { Throttle } from './stages/throttle-stage.js';

/** Seconds as a number, or a string such as `'30s'`, `'5m'`, `'4h'`, `'1h30m'`. */
export type Duration = number | string;

/**
 * failnozzle's pager window: when more than `limit` alerts went out in the entry's last
 * `flushes` digests, one extra alert (CRITICAL) goes to the entry keyed `channel`. It
 * fires once, and again only after the rate has dropped to the limit or below.
 */
export interface PagerWindowOptions {
  /** Alerts in the window that fire it (more than this). 1..1,000,000. */
  limit: number;
  /** Digests the window spans. 1..100. @default 3 */
  flushes?: number;
  /** The key (or alias or name) of the entry that gets the page. */
  channel: string;
}

/**
 * Grouping into digests (Alertmanager's `group_by`, `group_wait`, `group_interval`): alerts
 * of one group are held and go out as one message. A batch of one goes as the alert itself.
 */
export interface GroupOptions {
  /** Labels whose values make a group. @default [] (one group for the entry) */
  by?: readonly string[];
  /** From a batch's first alert to its digest. 0 s..1 day. @default 30 s */
  wait?: Duration;
  /** Between digests of one group. 1 s..1 day. @default 5 min */
  interval?: Duration;
  /** The longest a batch waits, from its first alert, whatever `interval` says. 1 s..1 day. @default none */
  maxWait?: Duration;
  /** A batch this big goes at once. 1..10,000. @default 10,000 */
  maxAlerts?: number;
  /** The label counted per value on each digest line (failnozzle's per-host counts). @default 'host' */
  countBy?: string;
  /** Alerts at or above this level skip grouping and go at once. @default none */
  bypassLevel?: AlertLevelInput;
  /** An extra alert to another entry when digests carry too many alerts. @default none */
  pager?: PagerWindowOptions;
}

/**
 * AlpineBits' threshold, buffer and cooldown: alerts accumulate; at `threshold` they go at
 * once as one message; else the buffer goes `buffer` after its first alert; after any send
 * the entry waits `cooldown`, keeping what arrives meanwhile for the next.
 */
export interface BurstOptions {
  /** Alerts that make the buffer go at once. 1..10,000. @default 5 */
  threshold?: number;
  /** The longest an alert waits in the buffer. 1 s..1 day. @default 15 min */
  buffer?: Duration;
  /** Quiet time after each send. 0 s..1 day. @default 15 min */
  cooldown?: Duration;
  /** As in `GroupOptions`. @default 'host' */
  countBy?: string;
  /** Alerts at or above this level skip the buffer and go at once. @default none */
  bypassLevel?: AlertLevelInput;
  /** As in `GroupOptions`. @default none */
  pager?: PagerWindowOptions;
}

/**
 * failnozzle's "just monitoring" markers: an alert raised on purpose to check the whole
 * pipeline end to end goes only to the entry keyed `channel` (skipping its level filter)
 * and is `filtered` on every other, so it never pages anyone nor joins their digests.
 */
export interface MonitoringOptions {
  /** Labels that mark an alert (all must match): `{ check: 'e2e' }`. */
  labels?: Readonly<Record<string, string>>;
  /** Texts that mark an alert when its title or body contains one of them. */
  texts?: readonly string[];
  /** The key (or alias or name) of the entry that receives marked alerts. */
  channel: string;
}

/**
 * A heartbeat (a dead-man switch, `manager.heartbeat(name, options)`): the job pings it,
 * and when no ping comes in time the manager sends an alert. Give `every` or `cron`.
 */
export interface HeartbeatOptions {
  /** A ping is due this long after the last one (or after the heartbeat is made): `'5m'`, or seconds. */
  every?: Duration;
  /**
   * A ping is due at each time of this schedule (Healthchecks.io's model): five fields
   * (`'0 2 * * *'`: at 02:00 every day), six with seconds first, or `@daily`, `@hourly`...
   */
  cron?: string;
  /** The IANA time zone `cron` is read in (`'Europe/Berlin'`). Only with `cron`. @default 'UTC' */
  timezone?: string;
  /** How late a ping may be before the alert. @default 60 s */
  grace?: Duration;
  /** The alert's level. @default ERROR */
  level?: AlertLevelInput;
  /** The alert's labels, besides `heartbeat: <name>` (which they cannot replace). */
  labels?: Readonly<Record<string, string>>;
  /** The alert's title. @default `Heartbeat "<name>" missed` */
  title?: string;
}

/** A circuit breaker's settings (the reference design's defaults). */
export interface CircuitBreakerOptions {
  /** Channel failures in a row that open the circuit. 1..1000. @default 5 */
  failureThreshold?: number;
  /** How long it stays open before a probe. 1 s..1 day. @default 60 s */
  recoveryTimeout?: Duration;
  /** Probes delivered in a row that close it. 1..100. @default 2 */
  successThreshold?: number;
}

export interface AddChannelOptions {
  /** Lowest level this channel receives (number or name). @default INFO */
  minLevel?: AlertLevelInput;
  /** Names of the manager's `timeIntervals` during which this channel gets nothing (status `muted`). */
  muteTimeIntervals?: readonly string[];
  /** Names of the manager's `timeIntervals` outside which this channel gets nothing (status `muted`). */
  activeTimeIntervals?: readonly string[];
  /**
   * Label matchers, as Alertmanager writes them, that an alert must meet as well as
   * `minLevel`: `['service=~"api|web"', 'env!="dev"']`, or one string `'{service="api"}'`.
   * `level` and `alertname` (the title) can be matched too. @default none: every alert
   */
  matchers?: string | readonly LabelMatcherInput[];
  /**
   * A predicate the alert must meet besides `minLevel` and `matchers` (status `filtered`
   * when it returns false), called once per alert on this entry; keep it cheap and pure.
   * The config's routes tree uses it for each route's path. @default none: every alert
   */
  when?: (alert: Alert) => boolean;
  /**
   * A bucket for this entry: an `AlertThrottle` (may be shared between entries), its
   * options, any `Throttle` (a shared store), or `false` for none. @default none
   */
  throttle?: AlertThrottle | AlertThrottleOptions | Throttle | false;
  /** Unique key for routing and stats. @default the channel's name, suffixed `-2`, `-3`... when taken */
  key?: string;
  /** Another name `send(alert, { channel })` matches. */
  alias?: string;
  /** Seconds one attempt may take. 1..120. @default the channel's own `timeout`, else 30 */
  timeout?: number;
  /** Retries after a retryable failure. 0..5. @default 2 */
  maxRetries?: number;
  /** This entry's own fingerprint rule (see `AlertManagerOptions.fingerprint`). @default the manager's */
  fingerprint?: FingerprintRule;
  /**
   * Deduplication: an alert whose fingerprint reached this entry within this time is not
   * sent again (status `deduplicated`); the next notification says how many were held.
   * `'never'`: once per fingerprint for the manager's life. `'until-resolved'`: once per
   * incident, until `manager.resolve()`, the entry's `autoResolve`, or the manager's
   * `resolveTimeout` without an alert of it ends it. A resolve ends the incident whatever the
   * setting: the next alert of its fingerprint notifies at once. 1 s..30 days. @default none
   */
  repeatInterval?: Duration | 'never' | 'until-resolved';
  /**
   * Send a RESOLVED notice (`alert.resolved` set; each channel shows it as a recovery) when
   * an incident this entry notified ends: by `manager.resolve()`, or by `autoResolve`.
   * Notices skip the noise control but not the throttle; the stats count them in
   * `resolved`. @default the channel's own `sendResolved` (true for PagerDuty), else false
   */
  sendResolved?: boolean;
  /**
   * End an incident this entry notified after this long without an alert of its fingerprint
   * (Alertmanager's resolve_timeout, per entry): with `sendResolved`, a RESOLVED notice goes
   * out, and the next alert notifies again. 1 s..30 days. @default none: only `resolve()`
   */
  autoResolve?: Duration;
  /**
   * A circuit breaker (closed, open, half-open): after `failureThreshold` deliveries in a
   * row failed through the channel's fault (unreachable, timeouts, 5xx, 429, refused
   * credentials; not a message it refused), alerts stop at once as `circuit_open` for
   * `recoveryTimeout`; then probes go one at a time, and `successThreshold` delivered in a
   * row close it. `true`: the defaults 5, 60 s, 2. @default none
   */
  circuitBreaker?: boolean | CircuitBreakerOptions;
  /**
   * Fallback tiers (Apprise's priority tiers, notifme's fallback strategy): entries, by key
   * (or alias or name), to try in turn when this entry's delivery fails for good or its
   * circuit is open. Each tier gets the alert through its throttle and circuit breaker only
   * (not its filters or noise control) and counts it in its stats' `fallback`; the first that
   * delivers it makes the result `sent`, with `tier` and `deliveredBy`. A tier whose channel
   * already took the alert itself is skipped. Tiers do not fall back further. @default none
   */
  fallback?: string | readonly string[];
  /**
   * An entry whose failures alone do not make a send fail: its results carry
   * `optional: true`, and `sendFailures` (and `tocsin send`'s exit code) leaves them out.
   * @default false
   */
  optional?: boolean;
  /**
   * The entry takes alerts only as another entry's fallback tier, or sent to it by name:
   * every other alert is `filtered` on it. @default false
   */
  fallbackOnly?: boolean;
  /**
   * Sentry's alert conditions: notify only for a new fingerprint, a regression, or a
   * frequent one (see `AlertConditionsOptions`); other alerts stop as `deduplicated`. The
   * alert that goes out says which, in its `condition` label and first body line. @default none
   */
  conditions?: AlertConditionsOptions;
  /** Grouping into digests. Not with `burst`. @default none */
  group?: GroupOptions;
  /** The threshold, buffer and cooldown policy. Not with `group`. @default none */
  burst?: BurstOptions;
  /**
   * Where this entry's deduplication (`repeatInterval`) and groups (`group`, `burst`) keep
   * what replicas share: with one store (a `RedisNoiseStore` of `@tocsin/redis`, or a
   * `MemoryNoiseStore` shared by managers in one process), entries of the same key send one
   * notification per fingerprint and one digest per group between them. Alerts held by a
   * shared window end `grouped` without a `digestId` (the digest may go from another
   * replica). @default none: the entry's own state, in this process
   */
  noiseStore?: NoiseStore;
}

export interface AlertManagerOptions {
  /** Receives clamp warnings and channel close failures. @default process.emitWarning */
  logger?: Logger;
  /** Silences to start with (the config's `alerts.silences`); more with `manager.silence()`. */
  silences?: readonly SilenceInput[];
  /**
   * Where silences and what is firing are kept (`{ silences, incidents }`): each part not
   * given is kept in memory, in this process. @default in memory
   */
  store?: Partial<LifecycleStore>;
  /**
   * Alertmanager's inhibit rules: while an alert matching `sourceMatchers` fires, alerts
   * matching `targetMatchers` with equal values of the `equal` labels get status `inhibited`.
   */
  inhibitRules?: readonly InhibitRule[];
  /**
   * How long after its last alert a fingerprint counts as firing (`manager.active()`, the
   * sources of inhibit rules): Alertmanager's resolve_timeout. 1 s..30 days. @default 5 minutes
   */
  resolveTimeout?: Duration;
  /**
   * Named recurring windows (Alertmanager's `time_intervals`) that entries refer to in
   * `muteTimeIntervals` and `activeTimeIntervals`: `{ nights: [{ times: [{ startTime: '22:00',
   * endTime: '24:00' }], location: 'Europe/Berlin' }] }`.
   */
  timeIntervals?: TimeIntervals;
  /** Backoff and Retry-After handling. */
  retry?: RetryPolicyOptions;
  /** Defaults for every `addChannel` (the config's scalar `channels` keys). */
  defaults?: { timeout?: number; maxRetries?: number };
  /** Latency samples kept per channel for p50/p95. @default 1000 */
  latencyWindow?: number;
  /**
   * Which labels make alerts "the same" for deduplication and grouping, besides level and
   * title: label names (`['service']`), or a function returning the fingerprint. A
   * `dedupKey` on the alert always wins. @default every label
   */
  fingerprint?: FingerprintRule;
  /** "Just monitoring" markers and where marked alerts go. @default none */
  monitoring?: MonitoringOptions;
  /**
   * Where alerts go that end undelivered on an entry (failed after their retries and every
   * fallback tier, or stopped by an open circuit): a `DeadLetterStore`, or the folder of the
   * JSON Lines files (`{ dir, maxFileBytes, maxFiles }`, rotated and bounded). Letters hold
   * the alert and the redacted reason, never a channel's settings. `replayDeadLetters()` and
   * `tocsin replay` send them again. @default none
   */
  deadLetters?: DeadLetterStore | Omit<FileDeadLettersOptions, 'logger'>;
  /**
   * The durable spool: each accepted alert is journaled in `dir` before its delivery and
   * marked done once it has its final status on every entry (a grouped one once its digest
   * has). After a crash or kill, the next manager on the folder sends what was in flight,
   * in backoff or in a group, under the original alert ids (at least once: a receiver that
   * honours the idempotency key drops the second copy). `sync` chooses what a power loss may
   * take. See docs/reliability.md. @default none
   */
  spool?: SpoolOptions;
  /** Monotonic clock and timers for durations, deadlines and backoff; inject a fake one in tests. */
  clock?: Clock;
}

export interface CloseOptions {
  /**
   * Seconds to wait for deliveries in flight. When they pass, retries still waiting for
   * their backoff (or a Retry-After of up to a minute) end as failed, with the reason; an
   * attempt in flight still ends at its own timeout. @default no bound
   */
  timeout?: number;
}

export interface CloseOnSignalsOptions {
  /**
   * Seconds the close may take: to send what groups hold and finish deliveries in flight
   * (retries still waiting then fail, see `CloseOptions.timeout`). The process ends when it
   * passes, whatever is left. 1..120. @default 10
   */
  timeout?: number;
  /** @default ['SIGTERM', 'SIGINT'] */
  signals?: readonly NodeJS.Signals[];
}

export interface SendOptions {
  /** Deliver only to this channel: matched by key, then alias, then name. Skips the level filter. */
  channel?: string;
}
