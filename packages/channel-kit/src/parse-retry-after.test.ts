import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-02T03:04:05Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 120 ', now)).toBe(120);
    expect(parseRetryAfter(['7', '9'], now)).toBe(7);
  });

  it('reads an IMF-fixdate as seconds from now, never negative', () => {
    expect(parseRetryAfter('Thu, 02 Jan 2025 03:04:35 GMT', now)).toBe(30);
    expect(parseRetryAfter('Thu, 02 Jan 2025 03:00:00 GMT', now)).toBe(0);
  });

  it('reads the obsolete RFC 850 and asctime dates too', () => {
    expect(parseRetryAfter('Thursday, 02-Jan-25 03:05:05 GMT', now)).toBe(60);
    expect(parseRetryAfter('Thu Jan  2 03:04:15 2025', now)).toBe(10);
    expect(parseRetryAfter('Thu Jan 02 03:04:15 2025', now)).toBe(10);
  });

  it('reads a two-digit RFC 850 year more than 50 years ahead as the past', () => {
    // '94' is 1994, not 2094: long past, so no wait at all.
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(0);
  });

  it('leaves anything else unreadable, so the caller falls back to its backoff', () => {
    for (const value of [
      undefined,
      null,
      '',
      [],
      'soon',
      'soon-ish; 5',
      'abc 1',
      'later 2099',
      'Thu 2099',
      '-5',
      '1.5',
      '1e3',
      '0x10',
      '2025-01-02',
      '2099-01-01T00:00:00Z',
      'thu, 02 Jan 2099 03:04:35 GMT',
      'Thu, 02 Jan 2099 03:04:35 UTC',
      'Thu, 31 Feb 2099 03:04:35 GMT',
      'Thu, 02 Jan 2099 25:04:35 GMT',
      'Thu, 2 Jan 2099 03:04:35 GMT',
    ]) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
    }
  });

  it('leaves a number too large to be exact unreadable instead of waiting forever', () => {
    expect(parseRetryAfter('9'.repeat(400), now)).toBeUndefined();
    expect(parseRetryAfter(String(Number.MAX_SAFE_INTEGER + 1), now)).toBeUndefined();
    expect(parseRetryAfter(String(Number.MAX_SAFE_INTEGER), now)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
