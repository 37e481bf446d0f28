const DELTA_SECONDS = /^\d+$/;
// IMF-fixdate, RFC 850 and asctime dates all start with the day's name.
const HTTP_DATE = /^[A-Za-z]{3}/;

/**
 * Seconds to wait from a Retry-After header: delta-seconds (`"120"`) or an HTTP date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`, counted from `now`, never negative). `undefined`
 * when absent or unreadable. Takes the first value when a header came several times.
 * Every channel maps Retry-After through this one function.
 */
export function parseRetryAfter(
  value: string | readonly string[] | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const raw = typeof value === 'string' ? value : value?.[0];
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (DELTA_SECONDS.test(text)) return Number(text);
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
