import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertInput } from '../alert.js';
import type { AlertLevelName } from '../alert-level.js';
import { AlertManager } from '../alert-manager.js';

const quiet = { warn: () => {} };
const CRITICAL_INHIBITS_WARNING = {
  sourceMatchers: ['level="critical"'],
  targetMatchers: ['level="warning"'],
  equal: ['service'],
};

function setup(options: object = {}) {
  const clock = new FakeClock();
  const channel = new MemoryChannel();
  const manager = new AlertManager({ logger: quiet, clock, ...options }).addChannel(channel, {
    maxRetries: 0,
  });
  return { clock, channel, manager };
}

const alert = (title: string, level: Lowercase<AlertLevelName>, service?: string): AlertInput => ({
  title,
  level,
  labels: service === undefined ? {} : { service },
});

describe('inhibition', () => {
  it('while a critical alert fires, warnings of the same service are inhibited, counted, not sent', async () => {
    const { clock, channel, manager } = setup({ inhibitRules: [CRITICAL_INHIBITS_WARNING] });
    const first = await manager.send([
      alert('Database down', 'critical', 'db'),
      alert('Replica lag', 'warning', 'db'),
      alert('Slow page', 'warning', 'web'),
    ]);
    expect(first.map((r) => r.status)).toEqual(['sent', 'inhibited', 'sent']);
    expect(first[1]).toMatchObject({
      success: false,
      attempts: 0,
      error: `inhibited by "Database down" (fingerprint ${first[0]?.fingerprint}; inhibit rule 0)`,
    });
    // The source fires as long as it keeps coming within resolveTimeout (5 minutes).
    clock.advance(299_000);
    expect((await manager.send(alert('Replica lag', 'warning', 'db')))[0]?.status).toBe(
      'inhibited',
    );
    await manager.send(alert('Database down', 'critical', 'db'));
    clock.advance(299_000);
    expect((await manager.send(alert('Replica lag', 'warning', 'db')))[0]?.status).toBe(
      'inhibited',
    );
    // Five quiet minutes: the critical alert no longer fires; the warning goes out.
    clock.advance(1000);
    expect((await manager.send(alert('Replica lag', 'warning', 'db')))[0]?.status).toBe('sent');
    expect(channel.received.map((a) => a.title)).toEqual([
      'Database down',
      'Slow page',
      'Database down',
      'Replica lag',
    ]);
    expect(manager.stats).toMatchObject({
      totalAlerts: 7,
      totalSent: 4,
      totalInhibited: 3,
      byChannel: { memory: { sent: 4, inhibited: 3 } },
    });
  });

  it('equal labels missing from both count as equal; an alert never inhibits itself', async () => {
    const { manager } = setup({
      inhibitRules: [
        {
          sourceMatchers: 'level=~"error|critical"',
          targetMatchers: 'level=~"warning|error"',
          equal: ['service'],
        },
      ],
    });
    const results = await manager.send([
      alert('Queue stuck', 'error'),
      alert('Queue stuck', 'error'),
      alert('Disk slow', 'warning'),
      alert('Worker crash', 'error'),
      alert('Disk slow', 'warning', 'db'),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'sent',
      'sent',
      'inhibited',
      'inhibited',
      'sent',
    ]);
  });

  it('a rule with a bad matcher is refused when the manager is made', () => {
    expect(
      () =>
        new AlertManager({
          inhibitRules: [{ sourceMatchers: ['level'], targetMatchers: ['level="warning"'] }],
        }),
    ).toThrow('inhibit rule 0: `sourceMatchers`: matcher "level": expected <label><op><value>');
    expect(
      () => new AlertManager({ inhibitRules: [{ sourceMatchers: [], targetMatchers: 'a="b"' }] }),
    ).toThrow('inhibit rule 0: `sourceMatchers`: needs at least one matcher');
  });

  it('inhibits exactly while a source fires, for any sequence of alerts and clock steps; the stats add up', async () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('send' as const),
        service: fc.constantFrom('db', 'web'),
        level: fc.constantFrom('critical', 'warning', 'info'),
      }),
      fc.record({
        kind: fc.constant('advance' as const),
        ms: fc.integer({ min: 0, max: 200_000 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 50 }), async (steps) => {
        const { clock, manager } = setup({
          inhibitRules: [CRITICAL_INHIBITS_WARNING],
          resolveTimeout: '5m',
        });
        const lastCritical = new Map<string, number>();
        let sent = 0;
        let inhibited = 0;
        for (const s of steps) {
          if (s.kind === 'advance') {
            clock.advance(s.ms);
            continue;
          }
          const at = lastCritical.get(s.service);
          const fires = at !== undefined && clock.now() - at < 300_000;
          if (s.level === 'critical') lastCritical.set(s.service, clock.now());
          const [result] = await manager.send(alert(`${s.level} ${s.service}`, s.level, s.service));
          const expected = s.level === 'warning' && fires ? 'inhibited' : 'sent';
          expect(result?.status).toBe(expected);
          if (expected === 'sent') sent++;
          else inhibited++;
        }
        const stats = manager.stats;
        expect([stats.totalSent, stats.totalInhibited]).toEqual([sent, inhibited]);
        expect(stats.totalAlerts).toBe(sent + inhibited);
      }),
      { numRuns: 80 },
    );
  });
});

describe('manager.active()', () => {
  it('lists what fires: first and last seen, count, the last alert; a quiet fingerprint drops out', async () => {
    const { clock, manager } = setup({ resolveTimeout: 60 });
    expect(manager.active()).toEqual([]);
    await manager.send([alert('Disk full', 'error', 'db'), alert('Slow page', 'warning', 'web')]);
    clock.advance(30_000);
    await manager.send({ ...alert('Disk full', 'error', 'db'), body: 'still full' });
    const active = manager.active();
    expect(active.map((a) => [a.alert.title, a.count])).toEqual([
      ['Disk full', 2],
      ['Slow page', 1],
    ]);
    expect(active[0]?.alert.body).toBe('still full');
    // Within the same second the kept alert stays: a flood does not keep each one alive.
    clock.advance(500);
    await manager.send({ ...alert('Disk full', 'error', 'db'), body: 'fuller' });
    expect(manager.active()[0]).toMatchObject({ count: 3, alert: { body: 'still full' } });
    expect(active[0]?.lastSeen.getTime()).toBeGreaterThanOrEqual(
      active[0]?.firstSeen.getTime() ?? 0,
    );
    clock.advance(30_000);
    // Slow page is quiet for the whole minute; Disk full was seen 30 s ago.
    expect(manager.active().map((a) => a.alert.title)).toEqual(['Disk full']);
    clock.advance(30_000);
    expect(manager.active()).toEqual([]);
    // It fires again: a new incident, counted from one.
    await manager.send(alert('Disk full', 'error', 'db'));
    expect(manager.active().map((a) => a.count)).toEqual([1]);
  });
});
