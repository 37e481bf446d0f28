/** Appended where text was cut, so a reader knows there was more. */
export const TRUNCATION_MARKER = '… [truncated]';

/**
 * Cut already-escaped Slack text to at most `max` characters (UTF-16 units, as Slack
 * counts them), marker included. Never cuts inside a surrogate pair or an HTML entity
 * (`&amp;`), so what arrives is still valid text.
 */
export function truncateSlackText(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = Math.max(0, max - TRUNCATION_MARKER.length);
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  const amp = value.lastIndexOf('&', end - 1);
  if (amp !== -1) {
    const semi = value.indexOf(';', amp);
    if (semi === -1 || semi >= end) end = amp;
  }
  return value.slice(0, end).trimEnd() + TRUNCATION_MARKER;
}
