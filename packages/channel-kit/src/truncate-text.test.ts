import { describe, expect, it } from 'vitest';
import { TRUNCATION_MARKER, truncateBytes, truncateChars } from './truncate-text.js';

describe('truncation with a visible marker', () => {
  it('leaves text that fits alone', () => {
    expect(truncateChars('short', 10)).toBe('short');
    expect(truncateBytes('short', 10)).toBe('short');
  });

  it('cuts to a character budget, marker included, never inside a surrogate pair', () => {
    const max = 21 + TRUNCATION_MARKER.length;
    const cut = truncateChars(`${'a'.repeat(20)}${'😀'.repeat(20)}`, max);
    expect(cut).toBe(`${'a'.repeat(20)}${TRUNCATION_MARKER}`);
    expect(cut.length).toBeLessThanOrEqual(max);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('cuts to a byte budget, marker included, on a character boundary', () => {
    const cut = truncateBytes('é'.repeat(100), 50);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(50);
    expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(cut).not.toContain('\ufffd');
  });

  it('takes another marker, and keeps within a budget smaller than the marker', () => {
    expect(truncateChars('abcdefghij', 6, '…')).toBe('abcde…');
    expect(truncateChars('abcdefghij', 3, '[cut]')).toBe('[cu');
    expect(Buffer.byteLength(truncateBytes('abcdefghij', 4))).toBeLessThanOrEqual(4);
  });
});
