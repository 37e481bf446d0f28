import { epochOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import { alertTimestamp } from '../alert-time.js';
import type { IncidentStore } from './lifecycle-store.js';

/** One problem now firing: what `manager.active()` lists. */
export interface FiringAlert {
  /** The manager's fingerprint of its alerts. */
  readonly fingerprint: string;
  /** The first alert of this incident, and the last. */
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  /** Alerts of this fingerprint since the incident opened. */
  readonly count: number;
  /** The last alert, to within a second (a flood does not keep each one alive). */
  readonly alert: Alert;
  /**
   * Set when another process sharing the store opened the incident (`learn`): no entry of
   * this manager may have notified it, yet `resolve()` here ends it for all.
   */
  readonly elsewhere?: true;
}

/** What another process saw of an incident, for `MemoryIncidentStore.learn`. */
export interface SeenElsewhere {
  /** Its alerts so far, in every process. */
  readonly count: number;
  /** Epoch ms of its first alert and of its last. */
  readonly firstEpoch: number;
  readonly lastEpoch: number;
  /** When its last alert came, on this store's clock (monotonic ms). */
  readonly lastSeenAt: number;
}

interface Incident {
  firstEpoch: number;
  lastEpoch: number;
  /** Clock time of the last alert (monotonic ms): what the timeout runs on. */
  lastSeenAt: number;
  count: number;
  /** The last alert kept, and the clock time it came. */
  alert: Alert;
  alertAt: number;
  /** Opened by another process (`learn`). Always set, so every incident has one shape. */
  elsewhere: boolean;
}

/** The alert an incident keeps is replaced by a newer one at most this often. */
const ALERT_REFRESH_MS = 1000;

/**
 * What is firing: every fingerprint the manager accepted an alert of within
 * `resolveTimeoutMs` (Alertmanager's resolve_timeout). Inhibition asks it whether a source
 * alert still fires; `manager.active()` lists it. One record per fingerprint, updated in
 * place; quiet ones are swept at most once per timeout, and past `max` fingerprints the
 * oldest incidents are forgotten first.
 */
export class MemoryIncidentStore implements IncidentStore {
  readonly #incidents = new Map<string, Incident>();
  readonly #timeoutMs: number;
  readonly #max: number;
  readonly #opened: Array<(alert: Alert) => void> = [];
  #sweptAt = 0;

  constructor(resolveTimeoutMs: number, max: number) {
    this.#timeoutMs = resolveTimeoutMs;
    this.#max = max;
  }

  /** Call `listener` with the first alert of each new incident. */
  onOpen(listener: (alert: Alert) => void): void {
    this.#opened.push(listener);
  }

  /**
   * Count an accepted alert (`count` of them: what another replica saw in one turn); `now`
   * is the manager's clock.
   */
  record(alert: Alert, now: number, count = 1): void {
    const fingerprint = alert.fingerprint;
    const incident = this.#incidents.get(fingerprint);
    const epoch = epochOf(alert);
    if (incident !== undefined && now - incident.lastSeenAt < this.#timeoutMs) {
      incident.count += count;
      incident.lastSeenAt = now;
      if (epoch > incident.lastEpoch) incident.lastEpoch = epoch;
      // Keeping every last alert would keep each alert of a flood alive until the next of its
      // fingerprint, long enough to reach the old generation: the kept one is at most a second old.
      if (now - incident.alertAt >= ALERT_REFRESH_MS) {
        incident.alert = alert;
        incident.alertAt = now;
      }
      return;
    }
    if (now - this.#sweptAt >= this.#timeoutMs || this.#incidents.size >= this.#max)
      this.#sweep(now);
    // A new incident goes to the end of the map: the oldest are first, for the sweep. (On a
    // map of 100,000 fingerprints each lookup costs; a fingerprint never seen has none to move.)
    if (incident !== undefined) this.#incidents.delete(fingerprint);
    this.#incidents.set(fingerprint, {
      firstEpoch: epoch,
      lastEpoch: epoch,
      lastSeenAt: now,
      count,
      alert,
      alertAt: now,
      elsewhere: false,
    });
    for (const listener of this.#opened) listener(alert);
  }

  /**
   * Open an incident another process saw, as it was there (a shared store catching up,
   * one call rather than `count` records): when its last alert is within the timeout and
   * nothing of its fingerprint fires here. One that fires here already is left as it is.
   * @returns whether it opened
   */
  learn(alert: Alert, seen: SeenElsewhere, now: number): boolean {
    const fingerprint = alert.fingerprint;
    if (now - seen.lastSeenAt >= this.#timeoutMs || this.isFiring(fingerprint, now)) return false;
    if (now - this.#sweptAt >= this.#timeoutMs || this.#incidents.size >= this.#max)
      this.#sweep(now);
    this.#incidents.delete(fingerprint);
    this.#incidents.set(fingerprint, {
      firstEpoch: seen.firstEpoch,
      lastEpoch: seen.lastEpoch,
      lastSeenAt: seen.lastSeenAt,
      count: seen.count,
      alert,
      alertAt: seen.lastSeenAt,
      elsewhere: true,
    });
    for (const listener of this.#opened) listener(alert);
    return true;
  }

  /** Whether an alert of `fingerprint` came within the timeout. */
  isFiring(fingerprint: string, now: number): boolean {
    const incident = this.#incidents.get(fingerprint);
    return incident !== undefined && now - incident.lastSeenAt < this.#timeoutMs;
  }

  /**
   * End the incident of `fingerprint` now (`manager.resolve`): what it was, or undefined when
   * nothing of it fires. The next alert of the fingerprint opens a new incident.
   */
  resolve(fingerprint: string, now: number): FiringAlert | undefined {
    const incident = this.#incidents.get(fingerprint);
    if (incident === undefined) return undefined;
    this.#incidents.delete(fingerprint);
    if (now - incident.lastSeenAt >= this.#timeoutMs) return undefined;
    return toFiring(fingerprint, incident);
  }

  /** What fires now, oldest incident first. */
  list(now: number): FiringAlert[] {
    const out: FiringAlert[] = [];
    for (const [fingerprint, incident] of this.#incidents) {
      if (now - incident.lastSeenAt >= this.#timeoutMs) continue;
      out.push(toFiring(fingerprint, incident));
    }
    return out.sort((a, b) => a.firstSeen.getTime() - b.firstSeen.getTime());
  }

  #sweep(now: number): void {
    this.#sweptAt = now;
    for (const [fingerprint, incident] of this.#incidents)
      if (now - incident.lastSeenAt >= this.#timeoutMs) this.#incidents.delete(fingerprint);
    // Still too many: forget the oldest incidents, a tenth at once so the next sweep waits.
    for (const fingerprint of this.#incidents.keys()) {
      if (this.#incidents.size < this.#max * 0.9) break;
      this.#incidents.delete(fingerprint);
    }
  }
}

function toFiring(fingerprint: string, incident: Incident): FiringAlert {
  return {
    fingerprint,
    firstSeen: alertTimestamp(incident.firstEpoch),
    lastSeen: alertTimestamp(incident.lastEpoch),
    count: incident.count,
    alert: incident.alert,
    ...(incident.elsewhere ? { elsewhere: true } : {}),
  };
}
