import type { AlertStatus } from './alert-result.js';
import type { SpoolStats } from './reliability/spool.js';
import type { CircuitState } from './stages/breaker-stage.js';

/** Counters and latency for one channel entry, keyed in `AlertStats.byChannel` by its key. */
export interface ChannelStats {
  /** The channel's name (`'email'`); the key is the map key. */
  name: string;
  sent: number;
  failed: number;
  throttled: number;
  filtered: number;
  /** Stopped by an active silence. */
  silenced: number;
  /** Stopped by an inhibit rule: a firing alert covers them. */
  inhibited: number;
  /** Stopped by the entry's mute or active time intervals. */
  muted: number;
  /** Stopped by the repeat interval: their fingerprint had been notified. */
  deduplicated: number;
  /** Taken into a digest (each alert once; the digest's own outcome is in `digests`). */
  grouped: number;
  /** Stopped by the entry's open circuit breaker: no request made. */
  circuitOpen: number;
  /** The circuit breaker's state; `null` for an entry without one. */
  circuit: CircuitState | null;
  digests: DigestStats;
  /** RESOLVED notices (`sendResolved`). */
  resolved: NoticeStats;
  /** Deliveries this entry made as another entry's fallback tier (`fallback`): not its own alerts. */
  fallback: NoticeStats;
  /** Extra attempts made after a retryable failure (alerts, digests and notices). */
  retries: number;
  /** The last failure, redacted; null when none yet. */
  lastError: string | null;
  /** ISO time of the last failure. */
  lastErrorAt: string | null;
  /** Delivery latency in milliseconds over the last `samples` deliveries (sent or failed). */
  latency: { p50: number | null; p95: number | null; samples: number };
}

/** What became of the digests of grouped alerts. */
export interface DigestStats {
  sent: number;
  failed: number;
  throttled: number;
  /** Stopped by an open circuit breaker. */
  circuitOpen: number;
  /** Alerts now held in batches, waiting for their digest. */
  pendingAlerts: number;
}

/**
 * What became of messages counted apart from the alerts `send` accepted: the RESOLVED
 * notices of an entry with `sendResolved`, or the deliveries an entry made as a fallback tier.
 */
export interface NoticeStats {
  sent: number;
  failed: number;
  throttled: number;
  circuitOpen: number;
}

/**
 * A JSON-serialisable snapshot of what an `AlertManager` has done since it was made or
 * reset. Every alert accepted on an entry is counted once, in exactly one of sent, failed,
 * throttled, filtered, silenced, inhibited, muted, deduplicated, grouped and circuitOpen.
 */
export interface AlertStats {
  /** Alerts accepted by `send` (each counted once, however many channels it matched). */
  totalAlerts: number;
  totalSent: number;
  totalFailed: number;
  totalThrottled: number;
  totalFiltered: number;
  totalSilenced: number;
  totalInhibited: number;
  totalMuted: number;
  totalDeduplicated: number;
  totalGrouped: number;
  totalCircuitOpen: number;
  /** Digests of grouped alerts, across entries. */
  digests: DigestStats;
  /** RESOLVED notices, across entries. */
  resolved: NoticeStats;
  /**
   * Deliveries made by fallback tiers, across entries. The alert's own status (on the entry
   * that fell back) is counted once among the totals: `sent` when a tier delivered it.
   */
  fallbacks: NoticeStats;
  totalRetries: number;
  byChannel: Record<string, ChannelStats>;
  /** The durable spool's counters, when the manager has one (`spool`). */
  spool?: SpoolStats;
}

/** The outcome of one alert on one entry, as the stats count it. */
export interface Outcome {
  readonly status: AlertStatus;
  /** Attempts made (0 when a stage stopped it): every one after the first is a retry. */
  readonly attempts: number;
  readonly durationMs: number;
  /** Why it failed, redacted. */
  readonly error?: string | undefined;
}

/** Counters of one entry or of the whole manager: what `recordOutcome` counts into. */
export class Counters {
  sent = 0;
  failed = 0;
  throttled = 0;
  filtered = 0;
  silenced = 0;
  inhibited = 0;
  muted = 0;
  deduplicated = 0;
  grouped = 0;
  circuitOpen = 0;
  digestsSent = 0;
  digestsFailed = 0;
  digestsThrottled = 0;
  digestsCircuitOpen = 0;
  resolvedSent = 0;
  resolvedFailed = 0;
  resolvedThrottled = 0;
  resolvedCircuitOpen = 0;
  fallbackSent = 0;
  fallbackFailed = 0;
  fallbackThrottled = 0;
  fallbackCircuitOpen = 0;
  retries = 0;

