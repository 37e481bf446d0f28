import { afterEach, describe, expect, it, vi } from 'vitest';
import { alertTimestamp, wallTime } from './alert-time.js';
import { monotonicNow } from './clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('wallTime', () => {
  it('turns a monotonic reading into epoch milliseconds', () => {
    const before = Date.now();
    const ms = wallTime(monotonicNow());
    const after = Date.now();
    // Date.now() is whole milliseconds: allow one either side.
    expect(ms).toBeGreaterThanOrEqual(before - 1);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });

  it('follows a step of the system clock within a second', () => {
    // Only Date is faked: the monotonic clock runs on, as it does when NTP steps the time.
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), toFake: ['Date'] });
    const start = monotonicNow();
    wallTime(start);
    // The system clock is set back a day, as NTP or an operator might.
    vi.setSystemTime(new Date('2025-12-31T00:00:00Z'));
    const shown = wallTime(start + 1500);
    // Re-anchored: 1.5 s after the start on the new clock, less what really elapsed since.
    const expected = Date.parse('2025-12-31T00:00:01.500Z');
    expect(shown).toBeLessThanOrEqual(expected);
    expect(shown).toBeGreaterThan(expected - 1000);
  });
});

describe('alertTimestamp', () => {
  it("gives each alert its own read-only Date, so no caller can change another alert's time", () => {
    const ms = 1_767_225_600_000;
    const a = alertTimestamp(ms);
    const b = alertTimestamp(ms + 0.9);
    expect(a).not.toBe(b);
    expect(b.getTime()).toBe(ms);
    expect(() => a.setFullYear(2000)).toThrow(/read-only/);
    expect(b.getTime()).toBe(ms);
  });
});
