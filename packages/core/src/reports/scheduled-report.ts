import type { Alert, AlertInput } from '../alert.js';
import type { AlertResult } from '../alert-result.js';
import type { AlertStats } from '../alert-stats.js';
import { alertTablesSchema } from '../alert-table.js';
import { type Clock, type ClockTimer, setClockTimer } from '../clock.js';
import { durationText } from '../config/duration.js';
import type { Logger } from '../logger.js';
import { redact } from '../redact.js';
import { type Collected, REPORT_SOURCE, reportAlert } from './report-alert.js';
import type { ReportMetrics, ReportTableInput } from './report-options.js';
import { ReportPeriod } from './report-period.js';
import type { ReportSpec } from './report-spec.js';

/** What a report needs of its manager. */
export interface ReportHost {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Epoch ms at the clock's `now` (a fake clock moves it). */
  wallAt(now: number): number;
  stats(): AlertStats;
  /** `manager.send(alert, { channel })`. */
  send(alert: AlertInput, channel: string): Promise<AlertResult[]>;
  /** Call `listener` with each alert `send` accepts; returns what stops it. */
  observe(listener: (alert: Alert) => void): () => void;
}

/** The longest a Node timer waits (about 24.8 days); a later run is reached in steps. */
const MAX_TIMER_MS = 2_147_483_647;
const TIMED_OUT = Symbol('timed out');

/**
 * A report on a schedule (AlpineBits' daily report): at each time of its cron schedule, one
 * INFO alert to its channel with the period's alerts by level, outcomes by status, the top
 * fingerprints and what `collect()` returns; then a new period starts. One timer, on the
 * manager's clock and unref'd (a report alone does not keep the process up).
 */
export class ScheduledReport {
  readonly name: string;
  readonly #spec: ReportSpec;
  readonly #host: ReportHost;
  readonly #onStop: (report: ScheduledReport) => void;
  readonly #unobserve: () => void;
  #period: ReportPeriod;
  #timer: ClockTimer | undefined;
  /** Wall time (epoch ms) of the next run. */
  #due: number | undefined;
  #stopped = false;

