import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight.js';

describe('InFlight', () => {
  it('drains at once when idle, and when the last request ends', async () => {
    const inFlight = new InFlight();
    expect(await inFlight.drain(1000)).toBe(true);
    const endA = inFlight.begin();
    const endB = inFlight.begin();
    expect(inFlight.size).toBe(2);
    const draining = inFlight.drain(5000);
    endA();
    endA();
    expect(inFlight.size).toBe(1);
    setTimeout(endB, 20);
    const started = performance.now();
    expect(await draining).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('gives up after the grace period when a request never ends', async () => {
    const inFlight = new InFlight();
    inFlight.begin();
    const started = performance.now();
    expect(await inFlight.drain(100)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });
});
