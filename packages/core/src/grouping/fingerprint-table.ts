import { LIMITS } from '../limits.js';
import { ColumnPool } from './tally-columns.js';

/**
 * Forgotten at the start of a batch once it holds this many: a group's table is bounded by
 * the fingerprints of its last few batches (each keeps at most 10,000 apart).
 */
const MAX_FINGERPRINTS = 2 * LIMITS.groupMaxAlerts.max;

/**
 * A group's fingerprints as small numbers that last across its batches, and each one's slot
 * in the open batch. A batch keyed by fingerprint strings would keep each one, and its own
 * hash table, alive until its digest, long enough for the young collector to copy and
 * promote them every batch; here a fingerprint's string and entry are kept once per group.
 */
export class FingerprintTable {
  private readonly ids = new Map<string, number>();
  /** Id to fingerprint. */
  private readonly fingerprints: string[] = [];
  /** Per id, the batch that last gave it a slot (`serial`), and the slot. */
  private stamps = new Int32Array(64);
  private slots = new Int32Array(64);
  private serial = 0;
  /** What the group's last batch hands on to the next: its sizes and spare lists. */
  readonly pool = new ColumnPool();

  /** A batch opens: no fingerprint has a slot in it yet. */
  begin(): void {
    this.serial++;
    if (this.fingerprints.length < MAX_FINGERPRINTS) return;
    this.ids.clear();
    this.fingerprints.length = 0;
  }

  /** `fingerprint`'s slot in the open batch, or -1. */
  slotOf(fingerprint: string): number {
    const id = this.ids.get(fingerprint);
    if (id === undefined || this.stamps[id] !== this.serial) return -1;
    return this.slots[id] as number;
  }

  /** Give `fingerprint` `slot` in the open batch; its id. */
  place(fingerprint: string, slot: number): number {
    let id = this.ids.get(fingerprint);
    if (id === undefined) {
      id = this.fingerprints.push(fingerprint) - 1;
      this.ids.set(fingerprint, id);
      if (id === this.stamps.length) this.grow();
    }
    this.stamps[id] = this.serial;
    this.slots[id] = slot;
    return id;
  }

  /** The fingerprint of `id`: read before the next batch opens. */
  fingerprintOf(id: number): string {
    return this.fingerprints[id] as string;
  }

  private grow(): void {
    const stamps = new Int32Array(2 * this.stamps.length);
    stamps.set(this.stamps);
    this.stamps = stamps;
    const slots = new Int32Array(2 * this.slots.length);
    slots.set(this.slots);
    this.slots = slots;
  }
}
