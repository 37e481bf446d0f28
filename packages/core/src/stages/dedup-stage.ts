import { epochOf, noticeOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import type { AlertStatus } from '../alert-result.js';
import { alertTimestamp } from '../alert-time.js';
import type { Halt, Stage, Verdict } from './stage.js';

/** What an entry remembers of one fingerprint. */
interface Seen {
  /** Clock time of the last notification let through; -Infinity when none was delivered. */
  notifiedAt: number;
  /** Clock time of the last alert of the fingerprint. */
  lastSeenAt: number;
  /** Alerts deduplicated since that notification. */
  held: number;
  /** Epoch ms of the first of them. */
  heldSince: number;
}

export const DEDUPLICATED: Halt = {
  status: 'deduplicated',
  error: 'Already notified within the repeat interval',
};
export const NEVER: Halt = {
  status: 'deduplicated',
  error: 'Already notified (repeatInterval: never)',
};
export const UNTIL_RESOLVED: Halt = {
  status: 'deduplicated',
  error: 'Already notified for this incident (repeatInterval: until-resolved)',
};

/** The dedup stage, and how a resolve makes it forget a fingerprint. */
export interface DedupStage extends Stage {
  /** The incident of `fingerprint` ended: its next alert notifies at once. */
  forget(fingerprint: string): void;
}

/**
 * Deduplication (Alertmanager's repeat_interval, PagerDuty's dedup_key): an alert whose
 * fingerprint reached this entry within `intervalMs` (or ever, with `Infinity`) is stopped as
 * `deduplicated`; the next notification of the fingerprint carries how many were held and
 * since when. A notification that was not delivered (failed, throttled) does not count: the
 * next alert of its fingerprint goes through, carrying the held count.
 *
 * A resolve (`forget`) ends the fingerprint's incident: its next alert notifies at once. With
 * `quietMs` (`until-resolved`: the entry's auto-resolve, else the manager's resolveTimeout),
 * a fingerprint quiet that long has ended its incident too.
 *
 * Memory: one small record per fingerprint. Fingerprints quiet for a whole interval are
 * forgotten, at most one sweep per interval (per `quietMs` for `until-resolved`); with
 * `never` they are kept for the manager's life, or until resolved.
 */
export function dedupStage(intervalMs: number, quietMs = Number.POSITIVE_INFINITY): DedupStage {
  // Ordered by last notification, oldest first: a sweep stops at the first recent one.
  const seen = new Map<string, Seen>();
  const forever = intervalMs === Number.POSITIVE_INFINITY;
  const halt = !forever ? DEDUPLICATED : quietMs < intervalMs ? UNTIL_RESOLVED : NEVER;
  const sweepEvery = Math.min(intervalMs, quietMs);
  let sweptAt = 0;

  function sweep(now: number): void {
    sweptAt = now;
    if (forever) {
      // until-resolved: what was quiet for `quietMs`, anywhere in the map.
      for (const [fingerprint, record] of seen)
        if (now - record.lastSeenAt >= quietMs) seen.delete(fingerprint);
      return;
    }
    for (const [fingerprint, record] of seen) {
      if (now - record.notifiedAt < intervalMs) break;
      if (now - record.lastSeenAt >= intervalMs) seen.delete(fingerprint);
    }
  }

  return {
    name: 'dedup',
    check(alert: Alert, now: number): Verdict {
      const fingerprint = alert.fingerprint;
      let record = seen.get(fingerprint);
      if (record !== undefined && now - record.lastSeenAt >= quietMs) {
        // Quiet past the timeout: the incident ended; this alert opens a new one.
        seen.delete(fingerprint);
        record = undefined;
      }
      if (record === undefined) {
        if (sweepEvery !== Number.POSITIVE_INFINITY && now - sweptAt >= sweepEvery) sweep(now);
        seen.set(fingerprint, { notifiedAt: now, lastSeenAt: now, held: 0, heldSince: 0 });
        return undefined;
      }
      record.lastSeenAt = now;
      if (now - record.notifiedAt < intervalMs) {
        if (record.held++ === 0) record.heldSince = epochOf(alert);
        return halt;
      }
      // A repeat: notify again, with the count of what was held since the last notification.
      const occurrences =
        record.held === 0
          ? undefined
          : {
              count: record.held + 1,
              firstSeen: alertTimestamp(record.heldSince),
              lastSeen: alert.timestamp,
            };
      record.notifiedAt = now;
      record.held = 0;
      seen.delete(fingerprint);
      seen.set(fingerprint, record);
      return occurrences === undefined
        ? undefined
        : { next: noticeOf(alert, fingerprint, occurrences) };
    },
    settled(alert: Alert, status: AlertStatus): void {
      if (status === 'sent' || status === 'grouped') return;
      const record = seen.get(alert.fingerprint);
      if (record === undefined) return;
      // Not delivered: the next alert of the fingerprint notifies, carrying this one's count.
      record.notifiedAt = Number.NEGATIVE_INFINITY;
      const count = alert.occurrences?.count ?? 1;
      const since = alert.occurrences?.firstSeen.getTime() ?? epochOf(alert);
      record.heldSince = record.held === 0 ? since : Math.min(since, record.heldSince);
      record.held += count;
    },
    forget(fingerprint: string): void {
      seen.delete(fingerprint);
    },
  };
}
