import { truncateUtf8 } from './render/truncate-utf8.js';

/** Appended where text was cut, so a reader knows there was more. */
export const TRUNCATION_MARKER = '… [truncated]';

/**
 * Cut `value` to at most `maxChars` characters (UTF-16 units, as most APIs count them),
 * marker included, never inside a surrogate pair. Text that fits comes back unchanged.
 */
export function truncateChars(value: string, maxChars: number, marker = TRUNCATION_MARKER): string {
  if (value.length <= maxChars) return value;
  let end = Math.max(0, maxChars - marker.length);
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return value.slice(0, end).trimEnd() + marker.slice(0, maxChars);
}

/**
 * Cut `value` to at most `maxBytes` UTF-8 bytes, marker included, on a character boundary.
 * Text that fits comes back unchanged.
 */
export function truncateBytes(value: string, maxBytes: number, marker = TRUNCATION_MARKER): string {
  const kept = truncateUtf8(value, maxBytes);
  if (!kept.truncated) return value;
  const markerBytes = Buffer.byteLength(marker, 'utf8');
  if (markerBytes >= maxBytes) return truncateUtf8(marker, maxBytes).text;
  return truncateUtf8(value, maxBytes - markerBytes).text.trimEnd() + marker;
}