  /** @internal made by `scheduleReport` */
  constructor(spec: ReportSpec, host: ReportHost, onStop: (report: ScheduledReport) => void) {
    this.name = spec.name;
    this.#spec = spec;
    this.#host = host;
    this.#onStop = onStop;
    this.#period = new ReportPeriod(this.#wallNow(), host.stats());
    this.#unobserve = host.observe((alert) => {
      // The reports' own alerts count by level and status, but are no fingerprint to list.
      this.#period.count(alert, this.#wallNow(), alert.source !== REPORT_SOURCE);
    });
    this.#arm();
  }

  /** When the next report goes out; undefined when the schedule has no time left, or it was closed. */
  get nextRun(): Date | undefined {
    return this.#stopped || this.#due === undefined ? undefined : new Date(this.#due);
  }

  /**
   * Send the report of the period so far now (a new period starts); the schedule goes on.
   * Resolves with the report's results (none when it could not be sent: the logger says why).
   */
  sendNow(): Promise<AlertResult[]> {
    return this.#run(this.#wallNow());
  }

  /** Stop it: no more reports; the period so far is not sent. */
  close(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#timer?.clear();
    this.#timer = undefined;
    this.#unobserve();
    this.#onStop(this);
  }

  #wallNow(): number {
    return this.#host.wallAt(this.#host.clock.now());
  }

  /** Set the timer for the next scheduled time after now. */
  #arm(): void {
    this.#timer?.clear();
    this.#timer = undefined;
    if (this.#stopped) return;
    const now = this.#wallNow();
    // croner works in whole seconds: from just after `now`, so a run is never scheduled twice.
    this.#due = this.#spec.job.nextRun(new Date(now))?.getTime();
    if (this.#due === undefined) {
      this.#host.logger.warn(`report "${this.name}": its schedule has no time left; none is sent`);
      return;
    }
    this.#timer = setClockTimer(
      this.#host.clock,
      this.#onTimer,
      Math.min(Math.max(0, this.#due - now), MAX_TIMER_MS),
    );
    this.#timer.unref();
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    const due = this.#due;
    if (this.#stopped || due === undefined) return;
    if (this.#wallNow() < due) {
      this.#arm(); // a step of a long wait
      return;
    }
    void this.#run(due);
  };

  /** End the period at `end`, start the next, and send the report of the one that ended. */
  async #run(end: number): Promise<AlertResult[]> {
    if (this.#stopped) return [];
    const spec = this.#spec;
    const stats = this.#host.stats();
    // Alerts accepted from here on (while collect runs, too) belong to the next period.
    const summary = this.#period.summary(end, stats, spec.top);
    this.#period = new ReportPeriod(end, stats);
    this.#arm();
    const collected = await this.#collect();
    const alert = reportAlert(this.name, spec.timeZone, summary, collected);
    try {
      const results = await this.#host.send(alert, spec.channel);
      for (const result of results)
        if (!result.success)
          this.#host.logger.warn(
            `report "${this.name}" was not delivered to "${result.channel}": ${result.status}${result.error === undefined ? '' : `: ${result.error}`}`,
          );
      return results;
    } catch (error) {
      this.#host.logger.warn(
        `report "${this.name}" was not sent: ${redact(String((error as Error)?.message ?? error))}`,
      );
      return [];
    }
  }

  /** The app's tables, or why there are none: `collect` may throw, reject, hang or return junk. */
  async #collect(): Promise<Collected> {
    const { collect, collectTimeoutMs } = this.#spec;
    if (collect === undefined) return { tables: [] };
    const missing = 'its metrics are missing from this report.';
    let timer: ClockTimer | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setClockTimer(this.#host.clock, () => resolve(TIMED_OUT), collectTimeoutMs);
      timer.unref();
    });
    try {
      const value = await Promise.race([Promise.resolve().then(collect), timeout]);
      if (value === TIMED_OUT)
        return {
          tables: [],
          problem: `collect() gave no answer within ${durationText(collectTimeoutMs / 1000)}: ${missing}`,
        };
      return metricsTables(value, missing);
    } catch (error) {
      const reason = redact(String((error as Error)?.message ?? error)).slice(0, 500);
      return { tables: [], problem: `collect() failed: ${reason}; ${missing}` };
    } finally {
      timer?.clear();
    }
  }
}

/** `collect()`'s answer as checked tables; a record of metrics is a Metric/Value table. */
function metricsTables(value: ReportMetrics, missing: string): Collected {
  let tables: readonly ReportTableInput[];
  if (Array.isArray(value)) tables = value;
  else if (isTable(value)) tables = [value];
  else if (typeof value === 'object' && value !== null)
    tables = [
      {
        title: 'Metrics',
        columns: ['Metric', 'Value'],
        rows: Object.entries(value as Record<string, never>),
      },
    ];
  else
    return {
      tables: [],
      problem: `collect() returned ${value === null ? 'null' : typeof value}, not metrics (an object of values, or tables): ${missing}`,
    };
  const parsed = alertTablesSchema().max(Number.MAX_SAFE_INTEGER).safeParse(tables);
  if (parsed.success) return { tables };
  const issue = parsed.error.issues[0];
  const where = issue?.path.map((part) => `[${String(part)}]`).join('') ?? '';
  return {
    tables: [],
    problem: `collect() returned tables that cannot be shown (at ${where || 'the top'}: ${issue?.message ?? 'invalid'}): ${missing}`,
  };
}

function isTable(value: unknown): value is ReportTableInput {
  const table = value as { columns?: unknown; rows?: unknown } | null;
  return (
    typeof table === 'object' &&
    table !== null &&
    Array.isArray(table.columns) &&
    Array.isArray(table.rows)
  );
}
