import { alertTimestamp } from '../alert-time.js';
import type { Digest, DigestEntry, DigestReason } from '../digest.js';
import type { TakenWindow } from '../stages/noise-store.js';
import { recordAlert } from './alert-record.js';

/** The digest of a window taken from a shared store: every replica's alerts in it. */
export function sharedDigest(
  window: TakenWindow,
  reason: DigestReason,
  groupLabels: Readonly<Record<string, string>>,
  countBy: string,
): Digest {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const entries: DigestEntry[] = window.entries.map((taken) => {
    if (taken.firstEpoch < first) first = taken.firstEpoch;
    if (taken.lastEpoch > last) last = taken.lastEpoch;
    const counts = [...taken.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return {
      fingerprint: taken.fingerprint,
      alert: recordAlert(taken.alert),
      count: taken.count,
      firstSeen: alertTimestamp(taken.firstEpoch),
      lastSeen: alertTimestamp(taken.lastEpoch),
      counts,
    };
  });
  // Most alerts first; the sort is stable, so ties keep first-seen order.
  entries.sort((a, b) => b.count - a.count);
  if (entries.length === 0) first = last = Date.now();
  return {
    id: window.id,
    reason,
    groupLabels,
    countBy,
    total: window.count,
    entries,
    otherAlerts: window.otherAlerts,
    firstSeen: alertTimestamp(first),
    lastSeen: alertTimestamp(last),
  };
}
