import { epochOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import type { AlertStatus } from '../alert-result.js';
import { type Clock, type ClockTimer, setClockTimer } from '../clock.js';
import type { Stage } from './stage.js';

/** An incident an entry notified: what its RESOLVED notice will say. */
export interface FollowedIncident {
  /** The first alert the entry let through: it stands for the incident in the notice. */
  readonly alert: Alert;
  /** Epoch ms of the incident's first alert on this entry. */
  readonly firstEpoch: number;
  /** Alerts of the fingerprint that reached the entry's noise control since. */
  count: number;
  /** Clock time of the last of them: what auto-resolve runs on. */
  lastSeenAt: number;
}

/** One incident of two a resolve ended (the count of both); either, when one is missing. */
export function joinIncidents(
  first: FollowedIncident | undefined,
  second: FollowedIncident | undefined,
): FollowedIncident | undefined {
  if (first === undefined || second === undefined) return first ?? second;
  return { ...first, count: first.count + second.count, lastSeenAt: second.lastSeenAt };
}

/** Statuses that mean the entry notified the fingerprint, or holds it for a digest. */
const NOTIFIED: ReadonlySet<AlertStatus> = new Set(['sent', 'grouped', 'deduplicated']);

/**
 * The incidents an entry has notified, for its RESOLVED notices (`sendResolved`) and its
 * auto-resolve (Alertmanager's resolve_timeout, per entry). An incident opens when an alert of
 * a fingerprint is sent, grouped or deduplicated on the entry (one that was only throttled
 * or failed was never shown, so nothing is resolved for it), and ends at `take` (a resolve)
 * or after `autoResolveMs` without an alert (`onQuiet`).
 *
 * Placed after the entry's fingerprint stage: it sees the fingerprints the entry sends. One
 * record per open incident; with auto-resolve, records are kept oldest-last-alert first and
 * one timer waits for the oldest. Past `max` open incidents the oldest are forgotten.
 */
export class IncidentStage implements Stage {
  readonly name = 'incidents';
  readonly #open = new Map<string, FollowedIncident>();
  readonly #autoResolveMs: number | undefined;
  readonly #clock: Clock;
  readonly #onQuiet: (fingerprint: string, incident: FollowedIncident) => void;
  readonly #max: number;
  #timer: ClockTimer | undefined;
  #stopped = false;

  constructor(
    autoResolveMs: number | undefined,
    clock: Clock,
    onQuiet: (fingerprint: string, incident: FollowedIncident) => void,
    max: number,
  ) {
    this.#autoResolveMs = autoResolveMs;
    this.#clock = clock;
    this.#onQuiet = onQuiet;
    this.#max = max;
  }

  check(): undefined {
    return undefined;
  }

  settled(alert: Alert, status: AlertStatus): void {
    const fingerprint = alert.fingerprint;
    const now = this.#clock.now();
    const incident = this.#open.get(fingerprint);
    if (incident === undefined) {
      if (!NOTIFIED.has(status)) return;
      if (this.#open.size >= this.#max) this.#forgetOldest();
      const since = alert.occurrences?.firstSeen.getTime() ?? epochOf(alert);
      const count = alert.occurrences?.count ?? 1;
      this.#open.set(fingerprint, { alert, firstEpoch: since, count, lastSeenAt: now });
      this.#arm(now);
      return;
    }
    this.#goOn(fingerprint, incident, 1, now);
  }

  /**
   * `count` alerts of `fingerprint` came elsewhere (another replica sharing the incidents):
   * an incident the entry follows goes on, and its auto-resolve waits from now.
   */
  touch(fingerprint: string, count: number, now: number): void {
    const incident = this.#open.get(fingerprint);
    if (incident !== undefined) this.#goOn(fingerprint, incident, count, now);
  }

  /** The open incident of `fingerprint`, if any, left open. */
  peek(fingerprint: string): FollowedIncident | undefined {
    return this.#open.get(fingerprint);
  }

  /** End the incident of `fingerprint` now: what it was, if the entry notified it. */
  take(fingerprint: string): FollowedIncident | undefined {
    const incident = this.#open.get(fingerprint);
    if (incident !== undefined) this.#open.delete(fingerprint);
    return incident;
  }

  #goOn(fingerprint: string, incident: FollowedIncident, count: number, now: number): void {
    incident.count += count;
    incident.lastSeenAt = now;
    if (this.#autoResolveMs !== undefined) {
      // Keep the map in order of last alert: the timer looks at the first only.
      this.#open.delete(fingerprint);
      this.#open.set(fingerprint, incident);
    }
  }

  /** No more auto-resolves (the manager closed, or the entry was removed). */
  stop(): void {
    this.#stopped = true;
    this.#timer?.clear();
    this.#timer = undefined;
  }

  #arm(now: number): void {
    const after = this.#autoResolveMs;
    if (after === undefined || this.#timer !== undefined || this.#stopped) return;
    const first = this.#open.values().next().value as FollowedIncident | undefined;
    if (first === undefined) return;
    this.#timer = setClockTimer(
      this.#clock,
      () => {
        this.#timer = undefined;
        this.#expire();
      },
      Math.max(0, first.lastSeenAt + after - now),
    );
    // A quiet incident must not keep the process alive.
    this.#timer.unref();
  }

  /** End every incident quiet for the auto-resolve time, then wait for the next. */
  #expire(): void {
    const after = this.#autoResolveMs as number;
    const now = this.#clock.now();
    for (const [fingerprint, incident] of this.#open) {
      if (now - incident.lastSeenAt < after) break;
      this.#open.delete(fingerprint);
      this.#onQuiet(fingerprint, incident);
    }
    this.#arm(now);
  }

  /** Too many open incidents: forget the oldest tenth (they get no RESOLVED notice). */
  #forgetOldest(): void {
    for (const fingerprint of this.#open.keys()) {
      if (this.#open.size < this.#max * 0.9) break;
      this.#open.delete(fingerprint);
    }
  }
}
