import { epochOf, noticeOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import type { AlertStatus } from '../alert-result.js';
import { alertTimestamp } from '../alert-time.js';
import type { Clock } from '../clock.js';
import { isThenable } from '../is-thenable.js';
import { DEDUPLICATED, type DedupStage, NEVER, UNTIL_RESOLVED } from './dedup-stage.js';
import { type NoiseStore, whenKnown } from './noise-store.js';
import type { Verdict } from './stage.js';

/** How long a `never` claim lasts in a shared store (the longest repeat interval, 30 days). */
const NEVER_MS = 30 * 24 * 3600 * 1000;

/**
 * Deduplication through a `NoiseStore` shared by replicas: the first of them to see a
 * fingerprint in the repeat interval claims it and notifies; the others stop the alert as
 * `deduplicated` and the store counts it, so the next notification, on whichever replica,
 * says how many were held and since when. The same rules as `dedupStage` otherwise: a
 * notification that was not delivered gives its claim back, a resolve forgets the
 * fingerprint on every replica, and `until-resolved` ends an incident quiet for `quietMs`.
 * `never` claims last 30 days in the store, which keeps nothing for ever.
 */
export function sharedDedupStage(
  store: NoiseStore,
  scope: string,
  clock: Clock,
  intervalMs: number,
  quietMs = Number.POSITIVE_INFINITY,
): DedupStage {
  const forever = intervalMs === Number.POSITIVE_INFINITY;
  const quiet = forever && quietMs !== Number.POSITIVE_INFINITY;
  const halt = !forever ? DEDUPLICATED : quiet ? UNTIL_RESOLVED : NEVER;
  const ttlMs = !forever ? intervalMs : quiet ? quietMs : NEVER_MS;
  const keyOf = (fingerprint: string) => `${scope}:dedup:${fingerprint}`;

  return {
    name: 'dedup',
    check(alert: Alert, now: number) {
      const fingerprint = alert.fingerprint;
      const claim = store.claim(keyOf(fingerprint), ttlMs, quiet, epochOf(alert), now);
      return whenKnown(claim, ({ claimed, held, heldSince }): Verdict => {
        if (!claimed) return halt;
        if (held === 0) return undefined;
        const occurrences = {
          count: held + 1,
          firstSeen: alertTimestamp(heldSince),
          lastSeen: alert.timestamp,
        };
        return { next: noticeOf(alert, fingerprint, occurrences) };
      });
    },
    settled(alert: Alert, status: AlertStatus): void {
      if (status === 'sent' || status === 'grouped') return;
      // Not delivered: the next alert of the fingerprint, on any replica, notifies with this count.
      const count = alert.occurrences?.count ?? 1;
      const since = alert.occurrences?.firstSeen.getTime() ?? epochOf(alert);
      ignore(store.release(keyOf(alert.fingerprint), ttlMs, count, since, clock.now()));
    },
    forget(fingerprint: string): void {
      ignore(store.forget(keyOf(fingerprint)));
    },
  };
}

/** A store that gives up reports it itself (its warning); a settle or a resolve goes on. */
function ignore(answer: unknown): void {
  if (isThenable(answer)) answer.then(undefined, () => {});
}
