import type { AlertInput } from '../alert.js';
import type { AlertManager } from '../alert-manager.js';
import type { AlertResult } from '../alert-result.js';
import { type Clock, type ClockTimer, setClockTimer, systemClock } from '../clock.js';
import { redact } from '../redact.js';
import { BoundedQueue } from './bounded-queue.js';
import { type FallbackWriter, safeWriter, stderrFallback } from './fallback-writer.js';
import {
  DEFAULT_LOG_MIN_LEVEL,
  type LogLevelInput,
  logLevelNumber,
  parseLogLevel,
} from './log-levels.js';
import { type LogMapping, type LogRecord, recordToAlert } from './log-record.js';

/**
 * A record with this field set to `true` is Tocsin's own (see `TOCSIN_LOG_MARK` users such
 * as `@tocsin/pino`'s `tocsinLogger`): a bridge never turns it into an alert.
 */
export const TOCSIN_LOG_MARK = 'tocsin';

export interface LogBridgeOptions {
  /** Records below this level are ignored: a number on pino's scale or a name. @default 'error' (50) */
  minLevel?: LogLevelInput;
  /** Fields of the record copied to labels (child loggers' bindings are fields). `hostname` always becomes `host`. @default [] */
  labels?: readonly string[];
  /** The `host` label of records without a `hostname` field. @default none */
  host?: string;
  /** Alerts waiting for the manager at most; past it the oldest are dropped and counted. 1..100,000. @default 1000 */
  maxQueue?: number;
  /** Sends in progress at most (a send without a burst policy waits for its delivery). 1..1000. @default 16 */
  concurrency?: number;
  /** Where Tocsin's own problems go (never the logger the bridge listens to). @default stderr */
  fallback?: FallbackWriter;
  /** For `flush` and `close` timeouts. @default the system clock */
  clock?: Clock;
}

/** What a bridge has done with the records it was given. */
export interface LogBridgeStats {
  /** Records at or above `minLevel`, queued as alerts. */
  readonly queued: number;
  /** Alerts dropped because the queue was full (the next alert sent says how many). */
  readonly dropped: number;
  /** Records ignored because Tocsin itself wrote them (re-entry), or the bridge was closed. */
  readonly ignored: number;
  /** Alerts the manager refused or that failed on some channel (reported to the fallback). */
  readonly failed: number;
  /** Alerts waiting in the queue now. */
  readonly waiting: number;
}

/** Set while a bridge calls into the manager on this thread: a record logged then is Tocsin's own. */
let insideTocsin = 0;

/**
 * Between a logger and an AlertManager: `write(record)` maps the record to an alert and
 * queues it, and returns at once; the queue is drained on a later turn of the event loop,
 * `concurrency` sends at a time. It never throws and never waits for the network; Tocsin's
 * own problems go to `fallback`, never back into the logger.
 */
export class LogBridge {
  private readonly minLevel: number;
  private readonly mapping: LogMapping;
  /** Alerts, or pino's lines not parsed yet (a line dropped from the queue is never parsed). */
  private readonly queue: BoundedQueue<AlertInput | string>;
  /** Drops to report on the next alert, when the item they were due on made none. */
  private carriedDrops = 0;
  private readonly concurrency: number;
  private readonly fallback: FallbackWriter;
  private readonly clock: Clock;
  private inFlight = 0;
  private scheduled = false;
  private closing: Promise<void> | undefined;
  private idle: Array<() => void> = [];
  private counts = { queued: 0, ignored: 0, failed: 0 };

