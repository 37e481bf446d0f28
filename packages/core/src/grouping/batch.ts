import { epochOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import { alertTimestamp } from '../alert-time.js';
import type { Digest, DigestReason } from '../digest.js';
import { LIMITS } from '../limits.js';
import type { Halt } from '../stages/stage.js';
import { BatchEntry } from './batch-entry.js';
import type { FingerprintTable } from './fingerprint-table.js';
import { TallyColumns } from './tally-columns.js';

/**
 * The alerts a group holds until its next digest, folded by fingerprint: memory grows with
 * the fingerprints in the batch (at most 10,000 kept apart), not with the alerts.
 */
export class Batch {
  /** What every alert of the batch gets: `grouped`, with the digest's id. */
  readonly halt: Halt;
  count = 0;
  /** Slots in first-seen order, one per fingerprint. */
  private readonly columns: TallyColumns;
  /** The batch's first alert: sent as itself when it stays the only one. */
  private first: Alert | undefined = undefined;
  private otherAlerts = 0;
  private firstEpoch = Number.POSITIVE_INFINITY;
  private lastEpoch = Number.NEGATIVE_INFINITY;

  /**
   * `openedAt`: clock time of its first alert. `fingerprints`: its group's, which finds each
   * fingerprint's slot; a group has one batch open at a time.
   */
  constructor(
    readonly id: string,
    readonly openedAt: number,
    private readonly fingerprints: FingerprintTable,
  ) {
    this.halt = { status: 'grouped', digestId: id };
    fingerprints.begin();
    this.columns = new TallyColumns(fingerprints.pool);
  }

  add(alert: Alert, countBy: string): void {
    this.count++;
    const epoch = epochOf(alert);
    if (epoch < this.firstEpoch) this.firstEpoch = epoch;
    if (epoch > this.lastEpoch) this.lastEpoch = epoch;
    this.first ??= alert;
    const fingerprint = alert.fingerprint;
    let slot = this.fingerprints.slotOf(fingerprint);
    if (slot === -1) {
      if (this.columns.size >= LIMITS.groupMaxAlerts.max) {
        this.otherAlerts++;
        return;
      }
      slot = this.columns.size;
      this.columns.open(alert, epoch, this.fingerprints.place(fingerprint, slot));
    }
    this.columns.add(slot, epoch, alert.labels[countBy]);
  }

  /** The only alert, when the batch holds exactly one: it is sent as itself. */
  get single(): Alert | undefined {
    return this.count === 1 ? this.first : undefined;
  }

  /**
   * The batch's digest, once, as it goes: its entries' alerts are made here, since the
   * group's next batch writes over the lists they are kept in.
   */
  digest(
    reason: DigestReason,
    groupLabels: Readonly<Record<string, string>>,
    countBy: string,
  ): Digest {
    const { columns, fingerprints } = this;
    fingerprints.pool.sizes = columns.sizes;
    const entries: BatchEntry[] = [];
    for (let slot = 0; slot < columns.size; slot++) {
      const fingerprint = fingerprints.fingerprintOf(columns.keys[slot] as number);
      const alert = columns.alertOf(slot, fingerprint);
      entries.push(
        new BatchEntry(columns, slot, fingerprint, columns.counts[slot] as number, alert),
      );
    }
    columns.seal();
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
