import { getMaxListeners } from 'node:events';
import { FakeClock } from '@tocsin/test-kit';
import { beforeEach, describe, expect, it } from 'vitest';
import { AttemptDeadlines } from './attempt-deadlines.js';
import { DeliveryError } from './errors/delivery-error.js';

const timeoutError = () =>
  new DeliveryError('timed out', { channel: 'c', retryable: true, code: 'TOCSIN_TIMEOUT' });

// A fake clock drives the deadlines' time and timer together, so each case says exactly
// when things happen, and a loaded machine cannot change its outcome.
let clock: FakeClock;
beforeEach(() => {
  clock = new FakeClock(1000);
});
const elapse = (ms: number) => clock.advance(ms);
/** An outcome whose `fail` (called at the deadline) runs `onExpire`; `ok` is never called here. */
const expiring = (onExpire: () => unknown) => ({ ok: () => {}, fail: () => void onExpire() });
/** An outcome that ignores its expiry. */
const quiet = expiring(() => {});

describe('AttemptDeadlines', () => {
  it('gives each attempt up at its own deadline, and not before', () => {
    const deadlines = new AttemptDeadlines(300, timeoutError, clock);
    const expired: number[] = [];
    const started = clock.now();
    deadlines.start(
      1,
      expiring(() => expired.push(clock.now() - started)),
    );
    elapse(100);
    deadlines.start(
      2,
      expiring(() => expired.push(clock.now() - started)),
    );
    elapse(198);
    expect(expired).toEqual([]);
    elapse(2);
    expect(expired).toEqual([300]);
    elapse(99);
    expect(expired).toEqual([300]);
    elapse(1);
    expect(expired).toEqual([300, 400]);
  });

  it('never fires for an attempt that settled in time', () => {
    const deadlines = new AttemptDeadlines(100, timeoutError, clock);
    let fired = 0;
    const attempt = deadlines.start(
      1,
      expiring(() => fired++),
    );
    deadlines.settle(attempt);
    deadlines.settle(attempt);
    elapse(1000);
    expect(fired).toBe(0);
    expect(attempt.signal.aborted).toBe(false);
  });

  it('shares one signal between attempts started within a tenth of the timeout, at most 1 s', () => {
    for (const [timeoutMs, windowMs] of [
      [1000, 100],
      [60_000, 1000],
    ] as const) {
      const deadlines = new AttemptDeadlines(timeoutMs, timeoutError, clock);
      const a = deadlines.start(1, quiet);
      elapse(windowMs - 1);
      const b = deadlines.start(1, quiet);
      elapse(1);
      const c = deadlines.start(1, quiet);
      expect(a.signal, `timeout ${timeoutMs}`).toBe(b.signal);
      expect(c.signal, `timeout ${timeoutMs}`).not.toBe(a.signal);
      for (const attempt of [a, b, c]) deadlines.settle(attempt);
    }
  });

  it('aborts the signal of a hung attempt at its deadline when no attempt sharing it is still live', () => {
    const deadlines = new AttemptDeadlines(200, timeoutError, clock);
    const hung = deadlines.start(1, quiet);
    const quick = deadlines.start(1, quiet);
    deadlines.settle(quick);
    elapse(199);
    expect(hung.signal.aborted).toBe(false);
    elapse(1);
    expect(hung.signal.aborted).toBe(true);
    expect((hung.signal.reason as DeliveryError).code).toBe('TOCSIN_TIMEOUT');
  });

  it('aborts a hung attempt once the live attempts sharing its signal have settled', () => {
    const deadlines = new AttemptDeadlines(200, timeoutError, clock);
    let hungExpired = false;
    const hung = deadlines.start(
      1,
      expiring(() => {
        hungExpired = true;
      }),
    );
    elapse(15);
    const slow = deadlines.start(1, quiet);
    expect(slow.signal).toBe(hung.signal);
    elapse(185);
    expect(hungExpired).toBe(true);
    // `slow` is still within its own deadline: its request must not be cut.
    expect(slow.signal.aborted).toBe(false);
    deadlines.settle(slow);
    expect(hung.signal.aborted).toBe(true);
  });

  it('holds no timer once every attempt has settled or expired', () => {
    const deadlines = new AttemptDeadlines(200, timeoutError, clock);
    const a = deadlines.start(1, quiet);
    deadlines.start(1, quiet);
    deadlines.settle(a);
    elapse(200);
    expect(clock.pending).toBe(0);
  });

  it('lets many requests listen to one signal without a MaxListeners warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const deadlines = new AttemptDeadlines(1000, timeoutError, clock);
    const attempts = Array.from({ length: 64 }, () => deadlines.start(1, quiet));
    for (const attempt of attempts) attempt.signal.addEventListener('abort', () => {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('warning', onWarning);
    for (const attempt of attempts) deadlines.settle(attempt);
    expect(warnings).toEqual([]);
    // undici's fetch asks for the limit on every request; on Node 20 that throws for 0.
    expect(getMaxListeners(attempts[0]!.signal)).toBeGreaterThan(64);
  });
});
