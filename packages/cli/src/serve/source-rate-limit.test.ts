import { FakeClock } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { SourceRateLimit } from './source-rate-limit.js';

describe('SourceRateLimit', () => {
  it('lets a burst through, then one per refill, and says how long to wait', () => {
    const clock = new FakeClock();
    const limit = new SourceRateLimit({ rate: 2, per: 1, burst: 3, maxSources: 10 }, () =>
      clock.now(),
    );
    expect([1, 2, 3, 4].map(() => limit.take('10.0.0.1'))).toEqual([0, 0, 0, 1]);
    // Another source has its own bucket.
    expect(limit.take('10.0.0.2')).toBe(0);
    clock.advance(500);
    expect(limit.take('10.0.0.1')).toBe(0);
    expect(limit.take('10.0.0.1')).toBe(1);
    clock.advance(10_000);
    // Refilled up to the burst, not past it.
    expect([1, 2, 3, 4].map(() => limit.take('10.0.0.1'))).toEqual([0, 0, 0, 1]);
  });

  it('waits are whole seconds, rounded up, for a slow refill', () => {
    const clock = new FakeClock();
    const limit = new SourceRateLimit({ rate: 1, per: 60, burst: 1, maxSources: 10 }, () =>
      clock.now(),
    );
    expect(limit.take('a')).toBe(0);
    expect(limit.take('a')).toBe(60);
    clock.advance(30_500);
    expect(limit.take('a')).toBe(30);
  });

  it('remembers at most maxSources, forgetting the one seen least recently', () => {
    const clock = new FakeClock();
    const limit = new SourceRateLimit({ rate: 1, per: 60, burst: 1, maxSources: 2 }, () =>
      clock.now(),
    );
    limit.take('a');
    limit.take('b');
    expect(limit.take('a')).toBe(60); // a is now the most recent
    limit.take('c'); // b goes
    expect(limit.size).toBe(2);
    expect(limit.take('a')).toBe(60);
    expect(limit.take('c')).toBe(60);
    expect(limit.take('b')).toBe(0); // forgotten: a full bucket again
  });
});
