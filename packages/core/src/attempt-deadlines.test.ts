import { getMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AttemptDeadlines } from './attempt-deadlines.js';
import { DeliveryError } from './errors/delivery-error.js';

const timeoutError = () =>
  new DeliveryError('timed out', { channel: 'c', retryable: true, code: 'TOCSIN_TIMEOUT' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AttemptDeadlines', () => {
  it('gives each attempt up at its own deadline', async () => {
    const deadlines = new AttemptDeadlines(300, timeoutError);
    const expired: number[] = [];
    const started = performance.now();
    deadlines.start(1, () => expired.push(performance.now() - started));
    await sleep(100);
    deadlines.start(2, () => expired.push(performance.now() - started));
    await sleep(400);
    expect(expired).toHaveLength(2);
    expect(expired[0]).toBeGreaterThanOrEqual(295);
    expect(expired[1]).toBeGreaterThanOrEqual(395);
  });

  it('never fires for an attempt that settled in time', async () => {
    const deadlines = new AttemptDeadlines(100, timeoutError);
    let fired = 0;
    const attempt = deadlines.start(1, () => fired++);
    deadlines.settle(attempt);
    deadlines.settle(attempt);
    await sleep(150);
    expect(fired).toBe(0);
    expect(attempt.signal.aborted).toBe(false);
  });

  it('shares one signal between attempts started within a tenth of the timeout, and no more', async () => {
    const deadlines = new AttemptDeadlines(1000, timeoutError);
    const a = deadlines.start(1, () => {});
    const b = deadlines.start(1, () => {});
    await sleep(120);
    const c = deadlines.start(1, () => {});
    expect(a.signal).toBe(b.signal);
    expect(c.signal).not.toBe(a.signal);
    for (const attempt of [a, b, c]) deadlines.settle(attempt);
  });

  it('aborts the signal of a hung attempt at its deadline when no attempt sharing it is still live', async () => {
    const deadlines = new AttemptDeadlines(200, timeoutError);
    const hung = deadlines.start(1, () => {});
    const quick = deadlines.start(1, () => {});
    deadlines.settle(quick);
    await sleep(250);
    expect(hung.signal.aborted).toBe(true);
    expect((hung.signal.reason as DeliveryError).code).toBe('TOCSIN_TIMEOUT');
  });

  it('aborts a hung attempt once the live attempts sharing its signal have settled', async () => {
    const deadlines = new AttemptDeadlines(200, timeoutError);
    let hungExpired = false;
    const hung = deadlines.start(1, () => {
      hungExpired = true;
    });
    await sleep(15);
    const slow = deadlines.start(1, () => {});
    expect(slow.signal).toBe(hung.signal);
    await sleep(195);
    expect(hungExpired).toBe(true);
    // `slow` is still within its own deadline: its request must not be cut.
    expect(slow.signal.aborted).toBe(false);
    deadlines.settle(slow);
    expect(hung.signal.aborted).toBe(true);
  });

  it('lets many requests listen to one signal without a MaxListeners warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const deadlines = new AttemptDeadlines(1000, timeoutError);
    const attempts = Array.from({ length: 64 }, () => deadlines.start(1, () => {}));
    for (const attempt of attempts) attempt.signal.addEventListener('abort', () => {});
    await sleep(10);
    process.off('warning', onWarning);
    for (const attempt of attempts) deadlines.settle(attempt);
    expect(warnings).toEqual([]);
    // undici's fetch asks for the limit on every request; on Node 20 that throws for 0.
    expect(getMaxListeners(attempts[0]!.signal)).toBeGreaterThan(64);
  });
});
