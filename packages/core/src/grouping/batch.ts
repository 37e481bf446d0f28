import { epochOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import { alertTimestamp } from '../alert-time.js';
import type { Digest, DigestEntry, DigestReason } from '../digest.js';
import { LIMITS } from '../limits.js';
import type { Halt } from '../stages/stage.js';

/** Values of the `countBy` label kept apart per fingerprint; the rest are summed under `''`. */
const MAX_COUNTED_VALUES = 100;

/** One fingerprint's share of a batch. */
interface Tally {
  readonly alert: Alert;
  count: number;
  readonly firstSeen: number;
  lastSeen: number;
  /** Per value of the `countBy` label; made at the first alert that has it. */
  counts: Map<string, number> | undefined;
}

/**
 * The alerts a group holds until its next digest, folded by fingerprint: memory grows with
 * the fingerprints in the batch (at most 10,000 kept apart), not with the alerts.
 */
export class Batch {
  /** What every alert of the batch gets: `grouped`, with the digest's id. */
  readonly halt: Halt;
  count = 0;
  private readonly tallies = new Map<string, Tally>();
  private otherAlerts = 0;
  private firstEpoch = Number.POSITIVE_INFINITY;
  private lastEpoch = Number.NEGATIVE_INFINITY;

  /** `openedAt`: clock time of its first alert. */
  constructor(
    readonly id: string,
    readonly openedAt: number,
  ) {
    this.halt = { status: 'grouped', digestId: id };
  }

  add(alert: Alert, countBy: string): void {
    this.count++;
    const epoch = epochOf(alert);
    if (epoch < this.firstEpoch) this.firstEpoch = epoch;
    if (epoch > this.lastEpoch) this.lastEpoch = epoch;
    const fingerprint = alert.fingerprint;
    let tally = this.tallies.get(fingerprint);
    if (tally === undefined) {
      if (this.tallies.size >= LIMITS.groupMaxAlerts.max) {
        this.otherAlerts++;
        return;
      }
      tally = { alert, count: 0, firstSeen: epoch, lastSeen: epoch, counts: undefined };
      this.tallies.set(fingerprint, tally);
    }
    tally.count++;
    if (epoch > tally.lastSeen) tally.lastSeen = epoch;
    const value = alert.labels[countBy];
    if (value === undefined) return;
    tally.counts ??= new Map();
    const key = tally.counts.has(value) || tally.counts.size < MAX_COUNTED_VALUES ? value : '';
    tally.counts.set(key, (tally.counts.get(key) ?? 0) + 1);
  }

  /** The only alert, when the batch holds exactly one: it is sent as itself. */
  get single(): Alert | undefined {
    if (this.count !== 1) return undefined;
    for (const tally of this.tallies.values()) return tally.alert;
    return undefined;
  }

  digest(
    reason: DigestReason,
    groupLabels: Readonly<Record<string, string>>,
    countBy: string,
  ): Digest {
    const entries: DigestEntry[] = [];
    for (const [fingerprint, tally] of this.tallies) {
      entries.push({
        fingerprint,
        alert: tally.alert,
        count: tally.count,
        firstSeen: alertTimestamp(tally.firstSeen),
        lastSeen: alertTimestamp(tally.lastSeen),
        counts:
          tally.counts === undefined
            ? []
            : [...tally.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      });
    }
    // Most alerts first; the sort is stable, so ties keep first-seen order.
    entries.sort((a, b) => b.count - a.count);
    return {
      id: this.id,
      reason,
      groupLabels,
      countBy,
      total: this.count,
      entries,
      otherAlerts: this.otherAlerts,
      firstSeen: alertTimestamp(this.firstEpoch),
      lastSeen: alertTimestamp(this.lastEpoch),
    };
  }
}