  constructor(
    readonly manager: AlertManager,
    options: LogBridgeOptions = {},
  ) {
    this.minLevel =
      options.minLevel === undefined ? DEFAULT_LOG_MIN_LEVEL : parseLogLevel(options.minLevel);
    this.mapping = { labels: checkLabels(options.labels), host: options.host };
    this.queue = new BoundedQueue(checkCount(options.maxQueue ?? 1000, 'maxQueue', 100_000));
    this.concurrency = checkCount(options.concurrency ?? 16, 'concurrency', 1000);
    this.fallback = safeWriter(options.fallback ?? stderrFallback);
    this.clock = options.clock ?? systemClock;
    manager.on('digest', ({ channel, digest, result }) => {
      if (result.status === 'failed')
        this.report(
          `a digest of ${digest.total} log alerts was not delivered to "${channel}": ${result.error}`,
        );
    });
  }

  /** Take one record (pino's parsed line, winston's `info`). Never throws. */
  write(record: LogRecord): void {
    try {
      if (insideTocsin > 0 || this.closing !== undefined || record[TOCSIN_LOG_MARK] === true) {
        this.counts.ignored++;
        return;
      }
      const level = logLevelNumber(record.level);
      if (level === undefined || level < this.minLevel) return;
      this.enqueue(recordToAlert(record, level, this.mapping));
    } catch (error) {
      this.report(`a log record was not turned into an alert: ${messageOf(error)}`);
    }
  }

  /**
   * Take one line of JSON (pino's transport stream). Its level is read from the text, so a
   * line below `minLevel` is never parsed; the rest are parsed when they leave the queue,
   * so a line the queue drops costs no parse either. Never throws.
   */
  writeLine(line: string): void {
    try {
      if (insideTocsin > 0 || this.closing !== undefined) {
        this.counts.ignored++;
        return;
      }
      const level = sniffLevel(line);
      if (level !== undefined && level < this.minLevel) return;
      this.enqueue(line);
    } catch (error) {
      this.report(`a log line was not turned into an alert: ${messageOf(error)}`);
    }
  }

  private enqueue(item: AlertInput | string): void {
    this.queue.push(item);
    this.counts.queued++;
    if (!this.scheduled) {
      this.scheduled = true;
      // Not now: a burst of records in one tick fills the queue, not the network.
      setImmediate(this.pump);
    }
  }

