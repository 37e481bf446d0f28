import { truncateChars } from '../truncate-text.js';

/** Characters kept back on each pass for the marker and rounding. */
const SLACK_CHARS = 32;

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * `build(text)` with `text` cut (with a visible marker) until the JSON of what `build`
 * returns fits `maxBytes`; at most `maxChars` of it, and `''` when even the first
 * character does not fit. Each pass cuts in proportion to what is still over, as escaping
 * makes a character 1 to 6 bytes of JSON, and by one character at least.
 */
export function fitText<T>(
  text: string,
  maxChars: number,
  maxBytes: number,
  build: (text: string) => T,
): T {
  const without = jsonBytes(build(''));
  let chars = Math.min(text.length, maxChars);
  for (;;) {
    const built = build(chars === 0 ? '' : truncateChars(text, chars));
    const total = jsonBytes(built);
    const over = total - maxBytes;
    if (over <= 0 || chars === 0) return built;
    const share = Math.floor(chars * (1 - over / Math.max(1, total - without)));
    chars = Math.max(0, Math.min(share - SLACK_CHARS, chars - 1));
  }
}
