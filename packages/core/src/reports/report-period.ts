import type { Alert } from '../alert.js';
import type { AlertLevelName } from '../alert-level.js';
import type { AlertStats } from '../alert-stats.js';
import { REPORT_LIMITS } from '../limits.js';

/** One fingerprint's alerts in a period. */
export interface FingerprintCount {
  readonly fingerprint: string;
  count: number;
  /** The title and level of its last alert. */
  title: string;
  levelName: AlertLevelName;
  /** Epoch ms of its last alert. */
  lastSeen: number;
}

/** The manager's totals by status: what `AlertStats` counts per (alert, channel). */
export type StatusCounts = Record<StatusName, number>;

export const STATUS_NAMES = [
  'sent',
  'failed',
  'throttled',
  'filtered',
  'silenced',
  'inhibited',
  'muted',
  'deduplicated',
  'grouped',
  'circuit_open',
] as const;
export type StatusName = (typeof STATUS_NAMES)[number];

/** What one period of a report saw, ready to render. */
export interface PeriodSummary {
  /** Epoch ms. */
  readonly start: number;
  readonly end: number;
  /** Alerts accepted by `send` in the period (`stats.totalAlerts`). */
  readonly alerts: number;
  readonly byLevel: Readonly<Record<AlertLevelName, number>>;
  /** Outcomes per (alert, channel), from the manager's stats. */
  readonly byStatus: Readonly<StatusCounts>;
  /** Digests sent and failed (each stands for alerts counted as grouped). */
  readonly digests: { readonly sent: number; readonly failed: number };
  /** The fingerprints with the most alerts, most first. */
  readonly top: readonly FingerprintCount[];
  /** Fingerprints seen but not in `top`, and their alerts. */
  readonly otherFingerprints: number;
  readonly otherAlerts: number;
  /** Alerts of fingerprints past the tracking cap: counted, not told apart. */
  readonly untracked: number;
  /** The stats were reset (`resetStats()`) during the period: statuses count from then. */
  readonly statsReset: boolean;
}

/**
 * What a report counts between two runs: each accepted alert by level and by fingerprint
 * (at most `REPORT_LIMITS.fingerprints` fingerprints; later ones are counted as untracked),
 * and the manager's stats at the start, so the period's statuses are the difference.
 */
export class ReportPeriod {
  readonly start: number;
  readonly #baseline: AlertStats;
  readonly #byLevel: Record<AlertLevelName, number> = {
    INFO: 0,
    SUCCESS: 0,
    WARNING: 0,
    ERROR: 0,
    CRITICAL: 0,
  };
  readonly #fingerprints = new Map<string, FingerprintCount>();
  #untracked = 0;

  constructor(start: number, baseline: AlertStats) {
    this.start = start;
    this.#baseline = baseline;
  }

  /** An accepted alert; `listed`: whether it may be among the top fingerprints. */
  count(alert: Alert, wallNow: number, listed: boolean): void {
    this.#byLevel[alert.levelName]++;
    if (!listed) return;
    const fingerprint = alert.fingerprint;
    const known = this.#fingerprints.get(fingerprint);
    if (known !== undefined) {
      known.count++;
      known.title = alert.formattedTitle;
      known.levelName = alert.levelName;
      known.lastSeen = wallNow;
    } else if (this.#fingerprints.size < REPORT_LIMITS.fingerprints)
      this.#fingerprints.set(fingerprint, {
        fingerprint,
        count: 1,
        title: alert.formattedTitle,
        levelName: alert.levelName,
        lastSeen: wallNow,
      });
    else this.#untracked++;
  }

  /** The period ended at `end` with the manager's stats `now`. */
  summary(end: number, now: AlertStats, top: number): PeriodSummary {
    const before = this.#baseline;
    // A `resetStats()` in the period zeroed the counters: count from the reset.
    const statsReset = now.totalAlerts < before.totalAlerts;
    const base = statsReset ? undefined : before;
    const diff = (pick: (stats: AlertStats) => number) =>
      pick(now) - (base === undefined ? 0 : pick(base));
    const byStatus: StatusCounts = {
      sent: diff((s) => s.totalSent),
      failed: diff((s) => s.totalFailed),
      throttled: diff((s) => s.totalThrottled),
      filtered: diff((s) => s.totalFiltered),
      silenced: diff((s) => s.totalSilenced),
      inhibited: diff((s) => s.totalInhibited),
      muted: diff((s) => s.totalMuted),
      deduplicated: diff((s) => s.totalDeduplicated),
      grouped: diff((s) => s.totalGrouped),
      circuit_open: diff((s) => s.totalCircuitOpen),
    };
    const all = [...this.#fingerprints.values()].sort(
      (a, b) => b.count - a.count || b.lastSeen - a.lastSeen,
    );
    const shown = all.slice(0, top);
    let otherAlerts = 0;
    for (let i = top; i < all.length; i++) otherAlerts += (all[i] as FingerprintCount).count;
    return {
      start: this.start,
      end,
      alerts: diff((s) => s.totalAlerts),
      byLevel: { ...this.#byLevel },
      byStatus,
      digests: { sent: diff((s) => s.digests.sent), failed: diff((s) => s.digests.failed) },
      top: shown,
      otherFingerprints: all.length - shown.length,
      otherAlerts,
      untracked: this.#untracked,
      statsReset,
    };
  }
}
