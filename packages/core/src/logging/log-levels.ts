import { AlertLevel } from '../alert-level.js';

/**
 * Log levels on pino's scale (trace 10, debug 20, info 30, warn 40, error 50, fatal 60), so
 * that one comparison decides whether a record becomes an alert. winston's and syslog's
 * names map onto it.
 */
const LEVEL_NUMBERS: Readonly<Record<string, number>> = {
  trace: 10,
  silly: 10,
  debug: 20,
  verbose: 20,
  http: 25,
  info: 30,
  notice: 30,
  warn: 40,
  warning: 40,
  error: 50,
  err: 50,
  fatal: 60,
  crit: 60,
  critical: 60,
  alert: 60,
  emerg: 60,
};

/** A log level as a number on pino's scale or a name (`'warn'`, winston's `'warning'`, ...). */
export type LogLevelInput = number | string;

/** The default minimum: records at error level and above become alerts. */
export const DEFAULT_LOG_MIN_LEVEL = 50;

/** A record's level on pino's scale, else undefined (an unknown name). */
export function logLevelNumber(level: unknown): number | undefined {
  if (typeof level === 'number') return Number.isFinite(level) ? level : undefined;
  if (typeof level !== 'string') return undefined;
  // winston's colorize format wraps names in escape codes; strip them.
  const name = level.includes('\u001b') ? level.replace(/\u001b\[[0-9;]*m/g, '') : level;
  return LEVEL_NUMBERS[name.toLowerCase()];
}

/**
 * `minLevel` read once: a number or a known name.
 * @throws TypeError naming `option` for anything else.
 */
export function parseLogLevel(value: unknown, option = 'minLevel'): number {
  const level = logLevelNumber(value);
  if (level === undefined)
    throw new TypeError(
      `\`${option}\` must be a level number (pino's scale: warn 40, error 50, fatal 60) or a name (warn, error, fatal, ...); got ${JSON.stringify(value) ?? String(value)}`,
    );
  return level;
}

/** The alert level of a log level: fatal and above CRITICAL, error ERROR, warn WARNING, else INFO. */
export function alertLevelOfLog(level: number): AlertLevel {
  if (level >= 60) return AlertLevel.CRITICAL;
  if (level >= 50) return AlertLevel.ERROR;
  if (level >= 40) return AlertLevel.WARNING;
  return AlertLevel.INFO;
}
