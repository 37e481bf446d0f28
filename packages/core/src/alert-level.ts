/**
 * Alert severity levels. Numbers, as in kstlib, so that routing is a single comparison
 * (`alert.level >= entry.minLevel`). `ERROR` sits between WARNING and CRITICAL for
 * logging bridges.
 */
export const AlertLevel = {
  INFO: 10,
  SUCCESS: 11,
  WARNING: 20,
  ERROR: 25,
  CRITICAL: 30,
} as const;

export type AlertLevelName = keyof typeof AlertLevel;
export type AlertLevel = (typeof AlertLevel)[AlertLevelName];
/**
 * A level as code spells it: the number, or its name in upper, lower or title case
 * (`'WARNING'`, `'warning'`, `'Warning'`), so a misspelt level fails to compile. At run time
 * any case is accepted, for JavaScript callers and config files.
 */
export type AlertLevelInput =
  | AlertLevel
  | AlertLevelName
  | Lowercase<AlertLevelName>
  | Capitalize<Lowercase<AlertLevelName>>;

const NAMES = Object.keys(AlertLevel) as AlertLevelName[];
const BY_NUMBER = new Map<number, AlertLevelName>(NAMES.map((name) => [AlertLevel[name], name]));
const VALID = `${NAMES.join(', ')} (or ${NAMES.map((n) => AlertLevel[n]).join(', ')})`;

/**
 * The level for a number or an exactly spelled name (upper, lower or title case), else
 * `undefined`. Runs for every alert, so a switch: a third of the cost of a Map lookup here
 * (hashing the string). Strings and numbers are switched on apart: with both kinds of case
 * in one switch, the optimiser cannot specialise `===` and calls a generic comparison per
 * case (~100 ns for 'warning' on the bench machine). `alert-level.test.ts` checks it
 * against `AlertLevel` for every level and spelling.
 */
export function lookupAlertLevel(value: unknown): AlertLevel | undefined {
  if (typeof value === 'string') {
    switch (value) {
      case 'INFO':
      case 'info':
      case 'Info':
        return 10;
      case 'SUCCESS':
      case 'success':
      case 'Success':
        return 11;
      case 'WARNING':
      case 'warning':
      case 'Warning':
        return 20;
      case 'ERROR':
      case 'error':
      case 'Error':
        return 25;
      case 'CRITICAL':
      case 'critical':
      case 'Critical':
        return 30;
      default:
        return undefined;
    }
  }
  switch (value) {
    case 10:
      return 10;
    case 11:
      return 11;
    case 20:
      return 20;
    case 25:
      return 25;
    case 30:
      return 30;
    default:
      return undefined;
  }
}

/** Is `value` one of the five level numbers? */
export function isAlertLevel(value: unknown): value is AlertLevel {
  return typeof value === 'number' && BY_NUMBER.has(value);
}

/**
 * Turn a level number or a case-insensitive level name into its number.
 * @throws RangeError naming the valid levels when `value` is neither.
 */
export function parseAlertLevel(value: unknown, what = 'level'): AlertLevel {
  if (typeof value === 'number' && BY_NUMBER.has(value)) return value as AlertLevel;
  if (typeof value === 'string') {
    const name = value.trim().toUpperCase();
    if (Object.hasOwn(AlertLevel, name)) return AlertLevel[name as AlertLevelName];
  }
  throw new RangeError(`\`${what}\` must be one of ${VALID}; got ${describe(value)}`);
}

/** The upper-case name of a level number (`20` -> `'WARNING'`). Once per alert: a switch. */
export function alertLevelName(level: AlertLevel): AlertLevelName {
  switch (level) {
    case 10:
      return 'INFO';
    case 11:
      return 'SUCCESS';
    case 20:
      return 'WARNING';
    case 25:
      return 'ERROR';
    case 30:
      return 'CRITICAL';
    default:
      throw new RangeError(`unknown alert level ${String(level)}`);
  }
}

/** Every level, lowest first. */
export const ALERT_LEVELS: readonly AlertLevel[] = NAMES.map((n) => AlertLevel[n]);

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}
