import type { Alert } from './alert.js';
import { type FollowedIncident, joinIncidents } from './stages/incident-stage.js';

/** A firing alert's delivery on its way: an attempt, or a retry waiting. */
export interface FiringDelivery {
  readonly alert: Alert;
  /** Called once it has settled (sent, failed, or its circuit open). */
  afterSettled: Array<() => void> | undefined;
}

/**
 * The firing deliveries of one entry on their way, by fingerprint, so that `resolve()` ends
 * an incident only after them. An incident opens on the entry when one of its alerts is sent,
 * so a resolve that came while the alert was still on its way (a slow attempt, a retry after
 * a 503) would find nothing to end: no RESOLVED notice would go, and the alert, delivered a
 * moment later, would stay open where it landed (an incident in PagerDuty, an alert in
 * Alertmanager). With the incident open from an earlier alert, the notice would go first and
 * the retried alert after it, firing again.
 */
export class FiringInFlight {
  readonly #byFingerprint = new Map<string, Set<FiringDelivery>>();
  readonly #held = new Map<string, HeldResolve>();

  begin(delivery: FiringDelivery): void {
    const fingerprint = delivery.alert.fingerprint;
    const set = this.#byFingerprint.get(fingerprint);
    if (set === undefined) this.#byFingerprint.set(fingerprint, new Set([delivery]));
    else set.add(delivery);
  }

  end(delivery: FiringDelivery): void {
    const fingerprint = delivery.alert.fingerprint;
    const set = this.#byFingerprint.get(fingerprint);
    if (set?.delete(delivery) === true && set.size === 0) this.#byFingerprint.delete(fingerprint);
    const waiting = delivery.afterSettled;
    delivery.afterSettled = undefined;
    if (waiting !== undefined) for (const wake of waiting) wake();
  }

  /** Whether deliveries of `fingerprint` are on their way. */
  has(fingerprint: string): boolean {
    return this.#byFingerprint.has(fingerprint);
  }

  /**
   * Hold a resolve of `fingerprint` until the alerts of it on their way now have settled,
   * then call `then` with them and with `ended` (what the resolve ended at once), in the
   * same turn as the last settles: nothing can come between. A resolve that comes while one
   * is held takes its place: it waits for those alerts too, and ends what the earlier one
   * ended; the earlier one's `then` gets `undefined`. Call only when `has(fingerprint)`.
   */
  holdResolve(
    fingerprint: string,
    ended: FollowedIncident | undefined,
    then: (held: HeldResolve | undefined) => void,
  ): void {
    const set = this.#byFingerprint.get(fingerprint);
    if (set === undefined) return;
    const earlier = this.#held.get(fingerprint);
    const held: HeldResolve = {
      ended: joinIncidents(earlier?.ended, ended),
      alerts: new Set([...set].map((delivery) => delivery.alert)),
    };
    this.#held.set(fingerprint, held);
    let left = set.size;
    const one = () => {
      if (--left > 0) return;
      const latest = this.#held.get(fingerprint) === held;
      if (latest) this.#held.delete(fingerprint);
      then(latest ? held : undefined);
    };
    for (const delivery of set) {
      delivery.afterSettled ??= [];
      delivery.afterSettled.push(one);
    }
  }
}

/** A resolve held until the alerts on their way when it came have settled. */
export interface HeldResolve {
  /** What it (and the resolves it took the place of) ended at once. */
  readonly ended: FollowedIncident | undefined;
  /** The alerts it waited for. */
  readonly alerts: ReadonlySet<Alert>;
}
