const DELTA_SECONDS = /^\d+$/;
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// RFC 9110 section 5.6.7: the preferred IMF-fixdate and the two obsolete forms.
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

/**
 * Seconds to wait from a Retry-After header, read strictly as RFC 9110 writes it:
 * delta-seconds (`"120"`) or an HTTP date (IMF-fixdate `"Sun, 06 Nov 1994 08:49:37 GMT"`,
 * or the obsolete RFC 850 and asctime forms), counted from `now` and never negative.
 * `undefined` when absent or unreadable (`"soon-ish; 5"`, `"1.5"`, a number too large to
 * be exact), so the caller falls back to its own backoff. Takes the first value when the
 * header came several times.
 */
export function parseRetryAfter(
  value: string | readonly string[] | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const raw = typeof value === 'string' ? value : value?.[0];
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (DELTA_SECONDS.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds : undefined;
  }
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Milliseconds since the epoch of an HTTP date in one of its three forms, or `undefined`. */
function parseHttpDate(text: string, now: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m !== null) return utc(Number(m[3]), m[2], m[1], m[4], m[5], m[6]);
  m = RFC_850.exec(text);
  if (m !== null) return utc(fullYear(Number(m[3]), now), m[2], m[1], m[4], m[5], m[6]);
  m = ASCTIME.exec(text);
  if (m !== null) return utc(Number(m[6]), m[1], m[2], m[3], m[4], m[5]);
  return undefined;
}

/** A two-digit year more than 50 years ahead is the most recent past year ending so (RFC 9110). */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + twoDigits;
  if (year > thisYear + 50) year -= 100;
  return year;
}

function utc(
  year: number,
  monthName: string | undefined,
  dayText: string | undefined,
  ...time: Array<string | undefined>
): number | undefined {
  const month = MONTHS.indexOf(monthName ?? '');
  const day = Number(dayText);
  const [hour, minute, second] = time.map(Number) as [number, number, number];
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  // Date.UTC rolls 31 Feb over into March: such a date was never valid.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return undefined;
  return date.getTime();
}
