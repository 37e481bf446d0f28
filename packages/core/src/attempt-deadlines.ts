import { setMaxListeners } from 'node:events';
import { inspect } from 'node:util';
import type { ChannelReceipt, SendContext } from './channel.js';
import { type Clock, type ClockTimer, setClockTimer, systemClock } from './clock.js';
import type { DeliveryError } from './errors/delivery-error.js';

/**
 * The AbortSignal that attempts of one entry started close together share. A fresh
 * AbortController per attempt costs little by itself, but once handed to undici it costs
 * ~20 µs of CPU per request on Node 20 (measured: 96 vs 77 µs per request, sender and sink
 * together); one signal per window of starts costs nothing per attempt.
 *
 * Each attempt is still given up at its own exact deadline by `AttemptDeadlines`; the
 * shared signal aborts (cancelling the I/O of attempts that timed out) once one of its
 * attempts has expired and none is still within its deadline: at most one window after
 * the earliest expiry.
 */
class SharedSignal {
  private controller: AbortController | undefined;
  private live = 0;
  private reason: DeliveryError | undefined;
  private aborted = false;

  constructor(readonly closesAt: number) {}

  join(): void {
    this.live++;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      // Many requests listen to one signal; that is the point, not a leak. Not 0 ("no
      // limit"): Node 20's getMaxListeners, which undici's fetch calls, throws on 0.
      setMaxListeners(100_000, this.controller.signal);
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  /** One member finished: settled in time (`reason` undefined) or expired. */
  leave(reason?: DeliveryError): void {
    this.live--;
    if (reason !== undefined) this.reason ??= reason;
    if (this.live === 0 && this.reason !== undefined && !this.aborted) {
      this.aborted = true;
      this.controller?.abort(this.reason);
    }
  }
}

/** Where an attempt's outcome goes: exactly one of the two is called, once. */
export interface AttemptOutcome {
  /** The channel answered in time. */
  ok(receipt: ChannelReceipt | undefined | void): void;
  /** The channel failed in time, or the deadline passed first (a timeout DeliveryError). */
  fail(error: unknown): void;
}

/** One attempt in flight: the `SendContext` a channel receives, and a node in its entry's deadline list. */
export class Attempt implements SendContext {
  prev: Attempt | undefined = undefined;
  next: Attempt | undefined = undefined;
  /** In its entry's deadline list (not yet settled or expired). */
  linked = false;
  // Private fields, so a channel logging or serialising its context sees none of the
  // manager's state behind it.
  readonly #outcome: AttemptOutcome;
  readonly #shared: SharedSignal;

  constructor(
    readonly attempt: number,
    readonly timeoutMs: number,
    readonly deadline: number,
    outcome: AttemptOutcome,
    shared: SharedSignal,
  ) {
    this.#outcome = outcome;
    this.#shared = shared;
  }

  get signal(): AbortSignal {
    return this.#shared.signal;
  }

  /** Settled before its deadline. */
  settled(): void {
    this.#shared.leave();
  }

  expire(error: DeliveryError): void {
    this.#shared.leave(error);
    this.#outcome.fail(error);
  }

  /**
   * What a channel logging or serialising its context sees: the SendContext, not the list
   * links (two attempts in flight point at each other, and JSON.stringify would throw on
   * the cycle). On the prototype, so it costs an attempt nothing.
   */
  toJSON(): { attempt: number; timeoutMs: number; signal: { aborted: boolean } } {
    return {
      attempt: this.attempt,
      timeoutMs: this.timeoutMs,
      signal: { aborted: this.signal.aborted },
    };
  }

  [inspect.custom](): object {
    return { attempt: this.attempt, timeoutMs: this.timeoutMs, signal: this.signal };
  }
}

/**
 * The attempts of one channel entry, in deadline order. Every attempt of an entry has the
 * same timeout, so deadlines arrive in insertion order and one timer, armed for the
 * earliest, serves them all: starting and settling are O(1) and allocate no timer. While an
 * attempt is pending the timer holds the process open, so a channel that never answers
 * and holds no I/O of its own still ends in a timeout result; with none pending it is
 * unref'd and stays armed (re-arming per send would cost more than toggling the ref).
 */
export class AttemptDeadlines {
  private head: Attempt | undefined;
  private tail: Attempt | undefined;
  private timer: ClockTimer | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private shared: SharedSignal | undefined;
  /** Attempts starting within this many ms share one AbortSignal: a tenth of the timeout, at most 1 s. */
  private readonly windowMs: number;

  constructor(
    private readonly timeoutMs: number,
    private readonly timeoutError: (attempt: Attempt) => DeliveryError,
    private readonly clock: Clock = systemClock,
  ) {
    this.windowMs = Math.min(1000, timeoutMs / 10);
  }

  /** Start an attempt: it expires (calling `outcome.fail`) at now + timeout unless settled first. */
  start(attempt: number, outcome: AttemptOutcome, now: number = this.clock.now()): Attempt {
    if (this.shared === undefined || now >= this.shared.closesAt)
      this.shared = new SharedSignal(now + this.windowMs);
    this.shared.join();
    const started = new Attempt(
      attempt,
      this.timeoutMs,
      now + this.timeoutMs,
      outcome,
      this.shared,
    );
    this.link(started);
    return started;
  }

  /**
   * The attempt settled before its deadline. False, and nothing done, when it had already
   * settled or expired (its outcome was then given by the deadline).
   */
  settle(attempt: Attempt): boolean {
    if (!attempt.linked) return false;
    this.unlink(attempt);
    attempt.settled();
    return true;
  }

  private link(attempt: Attempt): void {
    attempt.linked = true;
    attempt.prev = this.tail;
    if (this.tail === undefined) {
      this.head = attempt;
      this.timer?.ref();
    } else this.tail.next = attempt;
    this.tail = attempt;
    if (this.timer === undefined || attempt.deadline < this.armedFor) this.arm(attempt.deadline);
  }

  private unlink(attempt: Attempt): void {
    attempt.linked = false;
    if (attempt.prev === undefined) this.head = attempt.next;
    else attempt.prev.next = attempt.next;
    if (attempt.next === undefined) this.tail = attempt.prev;
    else attempt.next.prev = attempt.prev;
    attempt.prev = attempt.next = undefined;
    // The timer stays armed; when it fires for an attempt that has gone, it re-arms for the next.
    if (this.head === undefined) this.timer?.unref();
  }

  private arm(deadline: number): void {
    this.timer?.clear();
    this.armedFor = deadline;
    this.timer = setClockTimer(
      this.clock,
      () => this.fire(),
      Math.max(0, deadline - this.clock.now()),
    );
    if (this.head === undefined) this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    while (this.head !== undefined && this.head.deadline <= now + 1) {
      const due = this.head;
      this.unlink(due);
      due.expire(this.timeoutError(due));
    }
    if (this.head !== undefined) this.arm(this.head.deadline);
  }
}
