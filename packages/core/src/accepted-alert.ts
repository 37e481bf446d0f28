import { inspect } from 'node:util';
import type { Alert } from './alert.js';
import { nextAlertId } from './alert-id.js';
import type { AlertLevel, AlertLevelName } from './alert-level.js';
import { alertLevelName } from './alert-level.js';
import type { AlertTable } from './alert-table.js';
import { alertTimestamp } from './alert-time.js';
import type { Digest, Occurrences, Resolution } from './digest.js';
import { type FingerprintRule, fingerprintOf } from './fingerprint.js';

/**
 * An accepted alert. A class rather than an object literal because two of its fields are
 * made when first read, then kept: its `timestamp` Date (a Date costs more than the rest of
 * the alert) and its `fingerprint` (a hash). `toJSON` and `util.inspect` show both like the
 * other fields; `{ ...alert }` copies neither (they are not own properties).
 */
export class AcceptedAlert implements Alert {
  readonly levelName: AlertLevelName;
  #epochMs: number;
  #timestamp: Date | undefined = undefined;
  #fingerprint: string | undefined;
  readonly #rule: FingerprintRule | undefined;
  /** Set only on alerts sent with tables (`withTables`): other alerts keep their shape. */
  declare readonly tables?: readonly AlertTable[];

  constructor(
    readonly id: string,
    readonly title: string,
    readonly formattedTitle: string,
    readonly body: string,
    readonly level: AlertLevel,
    readonly labels: Readonly<Record<string, string>>,
    readonly source: string | undefined,
    epochMs: number,
    readonly dedupKey: string | undefined,
    rule: FingerprintRule | undefined,
    fingerprint: string | undefined,
  ) {
    this.levelName = alertLevelName(level);
    this.#epochMs = epochMs;
    this.#rule = rule;
    this.#fingerprint = fingerprint;
  }

  /** Its own read-only Date: no caller can change another alert's time through it. */
  get timestamp(): Date {
    this.#timestamp ??= alertTimestamp(this.#epochMs);
    return this.#timestamp;
  }

  get fingerprint(): string {
    this.#fingerprint ??= fingerprintOf(this, this.#rule);
    return this.#fingerprint;
  }

  /** Epoch milliseconds of `timestamp`, without making the Date. */
  get epochMs(): number {
    return this.#epochMs;
  }

  toJSON(): Record<string, unknown> {
    return {
      ...(this as object),
      timestamp: this.timestamp.toISOString(),
      fingerprint: this.fingerprint,
    };
  }

  [inspect.custom](_depth: number, options: object): string {
    const shown = { ...(this as object), timestamp: this.timestamp, fingerprint: this.fingerprint };
    return `Alert ${inspect(shown, options)}`;
  }
}

/**
 * An alert as one entry sends it: the same alert under the entry's own fingerprint, or
 * standing for several of its fingerprint (`occurrences`), or a digest. Made only when an
 * entry needs one of these; every other delivery sends the accepted alert itself.
 */
export class NoticeAlert extends AcceptedAlert {
  constructor(
    base: AcceptedAlert,
    fingerprint: string,
    readonly occurrences: Occurrences | undefined,
    readonly digest: Digest | undefined = undefined,
  ) {
    super(
      base.id,
      base.title,
      base.formattedTitle,
      base.body,
      base.level,
      base.labels,
      base.source,
      base.epochMs,
      base.dedupKey,
      undefined,
      fingerprint,
    );
    if (base.tables !== undefined) withTables(this, base.tables);
  }
}

/**
 * A RESOLVED notice: the incident's alert under a new id (a receiver that deduplicates on ids
 * must not take it for the firing one), timed at the resolve, with its `resolved` record.
 */
export class ResolvedNotice extends AcceptedAlert {
  constructor(
    base: Alert,
    fingerprint: string,
    readonly resolved: Resolution,
  ) {
    super(
      nextAlertId(),
      base.title,
      base.formattedTitle,
      base.body,
      base.level,
      base.labels,
      base.source,
      resolved.endsAt.getTime(),
      base.dedupKey,
      undefined,
      fingerprint,
    );
  }
}

/** Give an accepted alert its tables (an own, read-only, enumerable property). */
export function withTables<T extends AcceptedAlert>(alert: T, tables: readonly AlertTable[]): T {
  Object.defineProperty(alert, 'tables', { value: tables, enumerable: true });
  return alert;
}

/** `alert` with another fingerprint and, when it stands for several, their `occurrences`. */
export function noticeOf(
  alert: Alert,
  fingerprint: string,
  occurrences: Occurrences | undefined,
): Alert {
  if (occurrences === undefined && fingerprint === alert.fingerprint) return alert;
  return new NoticeAlert(alert as AcceptedAlert, fingerprint, occurrences);
}

/** Epoch milliseconds of an alert's time, without making its Date when core made the alert. */
export function epochOf(alert: Alert): number {
  return alert instanceof AcceptedAlert ? alert.epochMs : alert.timestamp.getTime();
}
