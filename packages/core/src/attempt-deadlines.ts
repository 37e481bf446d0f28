import type { SendContext } from './channel.js';
import type { DeliveryError } from './errors/delivery-error.js';

/**
 * One attempt in flight: the `SendContext` a channel receives, and a node in its entry's
 * deadline list. The AbortSignal is made only when a channel reads it, so a channel that
 * ignores it costs no AbortController.
 */
export class Attempt implements SendContext {
  prev: Attempt | undefined;
  next: Attempt | undefined;
  /** In its entry's deadline list (not yet settled or expired). */
  linked = false;
  private controller: AbortController | undefined;
  private expiredWith: DeliveryError | undefined;

  constructor(
    readonly attempt: number,
    readonly timeoutMs: number,
    readonly deadline: number,
    private readonly onExpire: (error: DeliveryError) => void,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.expiredWith !== undefined) this.controller.abort(this.expiredWith);
    }
    return this.controller.signal;
  }

  expire(error: DeliveryError): void {
    this.expiredWith = error;
    this.controller?.abort(error);
    this.onExpire(error);
  }
}

/**
 * The attempts of one channel entry, in deadline order. Every attempt of an entry has the
 * same timeout, so deadlines arrive in insertion order and one timer, armed for the
 * earliest, serves them all: adding and settling are O(1) and allocate no timer. The timer
 * is unref'd, like `AbortSignal.timeout`, so it never holds the process open by itself.
 */
export class AttemptDeadlines {
  private head: Attempt | undefined;
  private tail: Attempt | undefined;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  constructor(private readonly timeoutError: (attempt: Attempt) => DeliveryError) {}

  add(attempt: Attempt): void {
    attempt.linked = true;
    attempt.prev = this.tail;
    if (this.tail === undefined) this.head = attempt;
    else this.tail.next = attempt;
    this.tail = attempt;
    if (this.timer === undefined || attempt.deadline < this.armedFor) this.arm(attempt.deadline);
  }

  /** The attempt settled before its deadline. */
  remove(attempt: Attempt): void {
    if (!attempt.linked) return;
    attempt.linked = false;
    if (attempt.prev === undefined) this.head = attempt.next;
    else attempt.prev.next = attempt.next;
    if (attempt.next === undefined) this.tail = attempt.prev;
    else attempt.next.prev = attempt.prev;
    attempt.prev = attempt.next = undefined;
    // The timer stays armed; when it fires for an attempt that has gone, it re-arms for the next.
  }

  private arm(deadline: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = deadline;
    this.timer = setTimeout(() => this.fire(), Math.max(0, deadline - performance.now()));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    while (this.head !== undefined && this.head.deadline <= now + 1) {
      const due = this.head;
      this.remove(due);
      due.expire(this.timeoutError(due));
    }
    if (this.head !== undefined) this.arm(this.head.deadline);
  }
}
