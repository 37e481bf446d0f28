import type { Duration } from '../alert-manager-options.js';
import type { AlertTableInput } from '../alert-table.js';

/** A cell of a metrics table: shown as text (`null` as an empty cell). */
export type ReportCell = string | number | boolean | null;

/** A table `collect()` may return: a title, its headings and its rows. */
export type ReportTableInput = AlertTableInput;

/**
 * What `collect()` returns: metrics by name (`{ bookings: 412, 'queue depth': 3 }`, shown as
 * a Metric/Value table), one table, or several.
 */
export type ReportMetrics =
  | Readonly<Record<string, ReportCell>>
  | ReportTableInput
  | readonly ReportTableInput[];

/** Options of `scheduleReport` (AlpineBits' daily report). */
export interface ReportOptions {
  /**
   * When the report goes out: a time of day `'08:00'` (every day), or a cron schedule
   * (`'0 8 * * 1-5'`: 08:00 on weekdays; six fields with seconds first; `@daily`...).
   */
  at: string;
  /** The IANA time zone `at` is read in, and the period is shown in. @default 'UTC' */
  timeZone?: string;
  /** The channel that receives the report: an entry's key, alias or channel name. */
  channel: string;
  /**
   * The app's own figures for the period, shown as tables below Tocsin's. A `collect` that
   * throws, rejects or takes longer than `collectTimeout` does not stop the report: it goes
   * out without them and says why.
   */
  collect?: () => ReportMetrics | PromiseLike<ReportMetrics>;
  /** How long `collect()` may take. @default 10 s */
  collectTimeout?: Duration;
  /** Fingerprints listed, the most alerts first. 1..100. @default 10 */
  top?: number;
  /** Names the report in its title and its `report` label. @default 'report' */
  name?: string;
}
