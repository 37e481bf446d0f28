import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('formatDuration', () => {
  it('shows the largest unit reached and the next one', () => {
    expect(formatDuration(12 * MIN + 30 * S)).toBe('12 min 30 s');
    expect(formatDuration(3 * H + 5 * MIN)).toBe('3 h 5 min');
    expect(formatDuration(45 * S)).toBe('45 s');
    expect(formatDuration(2 * D + 4 * H)).toBe('2 d 4 h');
  });

  it('rounds down and drops what is below the second unit', () => {
    expect(formatDuration(3 * H + 5 * MIN + 59 * S + 999)).toBe('3 h 5 min');
    expect(formatDuration(45 * S + 999)).toBe('45 s');
    expect(formatDuration(2 * D + 59 * MIN)).toBe('2 d');
  });

  it('leaves out a second unit of zero', () => {
    expect(formatDuration(3 * H + 30 * S)).toBe('3 h');
    expect(formatDuration(MIN)).toBe('1 min');
    expect(formatDuration(400 * D)).toBe('400 d');
  });

  it('says "less than 1 s" under a second, and for negative or non-finite values', () => {
    expect(formatDuration(999)).toBe('less than 1 s');
    expect(formatDuration(1000)).toBe('1 s');
    for (const ms of [0, -5 * MIN, Number.NaN, Number.POSITIVE_INFINITY])
      expect(formatDuration(ms)).toBe('less than 1 s');
  });
});
