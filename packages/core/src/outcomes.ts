import type { AlertResult } from './alert-result.js';

/**
 * What a sink's outcomes are counted as: alerts of a `send`, digests (their alerts were
 * counted as grouped when taken), RESOLVED notices, or a fallback tier's deliveries.
 * `held`: not counted on delivery; the sink counts them when it knows the final status
 * (an entry with fallback tiers).
 */
export type Counted = 'alerts' | 'digests' | 'resolved' | 'fallback' | 'held';

/** Where the outcomes of deliveries go: a `send`'s results, a `resolve`'s, or one follow-up's. */
export interface OutcomeSink {
  readonly counted: Counted;
  add(result: AlertResult): void;
  reserve(): number;
  fill(slot: number, result: AlertResult | undefined): void;
}

/**
 * The results of one `send`, in order, and the one promise that resolves with them once
 * every delivery has its outcome. An outcome known at once is added; one that comes later
 * (a delivery, an asynchronous stage) reserves its slot and fills it.
 */
export class Outcomes implements OutcomeSink {
  private readonly results: Array<AlertResult | undefined>;
  private count = 0;
  /** Slots still empty, plus one held until `seal`, so the promise cannot resolve early. */
  private pending = 1;
  /** A reserved slot was filled with no result (filtered after an asynchronous stage). */
  private holes = false;
  private resolve: ((results: AlertResult[]) => void) | undefined;

  /** `capacity`: the most results the send can have (alerts x entries). */
  constructor(
    capacity: number,
    private readonly onSettled: () => void,
    readonly counted: Counted = 'alerts',
  ) {
    this.results = new Array(capacity);
  }

  /** An outcome known at once (throttled). */
  add(result: AlertResult): void {
    this.results[this.count++] = result;
  }

  /** A slot for an outcome that will `fill` it later. */
  reserve(): number {
    this.pending++;
    return this.count++;
  }

  /** The outcome for a reserved slot; `undefined` when it has no result (filtered). */
  fill(slot: number, result: AlertResult | undefined): void {
    this.results[slot] = result;
    if (result === undefined) this.holes = true;
    if (--this.pending === 0) this.finish();
  }

  /** Every outcome has been started: the promise of all the results. */
  seal(): Promise<AlertResult[]> {
    // Filtered alerts take no slot.
    if (this.count < this.results.length) this.results.length = this.count;
    if (--this.pending === 0) {
      this.onSettled();
      return Promise.resolve(this.compact());
    }
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  private finish(): void {
    this.onSettled();
    this.resolve?.(this.compact());
  }

  private compact(): AlertResult[] {
    return (
      this.holes ? this.results.filter((result) => result !== undefined) : this.results
    ) as AlertResult[];
  }
}

/**
 * The one outcome of a message sent outside any `send`: a digest (or a batch of one sent as
 * itself), or a RESOLVED notice of an auto-resolve.
 */
export class FollowUpOutcome implements OutcomeSink {
  constructor(
    readonly counted: Exclude<Counted, 'alerts' | 'held'>,
    private readonly done: (result: AlertResult | undefined) => void,
  ) {}

  add(result: AlertResult): void {
    this.done(result);
  }

  reserve(): number {
    return 0;
  }

  fill(_slot: number, result: AlertResult | undefined): void {
    this.done(result);
  }
}
