import type { Alert } from '../alert.js';
import type { FiringAlert } from './firing.js';
import type { SilenceStore } from './silences.js';

/**
 * What is firing, by fingerprint: every alert `send` accepts is recorded here; inhibition,
 * `active()` and `resolve()` read it. `MemoryIncidentStore` keeps it in this process; a store shared by
 * processes implements the same so replicas agree on what fires. `now` is the manager's
 * clock (monotonic ms); the store is made with the manager's `resolveTimeout`.
 */
export interface IncidentStore {
  /** Count an accepted alert: it opens an incident of its fingerprint or continues one. */
  record(alert: Alert, now: number): void;
  /** Whether an alert of `fingerprint` came within the resolve timeout. */
  isFiring(fingerprint: string, now: number): boolean;
  /** End the incident of `fingerprint` now: what it was, if it fired. */
  resolve(fingerprint: string, now: number): FiringAlert | undefined;
  /** What fires now, oldest incident first. */
  list(now: number): FiringAlert[];
  /** Call `listener` with the first alert of each new incident. */
  onOpen(listener: (alert: Alert) => void): void;
  /**
   * A store shared by processes: call `listener` with what another process recorded or
   * resolved, once it is known here. Channels' auto-resolve runs on it: an incident that
   * fires on another replica is not quiet, and one resolved there is not resolved again here.
   * A store kept in this process leaves it out.
   */
  onElsewhere?(listener: (change: ElsewhereChange) => void): void;
}

/** What another process sharing an incident store did with a fingerprint (`onElsewhere`). */
export interface ElsewhereChange {
  /** The manager's fingerprint. */
  readonly fingerprint: string;
  /** It resolved the incident (`manager.resolve()` there); else it accepted `count` alerts of it. */
  readonly resolved: boolean;
  readonly count: number;
  /** The incident's alert, when the store knows it (an entry's own fingerprint rule needs it). */
  readonly alert: Alert | undefined;
}

/**
 * Where a manager keeps its lifecycle state: its silences and what is firing. Each part is
 * in memory unless given (`AlertManagerOptions.store`); the scale-out issue backs both with
 * Redis. Entries' deduplication and groups have their own store (`addChannel`'s `noiseStore`).
 */
export interface LifecycleStore {
  readonly silences: SilenceStore;
  readonly incidents: IncidentStore;
}
