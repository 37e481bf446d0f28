import { AcceptedAlert } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import type { AlertLevel } from '../alert-level.js';

/** Values of the `countBy` label kept apart per fingerprint; the rest are summed under `''`. */
const MAX_COUNTED_VALUES = 100;

/** What a batch keeps of a fingerprint's first alert, per slot, in `kept`. */
const KEPT = {
  /** The alert itself when it is not a plain accepted alert (a notice): kept whole. */
  whole: 0,
  id: 1,
  title: 2,
  formattedTitle: 3,
  body: 4,
  level: 5,
  source: 6,
  dedupKey: 7,
  /** Where its labels start in `labelParts`. */
  labelsAt: 8,
} as const;
const STRIDE = 9;

/** How many slots, counted values and label parts a batch's columns start with. */
export interface ColumnSizes {
  readonly slots: number;
  readonly values: number;
  readonly labelParts: number;
}
const FIRST_SIZES: ColumnSizes = { slots: 16, values: 16, labelParts: 64 };

/**
 * What a group's batches hand on to the next: the sizes the last one reached, and the lists
 * that keep the first alerts. Lists of tens of thousands of elements are "large objects" to
 * V8, with memory of their own: making two per batch took several ms inside the send that
 * opened it (the one that let the last batch's digest go). The digest no longer reads them
 * (its entries' alerts are made when it is), so the next batch writes over them.
 */
export class ColumnPool {
  sizes: ColumnSizes = FIRST_SIZES;
  kept: unknown[] | undefined = undefined;
  labelParts: unknown[] | undefined = undefined;
}

/**
 * The tallies of a batch, one slot per fingerprint, as columns of a few typed arrays rather
 * than an object each. A batch lives for tens of sends under a flood, long enough for the
 * young-generation collector to copy and promote whatever it keeps: an object per
 * fingerprint (a tally, its counts, the first alert) made every scavenge copy megabytes.
 * Typed arrays' contents live outside the heap and are never copied; of the first alert only
 * its fields are kept (mostly the caller's strings), in lists the group's batches share, and
 * it is made again when the batch goes.
 */
export class TallyColumns {
  /** Fingerprints kept apart. */
  size = 0;
  /** Alerts per slot. */
  counts: Int32Array;
  /** Each slot's number from its caller (the batch's fingerprint table). */
  keys: Int32Array;
  /** Epoch ms of each slot's first alert, and the latest. */
  firstEpochs: Float64Array;
  lastEpochs: Float64Array;
  /** Each slot's first counted value, as a node index + 1 (0: none yet). */
  private heads: Int32Array;
  /** Counts per `countBy` value: a linked list per slot, [count, next node + 1] per node. */
  private nodes: Int32Array;
  private readonly nodeValues: string[];
  private values = 0;
  /** The first alert of each slot, `STRIDE` fields per slot: the group's, until `seal`. */
  private kept: unknown[];
  /**
   * The first alerts' labels as [count, name, value, name, value, ...]: the caller's strings,
   * where the labels object is one more young object per slot.
   */
  private labelParts: unknown[];
  private labelEnd = 0;

  /**
   * Made the size the group's last batch reached, so they need not grow. The group's lists
   * are written before they are read, so a past batch's contents never show. (Lists made per
   * batch in pages of ordinary size instead were copied by the young collector, and the
   * grouped flood's event-loop p99 was a third higher.)
   */
  constructor(pool: ColumnPool = new ColumnPool()) {
    const { sizes } = pool;
    const slots = Math.max(sizes.slots, FIRST_SIZES.slots);
    const values = Math.max(sizes.values, FIRST_SIZES.values);
    this.counts = new Int32Array(slots);
    this.keys = new Int32Array(slots);
    this.firstEpochs = new Float64Array(slots);
    this.lastEpochs = new Float64Array(slots);
    this.heads = new Int32Array(slots);
    this.nodes = new Int32Array(2 * values);
    this.nodeValues = new Array(values);
    pool.kept ??= new Array(slots * STRIDE);
    pool.labelParts ??= new Array(Math.max(sizes.labelParts, FIRST_SIZES.labelParts));
    this.kept = pool.kept;
    this.labelParts = pool.labelParts;
  }

  /**
   * The batch has gone and its entries' alerts are made: let go of the group's lists (the
   * next batch writes over them), emptied so they keep no alert's strings alive.
   */
  seal(): void {
    this.kept.fill(undefined, 0, this.size * STRIDE);
    this.labelParts.fill(undefined, 0, this.labelEnd);
    this.kept = [];
    this.labelParts = [];
  }

  /** What these columns reached: the next batch's start. */
  get sizes(): ColumnSizes {
    return { slots: this.size, values: this.values, labelParts: this.labelEnd };
  }

