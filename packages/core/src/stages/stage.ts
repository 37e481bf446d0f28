import type { Alert } from '../alert.js';
import type { AlertStatus } from '../alert-result.js';

/** A stage stops an alert on its entry with a status other than the delivery's own. */
export interface Halt {
  readonly status: Exclude<AlertStatus, 'sent' | 'failed'>;
  /** Why, for the result and `stats.lastError`; safe to log. */
  readonly error?: string;
  /** For `grouped`: the digest the alert rides in. */
  readonly digestId?: string;
}

/** A stage lets the alert on, but as another notification (the same alert standing for several). */
export interface Pass {
  readonly next: Alert;
}

/** `undefined` passes the alert on to the next stage; a `Halt` stops it there; a `Pass` replaces it. */
export type Verdict = Halt | Pass | undefined;

/**
 * One step an alert takes on a channel entry before delivery, built once per entry by
 * `addChannel`: level filter, fingerprint, dedup, group, throttle; later silence, breaker.
 * A stage answers synchronously when it can, so the path stays free of awaits, or with a
 * promise (a store shared across processes). A promise that rejects fails the alert on
 * that entry.
 */
export interface Stage {
  /** Named in the reason of a stage that failed. */
  readonly name: string;
  /** `now`: the manager's clock, read once for the whole send. */
  check(alert: Alert, now: number): Verdict | PromiseLike<Verdict>;
  /**
   * Told what became of an alert this stage let through (sent, failed, throttled by a later
   * stage, grouped): the dedup stage forgets a notification that was never delivered. `code`:
   * the `DeliveryError` code of a delivery that failed, for the circuit breaker.
   */
  settled?(alert: Alert, status: AlertStatus, code?: string): void;
}
