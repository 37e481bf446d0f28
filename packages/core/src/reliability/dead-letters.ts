import type { Alert } from '../alert.js';
import type { AlertResult } from '../alert-result.js';
import { type AlertTable, bodyBeforeTables } from '../alert-table.js';

/**
 * An alert that ended undelivered on a channel entry after its retries and every fallback
 * tier: what `tocsin replay` needs to send it again, under the same alert id (so a
 * receiver that honours the idempotency key does not deliver it twice). Holds the alert's
 * own fields and the redacted reason, never a channel's settings: no URL, token or password.
 */
export interface DeadLetter {
  /** `<alert id>@<entry key>`: one letter per alert and entry. */
  readonly id: string;
  /** When it was written (ISO 8601). */
  readonly at: string;
  /** The entry's key: where a replay sends it. */
  readonly channel: string;
  readonly status: 'failed' | 'circuit_open';
  /** Why, as the result said it (redacted). */
  readonly error: string;
  readonly attempts: number;
  readonly alert: DeadLetterAlert;
}

/** The alert as `send` takes it again, with its original id and timestamp. */
export interface DeadLetterAlert {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly level: number;
  readonly labels: Readonly<Record<string, string>>;
  /** ISO 8601. */
  readonly timestamp: string;
  readonly source?: string;
  readonly dedupKey?: string;
  readonly fingerprint: string;
  /** Its tables (a report's), when it has some; `body` is then the text above them. */
  readonly tables?: readonly AlertTable[];
}

/** Which letters to list or replay. */
export interface DeadLetterFilter {
  /** Only those written at or after this time. */
  readonly since?: Date;
  /** Only those of this entry key. */
  readonly channel?: string;
}

/**
 * Where undelivered alerts go (`AlertManagerOptions.deadLetters`). `write` is called on the
 * delivery path: it must not throw or wait; a store queues and writes in the background,
 * and `flush` waits for what is queued (the manager's `close()` calls it).
 */
export interface DeadLetterStore {
  write(letter: DeadLetter): void;
  /** Letters not yet replayed, oldest first. */
  list(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  /** Mark letters as replayed (delivered again): `list` leaves them out from now on. */
  markReplayed(ids: readonly string[]): Promise<void>;
  flush(): Promise<void>;
}

/** The letter for `alert`, undelivered on entry `channel` with `result`. */
export function deadLetter(alert: Alert, channel: string, result: AlertResult): DeadLetter {
  const letterAlert: DeadLetterAlert = {
    id: alert.id,
    title: alert.title,
    body: alert.body,
    level: alert.level,
    labels: { ...alert.labels },
    timestamp: alert.timestamp.toISOString(),
    fingerprint: result.fingerprint,
    ...(alert.source === undefined ? {} : { source: alert.source }),
    ...(alert.dedupKey === undefined ? {} : { dedupKey: alert.dedupKey }),
  };
  if (alert.tables !== undefined)
    Object.assign(letterAlert, {
      body: bodyBeforeTables(alert.body, alert.tables),
      tables: alert.tables,
    });
  return {
    id: `${alert.id}@${channel}`,
    at: new Date().toISOString(),
    channel,
    status: result.status === 'circuit_open' ? 'circuit_open' : 'failed',
    error: result.error ?? result.status,
    attempts: result.attempts,
    alert: letterAlert,
  };
}

/** What `replayDeadLetters` did with one letter. */
export interface ReplayOutcome {
  readonly letter: DeadLetter;
  /** The new delivery's result; absent when the letter's entry is gone (see `error`). */
  readonly result?: AlertResult;
  /** Why it was not sent again, when there was no delivery. */
  readonly error?: string;
}
