import { afterEach, describe, expect, it, vi } from 'vitest';
import { alertTimestamp, wallTime } from './alert-time.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('wallTime', () => {
  it('turns a performance.now() reading into epoch milliseconds', () => {
    const before = Date.now();
    const ms = wallTime(performance.now());
    const after = Date.now();
    // Date.now() is whole milliseconds: allow one either side.
    expect(ms).toBeGreaterThanOrEqual(before - 1);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });

  it('follows a step of the system clock within a second', () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    wallTime(performance.now());
    vi.advanceTimersByTime(1500);
    // The system clock is set back a day, as NTP or an operator might.
    vi.setSystemTime(new Date('2025-12-31T00:00:01.500Z'));
    expect(new Date(wallTime(performance.now())).toISOString()).toBe('2025-12-31T00:00:01.500Z');
  });
});

describe('alertTimestamp', () => {
  it('shares one Date per millisecond, and makes a new one when the millisecond changes', () => {
    const ms = 1_767_225_600_000;
    expect(alertTimestamp(ms)).toBe(alertTimestamp(ms + 0.9));
    expect(alertTimestamp(ms + 1)).not.toBe(alertTimestamp(ms));
    expect(alertTimestamp(ms + 0.9).getTime()).toBe(ms);
  });
});
