import type { Cron } from 'croner';
import { type AlertLevel, parseAlertLevel } from '../alert-level.js';
import type { HeartbeatOptions } from '../alert-manager-options.js';
import { durationText, parseDuration } from '../config/duration.js';
import { croner, isTimeZone } from '../cron.js';

/** When a heartbeat's ping is due: after each ping by `every`, or at the times of a cron schedule. */
export type HeartbeatSchedule =
  | { readonly kind: 'every'; readonly everyMs: number }
  | { readonly kind: 'cron'; readonly cron: string; readonly timezone: string; readonly job: Cron };

/** A heartbeat's options, checked and with their defaults. */
export interface HeartbeatSpec {
  readonly name: string;
  readonly schedule: HeartbeatSchedule;
  readonly graceMs: number;
  readonly level: AlertLevel;
  /** The given labels, then `heartbeat: <name>`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly title: string;
  /** The options in one canonical string: two specs of one name must have the same. */
  readonly key: string;
}

/** Longer than a year between pings is a mistake (as for a silence). */
const MAX_PERIOD_S = 366 * 86_400;
/** The dedupKey is `heartbeat:<name>`, within the fingerprint's 255 characters. */
const MAX_NAME = 200;
const DEFAULT_GRACE_S = 60;
const ERROR_LEVEL = 25 as AlertLevel;

/**
 * Check a heartbeat's name and options.
 * @throws TypeError naming the option that is wrong
 */
export function readHeartbeatSpec(name: unknown, options: HeartbeatOptions): HeartbeatSpec {
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME)
    throw new TypeError(
      `a heartbeat's \`name\` must be a non-empty string of at most ${MAX_NAME} characters`,
    );
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(`heartbeat "${name}": its options must be an object`);
  const where = `heartbeat "${name}"`;
  const schedule = readSchedule(options, where);
  const graceMs = durationMs(options.grace ?? DEFAULT_GRACE_S, 'grace', where, 0);
  let level: AlertLevel;
  try {
    level = options.level === undefined ? ERROR_LEVEL : parseAlertLevel(options.level, 'level');
  } catch (error) {
    throw new TypeError(`${where}: ${(error as Error).message}`);
  }
  // `heartbeat: <name>` comes last: the given labels cannot replace it.
  const labels = { ...readLabels(options.labels, where), heartbeat: name };
  const title = options.title ?? `Heartbeat "${name}" missed`;
  if (typeof title !== 'string' || title.trim() === '')
    throw new TypeError(`${where}: \`title\` must be a non-empty string`);
  const key = JSON.stringify([
    schedule.kind === 'every' ? schedule.everyMs : [schedule.cron, schedule.timezone],
    graceMs,
    level,
    Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    title,
  ]);
  return { name, schedule, graceMs, level, labels, title, key };
}

function readSchedule(options: HeartbeatOptions, where: string): HeartbeatSchedule {
  const { every, cron, timezone } = options;
  if ((every === undefined) === (cron === undefined))
    throw new TypeError(
      `${where}: give \`every\` (a duration such as "5m") or \`cron\` (a schedule such as "0 2 * * *"), ${every === undefined ? 'one of them' : 'not both'}`,
    );
  if (every !== undefined) {
    if (timezone !== undefined)
      throw new TypeError(`${where}: \`timezone\` is for \`cron\`; \`every\` needs none`);
    return { kind: 'every', everyMs: durationMs(every, 'every', where, 0.001) };
  }
  if (typeof cron !== 'string' || cron.trim() === '')
    throw new TypeError(`${where}: \`cron\` must be a cron expression such as "0 2 * * *"`);
  if (timezone !== undefined && (typeof timezone !== 'string' || !isTimeZone(timezone)))
    throw new TypeError(
      `${where}: \`timezone\` must be an IANA time zone such as "Europe/Berlin"; got ${typeof timezone === 'string' ? JSON.stringify(timezone.slice(0, 60)) : typeof timezone}`,
    );
  const zone = timezone ?? 'UTC';
  let job: Cron;
  try {
    job = new (croner().Cron)(cron, { timezone: zone, mode: '5-or-6-parts' });
  } catch (error) {
    throw new TypeError(
      `${where}: \`cron\` ${JSON.stringify(cron.slice(0, 100))} is not a cron expression: ${(error as Error).message.replace(/^CronPattern: /, '')}`,
    );
  }
  if (job.nextRun() === null)
    throw new TypeError(
      `${where}: \`cron\` ${JSON.stringify(cron)} has no time to come: no ping would ever be due`,
    );
  return { kind: 'cron', cron, timezone: zone, job };
}

/**
 * The wall time (epoch ms) the next ping is due by the schedule, not counting grace:
 * `every` after `since`, or the first scheduled time after it. Undefined when a cron
 * schedule has no time left.
 */
export function nextDue(schedule: HeartbeatSchedule, sinceWall: number): number | undefined {
  if (schedule.kind === 'every') return sinceWall + schedule.everyMs;
  return schedule.job.nextRun(new Date(sinceWall))?.getTime();
}

/** `every 5m` or `cron "0 2 * * *" in Europe/Berlin`: for the alert's body. */
export function describeSchedule(schedule: HeartbeatSchedule): string {
  return schedule.kind === 'every'
    ? `every ${durationText(schedule.everyMs / 1000)}`
    : `cron "${schedule.cron}" in ${schedule.timezone}`;
}

function durationMs(value: unknown, option: string, where: string, min: number): number {
  const seconds = parseDuration(value);
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < min || seconds > MAX_PERIOD_S)
    throw new TypeError(
      `${where}: \`${option}\` must be ${min > 0 ? 'a positive' : 'a'} number of seconds or a duration such as "30s", "5m", "4h", at most a year; got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value)}`,
    );
  return Math.round(seconds * 1000);
}

function readLabels(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${where}: \`labels\` must be a mapping of label names to strings`);
  const entries = Object.entries(value);
  for (const [label, text] of entries)
    if (label === '' || typeof text !== 'string')
      throw new TypeError(
        `${where}: \`labels.${label}\` must be a string (label names non-empty); got ${typeof text}`,
      );
  // fromEntries: a label called `__proto__` is a label like any other, not a prototype.
  return Object.fromEntries(entries);
}
