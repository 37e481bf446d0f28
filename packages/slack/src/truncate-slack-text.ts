import { TRUNCATION_MARKER } from '@tocsin/channel-kit';

// The marker is channel-kit's, the same as every channel shows; the cut is Slack's own,
// since it must not split an HTML entity of Slack's escaping.

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
