import type { Alert } from '../alert.js';
import type { AlertStatus } from '../alert-result.js';

/** A stage stops an alert on its entry with a status other than the delivery's own. */
export interface Halt {
  readonly status: Exclude<AlertStatus, 'sent' | 'failed'>;
  /** Why, for the result and `stats.lastError`; safe to log. */
  readonly error?: string;
}

/** `undefined` passes the alert on to the next stage; a `Halt` stops it there. */
export type Verdict = Halt | undefined;

/**
 * One step an alert takes on a channel entry before delivery, built once per entry by
 * `addChannel`: level filter, throttle; later silence, dedup, group, breaker. A stage
 * answers synchronously when it can, so the path stays free of awaits, or with a promise
 * (a store shared across processes). A promise that rejects fails the alert on that entry.
 */
export interface Stage {
  /** Named in the reason of a stage that failed. */
  readonly name: string;
  check(alert: Alert): Verdict | PromiseLike<Verdict>;
}