  protected zero(): void {
    this.sent = this.failed = this.throttled = this.filtered = this.retries = 0;
    this.silenced = this.inhibited = this.muted = this.deduplicated = this.grouped = 0;
    this.circuitOpen = 0;
    this.digestsSent = this.digestsFailed = this.digestsThrottled = this.digestsCircuitOpen = 0;
    this.resolvedSent = this.resolvedFailed = this.resolvedThrottled = 0;
    this.resolvedCircuitOpen = 0;
    this.fallbackSent = this.fallbackFailed = this.fallbackThrottled = this.fallbackCircuitOpen = 0;
  }
}

/** The manager's totals, across entries. */
export class Totals extends Counters {
  alerts = 0;

  /** Zero in place: deliveries in flight keep counting into the same object. */
  reset(): void {
    this.zero();
    this.alerts = 0;
  }
}

/**
 * Count an outcome in its entry's stats and in the manager's totals: the one place stats
 * are recorded, so they add up to what `send` accepted.
 */
export function recordOutcome(stats: ChannelStatsRecorder, totals: Totals, outcome: Outcome): void {
  // Delivered or failed: it took attempts and time.
  if (countStatus(stats, totals, outcome.status, outcome.error))
    recordEffort(stats, totals, outcome);
}

/**
 * Count one status in an entry's stats and the totals. Returns whether the status is a
 * delivery's (sent or failed), whose attempts and time are counted too.
 */
function countStatus(
  stats: ChannelStatsRecorder,
  totals: Totals,
  status: AlertStatus,
  error: string | undefined,
): boolean {
  switch (status) {
    case 'filtered':
    case 'silenced':
    case 'inhibited':
    case 'muted':
    case 'deduplicated':
    case 'grouped':
    case 'throttled':
      // A stage stopped it: no attempt, no time.
      stats[status]++;
      totals[status]++;
      return false;
    case 'circuit_open':
      stats.circuitOpen++;
      totals.circuitOpen++;
      return false;
    case 'sent':
      stats.sent++;
      totals.sent++;
      return true;
    case 'failed':
      stats.fail(error ?? 'failed');
      totals.failed++;
      return true;
  }
}

/**
 * An alert went to fallback tiers after its own delivery on the entry failed (or its
 * circuit was open): count the effort of that delivery now (retries, latency, last error)
 * and, with `final`, the alert's one status once the tiers have spoken.
 */
export function recordFellBack(
  stats: ChannelStatsRecorder,
  totals: Totals,
  own: Outcome,
  final: AlertStatus,
  counted: 'alerts' | 'digests',
): void {
  if (own.status === 'failed') {
    stats.noteFailure(own.error ?? 'failed');
    recordEffort(stats, totals, own);
  }
  if (counted === 'digests') countFollowUp(stats, totals, final, 'digests');
  else if (final === 'failed') {
    // The failure was noted with the effort above.
    stats.failed++;
    totals.failed++;
  } else countStatus(stats, totals, final, own.error);
}

const FOLLOW_UP_COUNTERS = {
  digests: ['digestsSent', 'digestsFailed', 'digestsThrottled', 'digestsCircuitOpen'],
  resolved: ['resolvedSent', 'resolvedFailed', 'resolvedThrottled', 'resolvedCircuitOpen'],
  fallback: ['fallbackSent', 'fallbackFailed', 'fallbackThrottled', 'fallbackCircuitOpen'],
} as const;

/**
 * Count the outcome of a message sent outside `send`'s count: a digest (or a batch of one
 * sent as itself), whose alerts were counted as grouped when they were taken, a RESOLVED
 * notice, or a fallback tier's delivery of another entry's alert.
 */
export function recordFollowUpOutcome(
  stats: ChannelStatsRecorder,
  totals: Totals,
  outcome: Outcome,
  counted: FollowUp,
): void {
  if (countFollowUp(stats, totals, outcome.status, counted)) {
    if (outcome.status === 'failed') stats.noteFailure(outcome.error ?? 'failed');
    recordEffort(stats, totals, outcome);
  }
}