  /** A queued line as an alert; undefined when it is not one (bad JSON, Tocsin's own, below the level). */
  private lineToAlert(line: string): AlertInput | undefined {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      this.report(`a log line that is not JSON was ignored: ${line.slice(0, 80)}`);
      return undefined;
    }
    if (typeof record !== 'object' || record === null) return undefined;
    const fields = record as LogRecord;
    if (fields[TOCSIN_LOG_MARK] === true) {
      this.counts.ignored++;
      return undefined;
    }
    const level = logLevelNumber(fields.level);
    if (level === undefined || level < this.minLevel) return undefined;
    return recordToAlert(fields, level, this.mapping);
  }

  get stats(): LogBridgeStats {
    return {
      ...this.counts,
      dropped: this.queue.totalDropped,
      waiting: this.queue.length,
    };
  }

  /**
   * Resolve once every queued alert has been handed to the manager and its send settled, or
   * after `timeoutMs`, whichever is first. Alerts held by a burst buffer stay there: `close`
   * sends them.
   */
  flush(timeoutMs = 5000): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: ClockTimer | undefined;
      const done = () => {
        timer?.clear();
        resolve();
      };
      timer = setClockTimer(this.clock, done, timeoutMs);
      this.idle.push(done);
      this.pump();
    });
  }

  /**
   * Stop taking records, flush the queue, then close the manager (which sends what burst
   * buffers and groups hold): all within `timeoutMs`. Calling it again returns the same promise.
   */
  close(timeoutMs = 5000): Promise<void> {
    this.closing ??= this.shutdown(timeoutMs);
    return this.closing;
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    const started = this.clock.now();
    await this.flush(timeoutMs);
    const left = Math.max(0, timeoutMs - (this.clock.now() - started));
    let timer: ClockTimer | undefined;
    const deadline = new Promise<void>((resolve) => {
      // The manager's own timeout covers deliveries; this one covers channels' close().
      timer = setClockTimer(this.clock, resolve, left + 1000);
    });
    try {
      await Promise.race([this.manager.close({ timeout: left / 1000 }), deadline]);
    } catch (error) {
      this.report(`closing the alert manager failed: ${messageOf(error)}`);
    } finally {
      timer?.clear();
    }
    const waiting = this.queue.length + this.inFlight;
    if (waiting > 0) this.report(`${waiting} log alerts were not sent before the close timeout`);
  }

  private readonly pump = (): void => {
    this.scheduled = false;
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const item = this.queue.shift() as AlertInput | string;
      const dropped = this.carriedDrops + this.queue.takeDropped();
      let alert: AlertInput | undefined;
      try {
        alert = typeof item === 'string' ? this.lineToAlert(item) : item;
      } catch (error) {
        this.report(`a log line was not turned into an alert: ${messageOf(error)}`);
      }
      if (alert === undefined) {
        this.carriedDrops = dropped;
        continue;
      }
      this.carriedDrops = 0;
      this.inFlight++;
      let sent: Promise<AlertResult[]>;
      insideTocsin++;
      try {
        sent = this.manager.send(dropped > 0 ? withDropped(alert, dropped) : alert);
      } catch (error) {
        sent = Promise.reject(error);
      } finally {
        insideTocsin--;
      }
      sent
        .then(
          (results) => this.check(alert, results),
          (error: unknown) => {
            this.counts.failed++;
            this.report(`log alert "${alert.title}" was refused: ${messageOf(error)}`);
          },
        )
        .finally(this.settled);
    }
    if (this.queue.length === 0 && this.inFlight === 0) this.wakeIdle();
  };

  private readonly settled = (): void => {
    this.inFlight--;
    if (this.queue.length > 0) this.pump();
    else if (this.inFlight === 0) this.wakeIdle();
  };

  private wakeIdle(): void {
    const idle = this.idle;
    if (idle.length === 0) return;
    this.idle = [];
    for (const resolve of idle) resolve();
  }

  private check(alert: AlertInput, results: AlertResult[]): void {
    for (const result of results) {
      if (result.status !== 'failed') continue;
      this.counts.failed++;
      this.report(
        `log alert "${alert.title}" was not delivered to "${result.channel}": ${result.error}`,
      );
    }
  }

  private report(line: string): void {
    insideTocsin++;
    try {
      this.fallback(redact(line));
    } finally {
      insideTocsin--;
    }
  }
}

/** The alert that follows a drop says so, in its body: the count is what a reader needs. */
function withDropped(alert: AlertInput, dropped: number): AlertInput {
  const note = `(${dropped} earlier log alert${dropped === 1 ? ' was' : 's were'} dropped: the queue between the logger and Tocsin was full)`;
  // First: a digest cuts long bodies at their end.
  return { ...alert, body: alert.body ? `${note}\n\n${alert.body}` : note };
}

const NUMERIC_LEVEL = /"level":\s*(\d+)/;
const NAMED_LEVEL = /"level":\s*"([A-Za-z]+)"/;

/** The level of a JSON line, read from its text; undefined when it cannot be told so. */
function sniffLevel(line: string): number | undefined {
  const numeric = NUMERIC_LEVEL.exec(line);
  if (numeric !== null) return Number(numeric[1]);
  const named = NAMED_LEVEL.exec(line);
  return named === null ? undefined : logLevelNumber(named[1]);
}

function checkLabels(labels: unknown): readonly string[] {
  if (labels === undefined) return [];
  if (!Array.isArray(labels) || labels.some((name) => typeof name !== 'string' || name === ''))
    throw new TypeError('`labels` must be a list of field names, such as ["service", "env"]');
  return [...labels];
}

function checkCount(value: unknown, option: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    throw new RangeError(`\`${option}\` must be an integer from 1 to ${max}; got ${String(value)}`);
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
