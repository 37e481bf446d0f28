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
   * Counts per value of the `countBy` label: the first value inline (most fingerprints come
   * from one host), the others as [value, count, value, count, ...] in one list. A flood
   * keeps one tally per fingerprint per batch alive until its digest, and the young
   * collector copies each object that survives: the fewer objects, the shorter its pauses.
   */
  private firstValue: string | undefined = undefined;
  private firstCount = 0;
  private more: Array<string | number> | undefined = undefined;
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
    if (this.firstValue === undefined || this.firstValue === value) {
      this.firstValue = value;
      this.firstCount++;
      return;
    }
    this.more ??= [];
    if (this.bump(value)) return;
    // Past the first 100 values, the rest are summed under ''.
    if (1 + this.more.length / 2 >= MAX_COUNTED_VALUES) {
      if (this.firstValue === '') this.firstCount++;
      else if (!this.bump('')) this.more.push('', 1);
      return;
    }
    this.more.push(value, 1);
  }

  /** Add one to `value` in `more`; whether it was there. */
  private bump(value: string): boolean {
    const more = this.more as Array<string | number>;
    for (let i = 0; i < more.length; i += 2) {
      if (more[i] === value) {
        more[i + 1] = (more[i + 1] as number) + 1;
        return true;
      }
    }
    return false;
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

  /** Counts per value, most first (ties by value). */
  private countsOf(): Array<readonly [string, number]> {
    if (this.firstValue === undefined) return [];
    const pairs: Array<readonly [string, number]> = [[this.firstValue, this.firstCount]];
    const more = this.more ?? [];
    for (let i = 0; i < more.length; i += 2) pairs.push([more[i] as string, more[i + 1] as number]);
    if (pairs.length > 1) pairs.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return pairs;
  }

  /** Read only once the batch has gone: a digest's entries no longer change. */
  private final() {
    this.made ??= {
      first: alertTimestamp(this.firstEpoch),
      last: alertTimestamp(this.lastEpoch),
      counts: this.countsOf(),
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
