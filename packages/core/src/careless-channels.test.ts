import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from './alert-manager.js';
import type { Channel } from './channel.js';

const quiet = { warn: () => {} };

/** A manager with a careless channel first and a well-behaved one after it. */
function withCareless(careless: Channel, clock?: FakeClock) {
  const good = new MemoryChannel({ name: 'good' });
  const m = new AlertManager({ logger: quiet, ...(clock ? { clock } : {}) })
    .addChannel(careless, { maxRetries: 0, timeout: 1 })
    .addChannel(good);
  return { m, good };
}

/** The stats add up to what was accepted: every (alert, entry) counted once. */
function expectStatsAddUp(m: AlertManager, alerts: number): void {
  const s = m.stats;
  expect(s.totalAlerts).toBe(alerts);
  expect(s.totalSent + s.totalFailed + s.totalThrottled + s.totalFiltered).toBe(
    alerts * m.channels.length,
  );
}

describe('a careless channel still ends in a result, and spoils nothing for the others', () => {
  it('send returns a plain value instead of a promise: sent', async () => {
    const careless = { name: 'plain', send: () => ({ messageId: 'm-1' }) } as unknown as Channel;
    const { m, good } = withCareless(careless);
    const results = await m.send({ title: 't' });
    expect(results.map((r) => [r.channel, r.status])).toEqual([
      ['plain', 'sent'],
      ['good', 'sent'],
    ]);
    expect(results[0]?.messageId).toBe('m-1');
    expect(good.received).toHaveLength(1);
    expectStatsAddUp(m, 1);
    await m.close();
  });

  it('send throws synchronously: failed, with its message as the reason', async () => {
    const careless: Channel = {
      name: 'thrower',
      send() {
        throw new Error('boom before any promise');
      },
    };
    const { m, good } = withCareless(careless);
    const [bad, ok] = await m.send({ title: 't' });
    expect(bad).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'thrower: boom before any promise',
    });
    expect(ok?.status).toBe('sent');
    expect(good.received).toHaveLength(1);
    expectStatsAddUp(m, 1);
    await m.close();
  });

  it('send rejects with something that is not an Error: failed, saying so', async () => {
    const careless = { name: 'odd', send: () => Promise.reject(undefined) } as Channel;
    const { m } = withCareless(careless);
    const [bad] = await m.send({ title: 't' });
    expect(bad).toMatchObject({
      status: 'failed',
      error: 'odd: the channel failed with undefined instead of a DeliveryError',
    });
    expectStatsAddUp(m, 1);
    await m.close();
  });

  it.each([
    ['a number', 42],
    ['a string', 'ok'],
    ['an object id', { messageId: { nested: true } }],
    ['a non-list of rejected', { rejected: 'someone@example.com' }],
    ['mixed rejected', { messageId: 7, rejected: ['a@example.com', 3, null] }],
  ])(
    'send resolves with a receipt of the wrong shape (%s): sent, keeping only well-formed fields',
    async (_, receipt) => {
      const careless = { name: 'shape', send: async () => receipt } as unknown as Channel;
      const { m } = withCareless(careless);
      const [result] = await m.send({ title: 't' });
      expect(result?.status).toBe('sent');
      expect(result?.messageId === undefined || typeof result.messageId === 'string').toBe(true);
      expect(result?.messageId).not.toBe('[object Object]');
      if (result?.rejected !== undefined) expect(result.rejected).toEqual(['a@example.com']);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      expectStatsAddUp(m, 1);
      await m.close();
    },
  );

  it('send returns a promise that never settles: failed once the timeout passes; close() resolves', async () => {
    const clock = new FakeClock();
    const careless: Channel = { name: 'hang', send: () => new Promise(() => {}) };
    const { m, good } = withCareless(careless, clock);
    const sending = m.send([{ title: 'a' }, { title: 'b' }]);
    clock.advance(999);
    expect(good.received).toHaveLength(2);
    clock.advance(1);
    const results = await sending;
    expect(results.map((r) => `${r.channel}:${r.status}`)).toEqual([
      'hang:failed',
      'good:sent',
      'hang:failed',
      'good:sent',
    ]);
    expect(results[0]?.error).toBe('hang: no answer within 1 s (attempt 1)');
    expect(results[0]?.durationMs).toBe(1000);
    expectStatsAddUp(m, 2);
    await m.close();
  });

  it('keeps the process alive for a pending send whose channel holds no I/O, until its timeout', async () => {
    // A child process: the channel's promise never settles and nothing else is pending.
    // Without a referenced deadline the process would exit before `send` resolves.
    const core = fileURLToPath(new URL('./index.ts', import.meta.url));
    const script = `
      const { AlertManager } = await import(${JSON.stringify(core)});
      const m = new AlertManager({ logger: { warn() {} } })
        .addChannel({ name: 'idle', send: () => new Promise(() => {}) }, { timeout: 1, maxRetries: 0 });
      const [r] = await m.send({ title: 't' });
      console.log(JSON.stringify({ status: r.status, error: r.error }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 60_000 },
    );
    expect(JSON.parse(stdout)).toEqual({
      status: 'failed',
      error: 'idle: no answer within 1 s (attempt 1)',
    });
  }, 60_000);
});

describe('stages that answer with a promise (a shared store)', () => {
  it('an asynchronous throttle admits and throttles in order, results in place', async () => {
    let tokens = 1;
    const shared = { tryAcquire: async () => tokens-- > 0 };
    const ch = new MemoryChannel();
    const m = new AlertManager({ logger: quiet })
      .addChannel(ch, { throttle: shared })
      .addChannel(new MemoryChannel({ name: 'other' }));
    const results = await m.send([{ title: 'a' }, { title: 'b' }]);
    expect(results.map((r) => `${r.channel}:${r.status}`)).toEqual([
      'memory:sent',
      'other:sent',
      'memory:throttled',
      'other:sent',
    ]);
    expectStatsAddUp(m, 2);
  });

  it('a stage whose promise rejects fails the alert on that entry only, with the reason', async () => {
    const broken = { tryAcquire: () => Promise.reject(new Error('store unreachable')) };
    const m = new AlertManager({ logger: quiet })
      .addChannel(new MemoryChannel(), { throttle: broken })
      .addChannel(new MemoryChannel({ name: 'other' }));
    const [bad, ok] = await m.send({ title: 'a' });
    expect(bad).toMatchObject({
      status: 'failed',
      attempts: 0,
      error: 'the throttle stage failed: store unreachable',
    });
    expect(ok?.status).toBe('sent');
    expectStatsAddUp(m, 1);
  });

  it('filtered after an asynchronous stage leaves no hole in the results', async () => {
    const m = new AlertManager({ logger: quiet })
      .addChannel(new MemoryChannel({ name: 'low' }), {
        throttle: { tryAcquire: async () => true },
      })
      .addChannel(new MemoryChannel({ name: 'high' }), { minLevel: 'critical' });
    const results = await m.send([{ title: 'a' }, { title: 'b', level: 'critical' }]);
    expect(results.map((r) => `${r.channel}:${r.status}`)).toEqual([
      'low:sent',
      'low:sent',
      'high:sent',
    ]);
  });
});

describe('addChannel throttle option', () => {
  it('false means no throttle', async () => {
    const m = new AlertManager({ logger: quiet }).addChannel(new MemoryChannel(), {
      throttle: false,
    });
    const results = await m.send(Array.from({ length: 30 }, (_, i) => ({ title: `a${i}` })));
    expect(results.every((r) => r.status === 'sent')).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'fast'],
    ['a number', 10],
    ['a list', [1]],
  ])('%s is a TypeError, not a silent default bucket', (_, value) => {
    expect(() =>
      new AlertManager({ logger: quiet }).addChannel(new MemoryChannel(), {
        throttle: value as never,
      }),
    ).toThrow(/`throttle` must be an AlertThrottle, its options \{ rate, per, burst \}, or false/);
  });
});
