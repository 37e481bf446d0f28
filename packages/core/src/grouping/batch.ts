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
  /**
   * Per value of the `countBy` label, as two parallel lists made at the first alert that has
   * it: a fingerprint is seen from a few hosts, where a scan beats a Map per tally (and
   * leaves less for the garbage collector in a flood).
   */
  values: string[] | undefined;
  counts: number[] | undefined;
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
      tally = {
        alert,
        count: 0,
        firstSeen: epoch,
        lastSeen: epoch,
        values: undefined,
        counts: undefined,
      };
      this.tallies.set(fingerprint, tally);
    }
    tally.count++;
    if (epoch > tally.lastSeen) tally.lastSeen = epoch;
    const value = alert.labels[countBy];
    if (value === undefined) return;
    tally.values ??= [];
    tally.counts ??= [];
    const { values, counts } = tally;
    let at = values.indexOf(value);
    if (at < 0) {
      at = values.length < MAX_COUNTED_VALUES ? values.length : values.indexOf('');
      if (at < 0) at = values.length;
      if (at === values.length) {
        values.push(at < MAX_COUNTED_VALUES ? value : '');
        counts.push(0);
      }
    }
    counts[at] = (counts[at] as number) + 1;
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
        counts: countsOf(tally),
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

/** A tally's counts per value, most first (ties by value). */
function countsOf(tally: Tally): Array<readonly [string, number]> {
  const { values, counts } = tally;
  if (values === undefined || counts === undefined) return [];
  const pairs = values.map((value, i) => [value, counts[i] as number] as const);
  if (pairs.length > 1) pairs.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return pairs;
}
