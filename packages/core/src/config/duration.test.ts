import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads numbers as seconds and unit strings', () => {
    expect(parseDuration(60)).toBe(60);
    expect(parseDuration(0.5)).toBe(0.5);
    expect(parseDuration('30')).toBe(30);
    expect(parseDuration(' 2.5 ')).toBe(2.5);
    expect(parseDuration('30s')).toBe(30);
    expect(parseDuration('5m')).toBe(300);
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('1d')).toBe(86_400);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(parseDuration('1m30s')).toBe(90);
    expect(parseDuration('1h 30m')).toBe(5400);
    expect(parseDuration('.5h')).toBe(1800);
  });

  it('returns undefined for anything else', () => {
    for (const value of [
      '',
      'soon',
      '5x',
      '5 minutes',
      'm5',
      '1m30',
      '-5s',
      true,
      null,
      undefined,
      {},
      [1],
    ]) {
      expect(parseDuration(value), String(value)).toBeUndefined();
    }
  });
});
