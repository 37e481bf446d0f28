import { describe, expect, it } from 'vitest';
import { TRUNCATION_MARKER } from '../truncate-text.js';
import { fitText } from './fit-text.js';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
const card = (text: string) => ({ title: 'Disk full', body: text === '' ? [] : [{ text }] });

describe('fitText', () => {
  it('leaves a text that fits as it is', () => {
    expect(fitText('short body', 100, 1000, card)).toEqual(card('short body'));
  });

  it('cuts to `maxChars` with the marker, even when more bytes would fit', () => {
    const built = fitText('x'.repeat(500), 100, 100_000, card);
    const text = built.body[0]?.text ?? '';
    expect(text).toHaveLength(100);
    expect(text.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  it('cuts text that escaping makes larger until the whole fits, keeping most of it', () => {
    // Each control character is 6 bytes of JSON (`\u0001`).
    const built = fitText('\u0001'.repeat(5000), 5000, 4000, card);
    expect(bytes(built)).toBeLessThanOrEqual(4000);
    expect(bytes(built)).toBeGreaterThan(3000);
    expect(built.body[0]?.text.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  it('gives the text up when even the rest does not fit', () => {
    expect(fitText('body', 100, 10, card)).toEqual(card(''));
  });
});
