import { epochOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import { alertTimestamp } from '../alert-time.js';
import type { Digest, DigestEntry, DigestReason } from '../digest.js';
import { LIMITS } from '../limits.js';
import type { Halt } from '../stages/stage.js';

/** Values of the `countBy` label kept apart per fingerprint; the rest are summed under `''`. */
const MAX_COUNTED_VALUES = 100;

/**
 * One fingerprint's share of a batch, and, once the batch goes, its line of the digest. Its
 * dates and sorted counts are made when first read: a digest of 10,000 fingerprints is
 * built at once inside a send, and a channel shows only its largest few hundred.
 */
class Tally implements DigestEntry {
  count = 0;
  private lastEpoch: number;
  /**
   * Per value of the `countBy` label, as two parallel lists made at the first alert that
   * has it: a fingerprint is seen from a few hosts, where a scan beats a Map per tally (and
   * leaves less for the garbage collector in a flood).
   */
  private values: string[] | undefined = undefined;
  private tallies: number[] | undefined = undefined;
  private made: { first: Date; last: Date; counts: Array<readonly [string, number]> } | undefined =
    undefined;

  constructor(
    readonly fingerprint: string,
    readonly alert: Alert,
    private readonly firstEpoch: number,
  ) {
    this.lastEpoch = firstEpoch;
  }

  add(epoch: number, value: string | undefined): void {
    this.count++;
    if (epoch > this.lastEpoch) this.lastEpoch = epoch;
    if (value === undefined) return;
    this.values ??= [];
    this.tallies ??= [];
    const { values, tallies } = this;
    let at = values.indexOf(value);
    if (at < 0) {
      at = values.length < MAX_COUNTED_VALUES ? values.length : values.indexOf('');
      if (at < 0) at = values.length;
      if (at === values.length) {
        values.push(at < MAX_COUNTED_VALUES ? value : '');
        tallies.push(0);
      }
    }
    tallies[at] = (tallies[at] as number) + 1;
  }

  get firstSeen(): Date {
    return this.final().first;
  }

  get lastSeen(): Date {
    return this.final().last;
  }

  get counts(): ReadonlyArray<readonly [string, number]> {
    return this.final().counts;
  }

  toJSON(): DigestEntry {
    const { fingerprint, alert, count, firstSeen, lastSeen, counts } = this;
    return { fingerprint, alert, count, firstSeen, lastSeen, counts };
  }

  /** Read only once the batch has gone: a digest's entries no longer change. */
  private final() {
    this.made ??= {
      first: alertTimestamp(this.firstEpoch),
      last: alertTimestamp(this.lastEpoch),
      counts: countsOf(this.values, this.tallies),
    };
    return this.made;
  }
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
      tally = new Tally(fingerprint, alert, epoch);
      this.tallies.set(fingerprint, tally);
    }
    tally.add(epoch, alert.labels[countBy]);
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
    // Most alerts first; the sort is stable, so ties keep first-seen order.
    const entries = [...this.tallies.values()].sort((a, b) => b.count - a.count);
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

/** Counts per value, most first (ties by value). */
function countsOf(
  values: string[] | undefined,
  counts: number[] | undefined,
): Array<readonly [string, number]> {
  if (values === undefined || counts === undefined) return [];
  const pairs = values.map((value, i) => [value, counts[i] as number] as const);
  if (pairs.length > 1) pairs.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return pairs;
}
