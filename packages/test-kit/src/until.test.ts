import { describe, expect, it } from 'vitest';
import { until } from './until.js';

describe('until', () => {
  it('resolves once the check holds, sync or async', async () => {
    let tries = 0;
    await until(() => ++tries === 3, 'the third try', { everyMs: 1 });
    expect(tries).toBe(3);
    await until(async () => ++tries === 5, 'the fifth try', { everyMs: 1 });
    expect(tries).toBe(5);
  });

  it('gives up after the timeout, naming what it waited for', async () => {
    await expect(until(() => false, 'a silence to reach b', { timeoutMs: 30 })).rejects.toThrow(
      'gave up after 30 ms waiting for a silence to reach b',
    );
  });

  it('asks a function what it waited for only at the deadline', async () => {
    let asked = 0;
    let tries = 0;
    await until(
      () => ++tries === 3,
      () => `try ${++asked}`,
      { everyMs: 1 },
    );
    expect(asked).toBe(0);
    await expect(
      until(
        () => false,
        () => `the node (log: ${++asked} line)`,
        { timeoutMs: 30 },
      ),
    ).rejects.toThrow('gave up after 30 ms waiting for the node (log: 1 line)');
  });
});
