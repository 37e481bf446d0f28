/**
 * Seconds to wait from a Retry-After value: delta-seconds (`'2'`) or an HTTP date
 * (`'Wed, 21 Oct 2026 07:28:00 GMT'`). `undefined` when absent or unreadable; a date in
 * the past gives 0.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
