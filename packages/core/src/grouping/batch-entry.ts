import type { Alert } from '../alert.js';
import { alertTimestamp } from '../alert-time.js';
import type { DigestEntry } from '../digest.js';
import type { TallyColumns } from './tally-columns.js';

/**
 * One fingerprint's line of a digest, read from its batch's columns once the batch has gone
 * (they no longer change). Its dates and sorted counts are made when first read: a digest
 * of 10,000 fingerprints is made inside a send, and a channel shows only its largest few
 * hundred.
 */
export class BatchEntry implements DigestEntry {
  private made: { first: Date; last: Date; counts: Array<readonly [string, number]> } | undefined =
    undefined;

  constructor(
    private readonly columns: TallyColumns,
    private readonly slot: number,
    readonly fingerprint: string,
    readonly count: number,
    readonly alert: Alert,
  ) {}

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

  private final() {
    this.made ??= {
      first: alertTimestamp(this.columns.firstEpochs[this.slot] as number),
      last: alertTimestamp(this.columns.lastEpochs[this.slot] as number),
      counts: this.columns.countsOf(this.slot),
    };
    return this.made;
  }
}
