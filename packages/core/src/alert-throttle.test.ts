import { FakeClock } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertThrottle } from './alert-throttle.js';
import { AlertThrottledError } from './errors/alert-throttled-error.js';

const quiet = { warn: () => {} };

describe('AlertThrottle', () => {
  it('defaults to kstlib: rate 10 per 60 s, burst = rate', () => {
    const throttle = new AlertThrottle({ clock: new FakeClock() });
    expect([throttle.rate, throttle.per, throttle.burst]).toEqual([10, 60, 10]);
    expect(String(throttle)).toBe('AlertThrottle(rate=10, per=60, burst=10)');
  });

  it('starts with burst tokens and refuses once they are spent, without blocking', () => {
    const throttle = new AlertThrottle({ rate: 10, per: 60, burst: 3, clock: new FakeClock() });
    expect(throttle.available).toBe(3);
    expect([throttle.tryAcquire(), throttle.tryAcquire(), throttle.tryAcquire()]).toEqual([
      true,
      true,
      true,
    ]);
    expect(throttle.tryAcquire()).toBe(false);
  });

  it('refills lazily at rate/per tokens per second, up to rate', () => {
    const clock = new FakeClock();
    const throttle = new AlertThrottle({ rate: 10, per: 60, burst: 1, clock });
    expect(throttle.tryAcquire()).toBe(true);
    expect(throttle.timeUntilAvailable).toBeCloseTo(6, 6);
    clock.advance(5_999);
    expect(throttle.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(throttle.tryAcquire()).toBe(true);
    clock.advance(3_600_000);
    expect(throttle.available).toBe(10);
  });

  it('reset() refills to rate, not to burst', () => {
    const throttle = new AlertThrottle({ rate: 5, per: 60, burst: 2, clock: new FakeClock() });
    throttle.tryAcquire();
    throttle.reset();
    expect(throttle.available).toBe(5);
  });

  it('acquire({ timeout: 0 }) throws at once when empty, with retryAfter in seconds', async () => {
    const throttle = new AlertThrottle({ rate: 1, per: 60, clock: new FakeClock() });
    await throttle.acquire({ timeout: 0 });
    const error = await throttle.acquire({ timeout: 0 }).catch((e: unknown) => e);
    expect(AlertThrottledError.isInstance(error)).toBe(true);
    expect((error as AlertThrottledError).retryAfter).toBeCloseTo(60, 6);
  });

  it('acquire() waits for the next token when the deadline allows it', async () => {
    const clock = new FakeClock();
    const throttle = new AlertThrottle({ rate: 2, per: 1, burst: 1, clock });
    throttle.tryAcquire();
    let done = false;
    const waiting = throttle.acquire({ timeout: 5 }).then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    expect(clock.pending).toBe(1);
    clock.advance(500);
    await waiting;
    expect(done).toBe(true);
  });

  it('acquire() throws AlertThrottledError when no token can come before the deadline', async () => {
    const throttle = new AlertThrottle({ rate: 1, per: 60, clock: new FakeClock() });
    throttle.tryAcquire();
    await expect(throttle.acquire({ timeout: 5 })).rejects.toMatchObject({
      name: 'AlertThrottledError',
      code: 'TOCSIN_THROTTLED',
    });
  });

  it('acquire() on the real clock waits about the refill time', async () => {
    const throttle = new AlertThrottle({ rate: 20, per: 1, burst: 1 });
    throttle.tryAcquire();
    const started = performance.now();
    await throttle.acquire({ timeout: 2 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
  });

  it('acquire() rejects a negative or NaN timeout', async () => {
    const throttle = new AlertThrottle({ clock: new FakeClock() });
    await expect(throttle.acquire({ timeout: -1 })).rejects.toThrow('`timeout`');
    await expect(throttle.acquire({ timeout: Number.NaN })).rejects.toThrow(RangeError);
  });

  it('clamps out-of-range settings with one warning each naming value, source and result', () => {
    const warnings: string[] = [];
    const throttle = new AlertThrottle({
      rate: 0,
      per: 999_999,
      burst: 50,
      logger: { warn: (m) => warnings.push(m) },
    });
    expect([throttle.rate, throttle.per, throttle.burst]).toEqual([1, 86_400, 1]);
    expect(warnings).toEqual([
      'throttle.rate 0 (from AlertThrottle options) is below the minimum 1; using 1',
      'throttle.per 999999 (from AlertThrottle options) is above the maximum 86400; using 86400',
      'throttle.burst 50 (from AlertThrottle options) is above the maximum 1; using 1',
    ]);
  });

  it('rejects NaN, Infinity and non-numbers', () => {
    expect(() => new AlertThrottle({ rate: Number.NaN, logger: quiet })).toThrow(
      '`throttle.rate` must be a finite number; got NaN',
    );
    expect(() => new AlertThrottle({ per: Number.POSITIVE_INFINITY, logger: quiet })).toThrow(
      RangeError,
    );
    expect(() => new AlertThrottle({ rate: '10' as unknown as number, logger: quiet })).toThrow(
      TypeError,
    );
  });

  it('uses no timers while idle', () => {
    const throttle = new AlertThrottle({ rate: 1, per: 1 });
    const handles = (
      process as unknown as { getActiveResourcesInfo(): string[] }
    ).getActiveResourcesInfo();
    throttle.tryAcquire();
    throttle.tryAcquire();
    expect(
      (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo(),
    ).toEqual(handles);
  });
});

describe('AlertThrottle properties (fast-check, injected clock)', () => {
  // Scripts mix acquire attempts (-1) with clock advances in thousandths of `per`, so
  // windows of length `per` are crossed often and bursts land right after refills.
  const scenario = fc.record({
    rate: fc.integer({ min: 1, max: 200 }),
    per: fc.integer({ min: 1, max: 120 }),
    burstFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    script: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(-1) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 600 }) },
      ),
      {
        maxLength: 500,
      },
    ),
  });

  function run({
    rate,
    per,
    burstFraction,
    script,
  }: {
    rate: number;
    per: number;
    burstFraction: number;
    script: number[];
  }) {
    const clock = new FakeClock();
    const burst = Math.max(1, Math.floor(rate * burstFraction));
    const throttle = new AlertThrottle({ rate, per, burst, clock, logger: quiet });
    const admittedAt: number[] = [];
    const checks: Array<{ admitted: number; elapsedMs: number }> = [];
    for (const step of script) {
      if (step < 0) {
        if (throttle.tryAcquire()) admittedAt.push(clock.now());
      } else clock.advance(step * per);
      checks.push({ admitted: admittedAt.length, elapsedMs: clock.now() });
    }
    return { burst, admittedAt, checks };
  }

  it('never admits more than burst + rate·elapsed/per', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { burst, checks } = run(s);
        for (const { admitted, elapsedMs } of checks) {
          expect(admitted).toBeLessThanOrEqual(burst + (s.rate * elapsedMs) / 1000 / s.per + 1e-9);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('admits at most rate + (rate - 1) in any window of length per, the token-bucket bound', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { admittedAt } = run(s);
        let start = 0;
        for (let end = 0; end < admittedAt.length; end++) {
          while ((admittedAt[end] as number) - (admittedAt[start] as number) >= s.per * 1000)
            start++;
          expect(end - start + 1).toBeLessThanOrEqual(2 * s.rate - 1);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a full bucket admits rate at once and rate - 1 more before per has passed (kstlib semantics)', () => {
    // Why "at most rate per window" is not a token-bucket property: the full bucket is
    // spent at t = 0, then refills at rate/per, so one window of `per` sees 2·rate - 1.
    const clock = new FakeClock();
    const throttle = new AlertThrottle({ rate: 10, per: 60, clock });
    let admitted = 0;
    while (throttle.tryAcquire()) admitted++;
    clock.advance(59_999);
    while (throttle.tryAcquire()) admitted++;
    expect(admitted).toBe(19);
  });

  it('a flood of n acquires at once gets exactly min(n, burst)', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.integer({ min: 0, max: 2000 }),
        ({ rate, per, burstFraction }, n) => {
          const burst = Math.max(1, Math.floor(rate * burstFraction));
          const throttle = new AlertThrottle({
            rate,
            per,
            burst,
            clock: new FakeClock(),
            logger: quiet,
          });
          let admitted = 0;
          for (let i = 0; i < n; i++) if (throttle.tryAcquire()) admitted++;
          expect(admitted).toBe(Math.min(n, burst));
        },
      ),
    );
  });
});
