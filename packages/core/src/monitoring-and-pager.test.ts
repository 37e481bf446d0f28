import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from './alert-manager.js';

const quiet = { warn: () => {} };

describe('"just monitoring" markers (failnozzle)', () => {
  it('send a marked alert only to the designated entry, filtered on the others', async () => {
    const [ops, e2e] = [new MemoryChannel({ name: 'ops' }), new MemoryChannel({ name: 'e2e' })];
    const m = new AlertManager({
      logger: quiet,
      monitoring: { labels: { check: 'e2e' }, texts: ['[monitoring]'], channel: 'e2e' },
    })
      .addChannel(ops, { group: { wait: 60 } })
      .addChannel(e2e, { minLevel: 'critical' });
    const results = await m.send([
      { title: 'pipeline check', labels: { check: 'e2e' } },
      { title: 'nightly [monitoring] ping' },
      { title: 'real error', level: 'error' },
    ]);
    expect(results.map((r) => `${r.channel}:${r.status}`)).toEqual([
      // Marked: to e2e despite its minLevel, and never into ops's digest.
      'e2e:sent',
      'e2e:sent',
      'ops:grouped',
    ]);
    expect(e2e.received.map((a) => a.title)).toEqual([
      'pipeline check',
      'nightly [monitoring] ping',
    ]);
    await m.close();
    expect(ops.received.map((a) => a.title)).toEqual(['real error']);
    expect(m.stats.byChannel.ops).toMatchObject({ filtered: 2, grouped: 1 });
    expect(m.stats.byChannel.e2e).toMatchObject({ sent: 2, filtered: 1 });
  });

  it('refuses monitoring options that cannot mark anything', () => {
    expect(() => new AlertManager({ monitoring: { channel: 'e2e' } })).toThrow(
      '`monitoring` needs `labels` or `texts`',
    );
    expect(() => new AlertManager({ monitoring: { texts: [''], channel: 'e2e' } })).toThrow(
      '`monitoring.texts` must be a list of non-empty strings',
    );
  });
});

describe('the pager window (failnozzle)', () => {
  it('sends one CRITICAL alert to the pager entry when digests carry too many alerts, then re-arms', async () => {
    const clock = new FakeClock();
    const [digests, pager] = [
      new MemoryChannel({ name: 'mail' }),
      new MemoryChannel({ name: 'pager' }),
    ];
    const m = new AlertManager({ logger: quiet, clock })
      .addChannel(digests, {
        group: { wait: 10, interval: 10, pager: { limit: 20, flushes: 3, channel: 'pager' } },
      })
      .addChannel(pager, { minLevel: 'critical' });
    const flood = async (n: number) => {
      await m.send(Array.from({ length: n }, (_, i) => ({ title: `e${i % 4}` })));
      clock.advance(10_000);
      await new Promise((resolve) => setImmediate(resolve));
    };
    await flood(8);
    await flood(8);
    expect(pager.received).toHaveLength(0);
    await flood(8); // 24 alerts in the last 3 digests: more than 20
    expect(pager.received.map((a) => [a.title, a.level])).toEqual([
      ['24 alerts in the last 3 digests of "mail"', 30],
    ]);
    await flood(8); // still above: no second page
    expect(pager.received).toHaveLength(1);
    await flood(1);
    await flood(1); // 8 + 1 + 1 = 10: back under, re-armed
    await flood(30);
    expect(pager.received).toHaveLength(2);
    await m.close();
    expect(m.stats.totalAlerts).toBe(8 * 4 + 1 + 1 + 30 + 2);
  });
});
