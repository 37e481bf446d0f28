import type { Alert } from './alert.js';
import type { AlertResult } from './alert-result.js';
import type { Digest } from './digest.js';
import type { Logger } from './logger.js';
import { redact } from './redact.js';
import type { CircuitState } from './stages/breaker-stage.js';

/** A digest went out (or failed, or was throttled): what the app can watch for. */
export interface DigestEvent {
  /** The entry's key. */
  readonly channel: string;
  /** The alerts it carried, by fingerprint. */
  readonly digest: Digest;
  /**
   * The outcome of its delivery: sent, failed (with the reason) or throttled. Its
   * `alertId` is the digest's id, or the alert's own when a batch of one went as itself.
   */
  readonly result: AlertResult;
}

/** An entry's auto-resolve sent a RESOLVED notice (or failed to, or was throttled). */
export interface ResolvedEvent {
  /** The entry's key. */
  readonly channel: string;
  /** The notice: the incident's alert with `resolved` set. */
  readonly alert: Alert;
  /** The outcome of its delivery. */
  readonly result: AlertResult;
}

/** An entry's circuit breaker changed state. */
export interface CircuitEvent {
  /** The entry's key. */
  readonly channel: string;
  readonly state: CircuitState;
  readonly previous: CircuitState;
  /** Why, for a person: "5 failures in a row (last: TOCSIN_NETWORK)". */
  readonly reason: string;
}

/**
 * A delivery ended on an entry, sent or failed: an alert's, a digest's, a RESOLVED notice's
 * or a fallback tier's. Raised once per delivery, after it is counted in the stats.
 */
export interface DeliveryEvent {
  /** The entry's key. */
  readonly channel: string;
  /** What was delivered: the alert, the digest's alert, or the notice. */
  readonly alert: Alert;
  /**
   * Its result on this entry: `sent` or `failed`, `attempts` (1 or more), and `durationMs`,
   * every attempt and the waits between them.
   */
  readonly result: AlertResult;
}

/** Events of an `AlertManager`, by name. */
export interface AlertManagerEvents {
  digest: DigestEvent;
  resolved: ResolvedEvent;
  circuit: CircuitEvent;
  delivery: DeliveryEvent;
}

type Listener<T> = (event: T) => void;

/**
 * A few typed events. A listener that throws is reported to the logger and does not stop
 * the others, nor the delivery that raised the event.
 */
export class ManagerEvents {
  private readonly listeners: {
    [K in keyof AlertManagerEvents]: Set<Listener<AlertManagerEvents[K]>>;
  } = { digest: new Set(), resolved: new Set(), circuit: new Set(), delivery: new Set() };

  constructor(private readonly logger: Logger) {}

  on<K extends keyof AlertManagerEvents>(name: K, listener: Listener<AlertManagerEvents[K]>): void {
    const set = this.listeners[name];
    if (set === undefined)
      throw new TypeError(
        `unknown event ${JSON.stringify(String(name))}; known: ${Object.keys(this.listeners).join(', ')}`,
      );
    if (typeof listener !== 'function') throw new TypeError('`listener` must be a function');
    set.add(listener);
  }

  off<K extends keyof AlertManagerEvents>(
    name: K,
    listener: Listener<AlertManagerEvents[K]>,
  ): void {
    this.listeners[name]?.delete(listener);
  }

  /** Whether anyone listens: an event raised on the hot path is only built when so. */
  listening(name: keyof AlertManagerEvents): boolean {
    return this.listeners[name].size > 0;
  }

  emit<K extends keyof AlertManagerEvents>(name: K, event: AlertManagerEvents[K]): void {
    for (const listener of this.listeners[name]) {
      try {
        listener(event);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(`a "${name}" listener threw: ${redact(message)}`);
      }
    }
  }
}
