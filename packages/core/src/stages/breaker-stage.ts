import type { Alert } from '../alert.js';
import type { AlertStatus } from '../alert-result.js';
import type { Clock } from '../clock.js';
import type { DeliveryErrorCode } from '../errors/delivery-error.js';
import type { Halt, Stage, Verdict } from './stage.js';

/** The three states of a circuit breaker. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** A circuit breaker's settings, durations in ms. */
export interface BreakerSettings {
  /** Failures in a row (the channel's fault, not the message's) that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before it lets a probe through. */
  readonly recoveryMs: number;
  /** Probes in a row that must succeed to close it again. */
  readonly successThreshold: number;
}

/** What the manager hears of a breaker's state changes. */
export type CircuitListener = (state: CircuitState, previous: CircuitState, reason: string) => void;

/**
 * Failures that say the channel is unwell: it cannot be reached, does not answer, fails on
 * its side, refuses our credentials or asks us to slow down. A message it refuses
 * (`TOCSIN_REJECTED`) says nothing of the channel, nor does a cancelled attempt.
 */
const CHANNEL_FAULTS: ReadonlySet<string> = new Set<DeliveryErrorCode>([
  'TOCSIN_NETWORK',
  'TOCSIN_TIMEOUT',
  'TOCSIN_RATE_LIMITED',
  'TOCSIN_AUTH',
  'TOCSIN_REMOTE',
  'TOCSIN_CHANNEL',
]);

const PROBING: Halt = {
  status: 'circuit_open',
  error: 'Circuit half-open: not sent while a probe is in flight',
};

/**
 * A circuit breaker, the last stage of an entry (the reference design's: closed, open,
 * half-open). Closed, it lets everything through and counts deliveries that failed for
 * good (after their retries) through the channel's fault; `failureThreshold` of them in a
 * row open it. Open, every alert stops at once as `circuit_open`, with no request and no
 * wait for a timeout. After `recoveryMs` it is half-open: one alert at a time goes through
 * as a probe, the others stop as `circuit_open`; `successThreshold` probes delivered in a row
 * close it, one failure opens it again.
 */
export class BreakerStage implements Stage {
  readonly name = 'circuit breaker';
  #state: CircuitState = 'closed';
  #failures = 0;
  #successes = 0;
  #openedAt = 0;
  #probing = false;
  #lastFailure = '';
  /** The Halt of an open circuit, for the `#shownLeft` seconds it says are left. */
  #shown: Halt | undefined;
  #shownLeft = -1;
  readonly #settings: BreakerSettings;
  readonly #clock: Clock;
  readonly #listener: CircuitListener;

  constructor(settings: BreakerSettings, clock: Clock, listener: CircuitListener) {
    this.#settings = settings;
    this.#clock = clock;
    this.#listener = listener;
  }

  get state(): CircuitState {
    return this.#state;
  }

  check(_alert: Alert, now: number): Verdict {
    if (this.#state === 'closed') return undefined;
    if (this.#state === 'open') {
      if (now - this.#openedAt < this.#settings.recoveryMs) return this.#halt(now);
      this.#move('half_open', `${this.#settings.recoveryMs / 1000} s passed: probing`);
    }
    if (this.#probing) return this.#halt(now);
    this.#probing = true;
    return undefined;
  }

  settled(_alert: Alert, status: AlertStatus, code?: string): void {
    if (status !== 'sent' && status !== 'failed') return;
    const fault = status === 'failed' && code !== undefined && CHANNEL_FAULTS.has(code);
    if (this.#state === 'half_open' && this.#probing) {
      this.#probing = false;
      if (fault) this.#open(`the probe failed (${code})`);
      else if (status === 'sent' && ++this.#successes >= this.#settings.successThreshold)
        this.#move('closed', `${this.#successes} probes delivered`);
      return;
    }
    if (this.#state !== 'closed') return;
    if (!fault) {
      if (status === 'sent') this.#failures = 0;
      return;
    }
    this.#lastFailure = code as string;
    if (++this.#failures >= this.#settings.failureThreshold)
      this.#open(`${this.#failures} failures in a row (last: ${code})`);
  }

  #open(reason: string): void {
    this.#openedAt = this.#clock.now();
    this.#shown = undefined;
    this.#move('open', reason);
  }

  #move(state: CircuitState, reason: string): void {
    const previous = this.#state;
    this.#state = state;
    this.#failures = 0;
    this.#successes = 0;
    this.#probing = false;
    this.#listener(state, previous, reason);
  }

  #halt(now: number): Halt {
    if (this.#state === 'half_open') return PROBING;
    // One Halt per second of the wait, not one per stopped alert: an open circuit meets floods.
    const left = Math.max(0, Math.ceil((this.#openedAt + this.#settings.recoveryMs - now) / 1000));
    if (this.#shown === undefined || left !== this.#shownLeft) {
      const last = this.#lastFailure === '' ? '' : ` (last failure: ${this.#lastFailure})`;
      this.#shown = {
        status: 'circuit_open',
        error: `Circuit open${last}: not sent; next probe in ${left} s`,
      };
      this.#shownLeft = left;
    }
    return this.#shown;
  }
}
