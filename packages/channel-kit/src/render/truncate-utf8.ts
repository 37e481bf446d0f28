/** What `truncateUtf8` returns: the kept text and whether anything was cut. */
export interface TruncatedText {
  text: string;
  truncated: boolean;
  /** Size of the original text in UTF-8 bytes, when it was cut. */
  bytes?: number;
}

/**
 * Keep at most `maxBytes` UTF-8 bytes of `value`, cutting on a character boundary (never
 * inside a multi-byte sequence or a surrogate pair).
 */
export function truncateUtf8(value: string, maxBytes: number): TruncatedText {
  // A string of n UTF-16 units is at most 3n UTF-8 bytes: skip the byte count when it fits.
  if (value.length * 3 <= maxBytes) return { text: value, truncated: false };
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= maxBytes) return { text: value, truncated: false };
  const buffer = Buffer.from(value, 'utf8');
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && ((buffer[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: buffer.toString('utf8', 0, end), truncated: true, bytes };
}