  /** A new slot for `alert`, the first of its fingerprint, numbered `key`; its index. */
  open(alert: Alert, epoch: number, key: number): number {
    const slot = this.size++;
    if (slot === this.counts.length) this.grow();
    this.keys[slot] = key;
    this.counts[slot] = 0;
    this.firstEpochs[slot] = epoch;
    this.lastEpochs[slot] = epoch;
    this.heads[slot] = 0;
    // A notice (another fingerprint, occurrences, a resolution) is kept whole, as it came.
    const plain = (alert.constructor as unknown) === AcceptedAlert;
    const k = this.kept;
    const at = slot * STRIDE;
    k[at + KEPT.whole] = plain ? undefined : alert;
    k[at + KEPT.id] = alert.id;
    k[at + KEPT.title] = alert.title;
    k[at + KEPT.formattedTitle] = alert.formattedTitle;
    k[at + KEPT.body] = alert.body;
    k[at + KEPT.level] = alert.level;
    k[at + KEPT.source] = alert.source;
    k[at + KEPT.dedupKey] = alert.dedupKey;
    k[at + KEPT.labelsAt] = this.labelEnd;
    if (plain) this.keepLabels(alert.labels);
    return slot;
  }

  /** One more alert in `slot`, at `epoch`, whose `countBy` label is `value`. */
  add(slot: number, epoch: number, value: string | undefined): void {
    this.counts[slot] = (this.counts[slot] as number) + 1;
    if (epoch > (this.lastEpochs[slot] as number)) this.lastEpochs[slot] = epoch;
    if (value === undefined) return;
    if (this.bump(slot, value)) return;
    // Past the first 100 values, the rest are summed under ''.
    if (this.valuesOf(slot) >= MAX_COUNTED_VALUES) {
      if (!this.bump(slot, '')) this.append(slot, '');
      return;
    }
    this.append(slot, value);
  }

  /** Counts per value of `slot`, most first (ties by value). */
  countsOf(slot: number): Array<readonly [string, number]> {
    const pairs: Array<readonly [string, number]> = [];
    for (
      let node = this.heads[slot] as number;
      node !== 0;
      node = this.nodes[2 * node - 1] as number
    )
      pairs.push([this.nodeValues[node - 1] as string, this.nodes[2 * node - 2] as number]);
    if (pairs.length > 1) pairs.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return pairs;
  }

  /** `slot`'s first alert: itself when kept whole, else made again from what was kept. */
  alertOf(slot: number, fingerprint: string): Alert {
    const at = slot * STRIDE;
    const k = this.kept;
    const whole = k[at + KEPT.whole] as Alert | undefined;
    if (whole !== undefined) return whole;
    return new AcceptedAlert(
      k[at + KEPT.id] as string,
      k[at + KEPT.title] as string,
      k[at + KEPT.formattedTitle] as string,
      k[at + KEPT.body] as string,
      k[at + KEPT.level] as AlertLevel,
      this.labelsOf(slot),
      k[at + KEPT.source] as string | undefined,
      this.firstEpochs[slot] as number,
      k[at + KEPT.dedupKey] as string | undefined,
      undefined,
      fingerprint,
    );
  }

  private keepLabels(labels: Readonly<Record<string, string>>): void {
    const parts = this.labelParts;
    const at = this.labelEnd;
    let end = at + 1;
    for (const name in labels) {
      parts[end++] = name;
      parts[end++] = labels[name];
    }
    parts[at] = (end - at - 1) / 2;
    this.labelEnd = end;
  }

  /** `slot`'s first alert's labels, as a new object. */
  private labelsOf(slot: number): Record<string, string> {
    const parts = this.labelParts;
    const at = this.kept[slot * STRIDE + KEPT.labelsAt] as number;
    const labels: Record<string, string> = {};
    const end = at + 1 + 2 * (parts[at] as number);
    for (let i = at + 1; i < end; i += 2) labels[parts[i] as string] = parts[i + 1] as string;
    return labels;
  }

  /** Add one to `value`'s count in `slot`; whether it was there. */
  private bump(slot: number, value: string): boolean {
    const { nodes, nodeValues } = this;
    for (let node = this.heads[slot] as number; node !== 0; node = nodes[2 * node - 1] as number) {
      if (nodeValues[node - 1] === value) {
        nodes[2 * node - 2] = (nodes[2 * node - 2] as number) + 1;
        return true;
      }
    }
    return false;
  }

  private valuesOf(slot: number): number {
    let values = 0;
    for (
      let node = this.heads[slot] as number;
      node !== 0;
      node = this.nodes[2 * node - 1] as number
    )
      values++;
    return values;
  }

  /** A count of one for `value` at the head of `slot`'s list. */
  private append(slot: number, value: string): void {
    const node = ++this.values;
    this.nodeValues[node - 1] = value;
    if (2 * node > this.nodes.length) {
      const nodes = new Int32Array(2 * this.nodes.length);
      nodes.set(this.nodes);
      this.nodes = nodes;
    }
    this.nodes[2 * node - 2] = 1;
    this.nodes[2 * node - 1] = this.heads[slot] as number;
    this.heads[slot] = node;
  }

  private grow(): void {
    const capacity = 2 * this.counts.length;
    const grown = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.keys = grown(this.keys, new Int32Array(capacity));
    this.counts = grown(this.counts, new Int32Array(capacity));
    this.firstEpochs = grown(this.firstEpochs, new Float64Array(capacity));
    this.lastEpochs = grown(this.lastEpochs, new Float64Array(capacity));
    this.heads = grown(this.heads, new Int32Array(capacity));
  }
}