/** What is counted apart from the alerts `send` accepted. */
export type FollowUp = keyof typeof FOLLOW_UP_COUNTERS;

/** `countStatus` for a follow-up: its own counters. Returns whether it was a delivery. */
function countFollowUp(
  stats: ChannelStatsRecorder,
  totals: Totals,
  status: AlertStatus,
  counted: FollowUp,
): boolean {
  const [sent, failed, throttled, circuitOpen] = FOLLOW_UP_COUNTERS[counted];
  switch (status) {
    case 'sent':
      stats[sent]++;
      totals[sent]++;
      return true;
    case 'failed':
      stats[failed]++;
      totals[failed]++;
      return true;
    case 'circuit_open':
      stats[circuitOpen]++;
      totals[circuitOpen]++;
      return false;
    default:
      // A later stage stopped it (throttled).
      stats[throttled]++;
      totals[throttled]++;
      return false;
  }
}

/** The retries and latency of a delivery that was attempted (sent or failed). */
function recordEffort(stats: ChannelStatsRecorder, totals: Totals, outcome: Outcome): void {
  if (outcome.attempts > 1) {
    stats.retries += outcome.attempts - 1;
    totals.retries += outcome.attempts - 1;
  }
  stats.latency(outcome.durationMs);
}

/** Mutable counters behind one entry's `ChannelStats`, with a bounded latency window. */
export class ChannelStatsRecorder extends Counters {
  lastError: string | null = null;
  lastErrorAt: string | null = null;
  private readonly window: Float64Array;
  private count = 0;
  private next = 0;

  constructor(
    readonly name: string,
    windowSize: number,
  ) {
    super();
    this.window = new Float64Array(windowSize);
  }

  latency(ms: number): void {
    this.window[this.next] = ms;
    // Once per delivery: a comparison rather than `%` (an integer division).
    if (++this.next === this.window.length) this.next = 0;
    if (this.count < this.window.length) this.count++;
  }

  fail(message: string): void {
    this.failed++;
    this.noteFailure(message);
  }

  noteFailure(message: string): void {
    this.lastError = message;
    this.lastErrorAt = new Date().toISOString();
  }

  reset(): void {
    this.zero();
    this.lastError = this.lastErrorAt = null;
    this.count = this.next = 0;
  }

  /** `pendingAlerts`: alerts the entry's batches hold now; `circuit`: its breaker's state. */
  snapshot(pendingAlerts: number, circuit: CircuitState | null): ChannelStats {
    const samples = this.window.slice(0, this.count).sort();
    return {
      name: this.name,
      sent: this.sent,
      failed: this.failed,
      throttled: this.throttled,
      filtered: this.filtered,
      silenced: this.silenced,
      inhibited: this.inhibited,
      muted: this.muted,
      deduplicated: this.deduplicated,
      grouped: this.grouped,
      circuitOpen: this.circuitOpen,
      circuit,
      digests: digestStats(this, pendingAlerts),
      resolved: noticeStats(this),
      fallback: fallbackStats(this),
      retries: this.retries,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      latency: {
        p50: percentile(samples, 0.5),
        p95: percentile(samples, 0.95),
        samples: this.count,
      },
    };
  }
}

/** Nearest-rank percentile of sorted samples, rounded to 0.01 ms. */
function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return Math.round(value * 100) / 100;
}

/** The digest counters of an entry or of the totals. */
export function digestStats(counters: Counters, pendingAlerts: number): DigestStats {
  return {
    sent: counters.digestsSent,
    failed: counters.digestsFailed,
    throttled: counters.digestsThrottled,
    circuitOpen: counters.digestsCircuitOpen,
    pendingAlerts,
  };
}

/** The RESOLVED notice counters of an entry or of the totals. */
export function noticeStats(counters: Counters): NoticeStats {
  return {
    sent: counters.resolvedSent,
    failed: counters.resolvedFailed,
    throttled: counters.resolvedThrottled,
    circuitOpen: counters.resolvedCircuitOpen,
  };
}

/** The fallback-tier counters of an entry or of the totals. */
export function fallbackStats(counters: Counters): NoticeStats {
  return {
    sent: counters.fallbackSent,
    failed: counters.fallbackFailed,
    throttled: counters.fallbackThrottled,
    circuitOpen: counters.fallbackCircuitOpen,
  };
}
