import type { Cron } from 'croner';
import { parseDuration } from '../config/duration.js';
import { croner, isTimeZone } from '../cron.js';
import { REPORT_LIMITS } from '../limits.js';
import type { ReportOptions } from './report-options.js';

/** A report's options, checked and with their defaults. */
export interface ReportSpec {
  readonly name: string;
  /** The cron schedule (`'08:00'` becomes `'0 8 * * *'`). */
  readonly cron: string;
  readonly timeZone: string;
  /** croner's job, used only to compute the next run (it runs nothing itself). */
  readonly job: Cron;
  readonly channel: string;
  readonly collect: ReportOptions['collect'];
  readonly collectTimeoutMs: number;
  readonly top: number;
}

const TIME_OF_DAY = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DEFAULT_COLLECT_TIMEOUT_S = 10;
/** A collect that needs longer than ten minutes is a mistake. */
const MAX_COLLECT_TIMEOUT_S = 600;

/**
 * Check `scheduleReport`'s options.
 * @throws TypeError naming the option that is wrong
 */
export function readReportSpec(options: ReportOptions): ReportSpec {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError('`scheduleReport` options must be an object: { at, channel, ... }');
  const name = options.name ?? 'report';
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100)
    throw new TypeError("a report's `name` must be a non-empty string of at most 100 characters");
  const where = `report "${name}"`;
  const { at, channel, collect } = options;
  if (typeof channel !== 'string' || channel === '')
    throw new TypeError(`${where}: \`channel\` must name a channel (its key, alias or name)`);
  if (collect !== undefined && typeof collect !== 'function')
    throw new TypeError(`${where}: \`collect\` must be a function; got ${typeof collect}`);
  const timeZone = options.timeZone ?? 'UTC';
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone))
    throw new TypeError(
      `${where}: \`timeZone\` must be an IANA time zone such as "Europe/Berlin"; got ${typeof timeZone === 'string' ? JSON.stringify(timeZone.slice(0, 60)) : typeof timeZone}`,
    );
  if (typeof at !== 'string' || at.trim() === '')
    throw new TypeError(
      `${where}: \`at\` must be a time of day such as "08:00" or a cron schedule such as "0 8 * * 1-5"`,
    );
  const time = TIME_OF_DAY.exec(at.trim());
  const cron = time === null ? at.trim() : `${Number(time[2])} ${Number(time[1])} * * *`;
  let job: Cron;
  try {
    job = new (croner().Cron)(cron, { timezone: timeZone, mode: '5-or-6-parts' });
  } catch (error) {
    throw new TypeError(
      `${where}: \`at\` ${JSON.stringify(at.slice(0, 100))} is neither a time of day ("08:00") nor a cron schedule: ${(error as Error).message.replace(/^CronPattern: /, '')}`,
    );
  }
  if (job.nextRun() === null)
    throw new TypeError(`${where}: \`at\` ${JSON.stringify(at)} has no time to come`);
  const top = options.top ?? 10;
  if (!Number.isInteger(top) || top < 1 || top > REPORT_LIMITS.top)
    throw new TypeError(
      `${where}: \`top\` must be a whole number from 1 to ${REPORT_LIMITS.top}; got ${String(top)}`,
    );
  const timeout = parseDuration(options.collectTimeout ?? DEFAULT_COLLECT_TIMEOUT_S);
  if (timeout === undefined || !(timeout > 0) || timeout > MAX_COLLECT_TIMEOUT_S)
    throw new TypeError(
      `${where}: \`collectTimeout\` must be a duration above 0 and at most ${MAX_COLLECT_TIMEOUT_S} s ("10s", "1m"); got ${String(options.collectTimeout)}`,
    );
  return {
    name,
    cron,
    timeZone,
    job,
    channel,
    collect,
    collectTimeoutMs: Math.round(timeout * 1000),
    top,
  };
}
