import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import type { AddChannelOptions } from '../alert-manager-options.js';
import type { AlertResult } from '../alert-result.js';
import type { AlertConditionsOptions } from './conditions-options.js';
import { spoken } from './conditions-stage.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

function setup(conditions: AlertConditionsOptions, more: AddChannelOptions = {}) {
  const clock = new FakeClock(0);
  const channel = new MemoryChannel({ name: 'oncall' });
  const warnings: string[] = [];
  const manager = new AlertManager({
    clock,
    logger: { warn: (message) => warnings.push(message) },
  }).addChannel(channel, { conditions, maxRetries: 0, ...more });
  const send = async (title: string, level = 'error') =>
    (await manager.send({ title, level: level as 'error', body: 'stack trace' }))[0];
  return { clock, channel, manager, send, warnings };
}

describe('alert conditions', () => {
  it('new: the first alert of a fingerprint goes out, labelled and saying so; repeats stop as deduplicated', async () => {
    const { channel, send, manager } = setup({ new: true });
    expect((await send('DB down'))?.status).toBe('sent');
    const repeat = await send('DB down');
    expect(repeat).toMatchObject({
      status: 'deduplicated',
      error: 'No alert condition met (new)',
    });
    expect((await send('Disk full', 'warning'))?.status).toBe('sent');
    expect(channel.received.map((a) => [a.labels.condition, a.body])).toEqual([
      ['new', 'New error: first seen.\n\nstack trace'],
      ['new', 'New warning: first seen.\n\nstack trace'],
    ]);
    // The label is news about the alert: its fingerprint is the one sent.
    const [first] = channel.received;
    const plain = await manager.send({ title: 'DB down', level: 'error' }, { channel: 'oncall' });
    expect(plain[0]?.fingerprint).toBe(first?.fingerprint);
    expect(manager.stats).toMatchObject({ totalAlerts: 4, totalSent: 2, totalDeduplicated: 2 });
  });

  it('regression: seen again after its quiet time, or after a resolve, with how long', async () => {
    const { clock, channel, send, manager } = setup({ regression: { quiet: '1h' } });
    expect((await send('DB down'))?.status).toBe('deduplicated');
    clock.advance(30 * MINUTE);
    expect((await send('DB down'))?.status).toBe('deduplicated');
    clock.advance(3 * HOUR + 5 * MINUTE);
    expect((await send('DB down'))?.status).toBe('sent');
    expect(channel.received[0]?.body).toBe(
      'Regression: seen again after 3 h 5 min quiet.\n\nstack trace',
    );
    expect(channel.received[0]?.labels.condition).toBe('regression');
    // Within the quiet time, but after a resolve of its fingerprint.
    clock.advance(MINUTE);
    await manager.resolve({ title: 'DB down', level: 'error', body: 'stack trace' });
    clock.advance(20 * MINUTE);
    expect((await send('DB down'))?.status).toBe('sent');
    expect(channel.received[1]?.body).toMatch(
      /^Regression: seen again 20 min after it was resolved\./,
    );
    expect((await send('DB down'))?.status).toBe('deduplicated');
  });

  it('frequency: the Nth alert within the window goes out with the count; then the count starts again', async () => {
    const { clock, channel, send } = setup({ frequency: { count: 3, window: '1h' } });
    const statuses: string[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await send('Slow query'))?.status ?? '');
      clock.advance(10 * MINUTE);
    }
    expect(statuses).toEqual([
      'deduplicated',
      'deduplicated',
      'sent',
      'deduplicated',
      'deduplicated',
      'sent',
      'deduplicated',
    ]);
    expect(channel.received[0]?.body).toBe('Frequent: 3 in 1h.\n\nstack trace');
    // Two, then the window passes: the count starts again from the next one.
    clock.advance(2 * HOUR);
    expect((await send('Slow query'))?.status).toBe('deduplicated');
    expect((await send('Slow query'))?.status).toBe('deduplicated');
    expect((await send('Slow query'))?.status).toBe('sent');
  });

  it('new wins over frequency when both are met; the message names one condition', async () => {
    const { channel, send } = setup({ new: true, frequency: { count: 1, window: '1m' } });
    await send('A');
    await send('A');
    expect(channel.received.map((a) => a.labels.condition)).toEqual(['new', 'frequency']);
  });

  it('remembers at most maxFingerprints: the least recently seen is forgotten, and is new again', async () => {
    const { send } = setup({ new: true, maxFingerprints: 2 });
    const statuses: Array<string | undefined> = [];
    for (const title of ['a', 'b', 'a', 'c', 'a', 'b', 'c'])
      statuses.push((await send(title))?.status);
    // After a, b, a: b is the least recent, so c forgets b; b then forgets c (a was seen after it).
    expect(statuses).toEqual([
      'sent',
      'sent',
      'deduplicated',
      'sent',
      'deduplicated',
      'sent',
      'sent',
    ]);
  });

  it('rejects options that ask for nothing or have the wrong shape; clamps to the hard limits with a warning', () => {
    expect(() => setup({})).toThrow('`conditions` asks for no condition');
    expect(() => setup({ new: 'yes' as never })).toThrow('`conditions.new` must be true or false');
    expect(() => setup({ frequency: { count: 3 } as never })).toThrow(
      /conditions\.frequency\.window/,
    );
    expect(() => setup({ regression: 'often' as never })).toThrow('`conditions.regression`');
    const { warnings } = setup({ new: true, maxFingerprints: 5_000_000 });
    expect(warnings).toEqual([
      'conditions.max_fingerprints 5000000 (from addChannel("oncall") options) is above the maximum 1000000; using 1000000',
    ]);
  });

  it('spoken durations keep the two largest units', () => {
    expect(spoken(45_000)).toBe('45 s');
    expect(spoken(3 * HOUR + 5 * MINUTE + 7000)).toBe('3 h 5 min');
    expect(spoken(3 * HOUR + 7000)).toBe('3 h');
    expect(spoken(26 * HOUR)).toBe('1 d 2 h');
    expect(spoken(300)).toBe('300 ms');
  });
});

const step = fc.oneof(
  fc.record({
    kind: fc.constant('send' as const),
    title: fc.constantFrom('db down', 'disk full', 'slow', 'oom', 'timeout'),
    level: fc.constantFrom('info', 'warning', 'error', 'critical'),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3 * HOUR }) }),
  fc.record({
    kind: fc.constant('resolve' as const),
    title: fc.constantFrom('db down', 'disk full', 'slow'),
    level: fc.constantFrom('error', 'critical'),
  }),
);

const conditionsArb = fc.record(
  {
    new: fc.boolean(),
    regression: fc.oneof(fc.boolean(), fc.record({ quiet: fc.integer({ min: 1, max: 7200 }) })),
    frequency: fc.record({
      count: fc.integer({ min: 1, max: 5 }),
      window: fc.integer({ min: 1, max: 7200 }),
    }),
    maxFingerprints: fc.integer({ min: 1, max: 30 }),
  },
  { requiredKeys: ['new'] },
);

describe('alert conditions, for any sequence of alerts, resolves and clock steps', () => {
  it('ends every accepted alert in one status on each entry, and the stats add up', async () => {
    await fc.assert(
      fc.asyncProperty(
        conditionsArb,
        fc.array(step, { maxLength: 60 }),
        async (conditions, steps) => {
          const asked =
            conditions.new ||
            (conditions.regression !== undefined && conditions.regression !== false) ||
            conditions.frequency !== undefined;
          if (!asked) return;
          const clock = new FakeClock(0);
          const conditioned = new MemoryChannel({ name: 'conditioned' });
          const manager = new AlertManager({ clock, logger: { warn: () => {} } })
            .addChannel(conditioned, { conditions, maxRetries: 0 })
            .addChannel(new MemoryChannel({ name: 'deduped' }), {
              conditions,
              repeatInterval: 600,
              minLevel: 'warning',
            });
          const results: AlertResult[] = [];
          let accepted = 0;
          for (const s of steps) {
            if (s.kind === 'advance') clock.advance(s.ms);
            else if (s.kind === 'resolve')
              await manager.resolve({ title: s.title, level: s.level });
            else {
              accepted++;
              const got = await manager.send({ title: s.title, level: s.level });
              // One result per entry that took it (the level filter gives none).
              expect(got.length).toBe(s.level === 'info' ? 1 : 2);
              results.push(...got);
            }
          }
          for (const r of results) expect(['sent', 'deduplicated']).toContain(r.status);
          const stats = manager.stats;
          expect(stats.totalAlerts).toBe(accepted);
          const counted =
            stats.totalSent + stats.totalDeduplicated + stats.totalFiltered + stats.totalFailed;
          expect(counted).toBe(accepted * 2);
          expect(stats.totalSent).toBe(results.filter((r) => r.status === 'sent').length);
          // Every alert that went out says which condition it met.
          for (const alert of conditioned.received)
            expect(['new', 'regression', 'frequency']).toContain(alert.labels.condition);
          // With new asked and room for every fingerprint, each one went out first time.
          if (conditions.new && (conditions.maxFingerprints ?? 10_000) >= 5) {
            // Level and title make the fingerprint.
            const kinds = steps.flatMap((s) =>
              s.kind === 'send' ? [`${s.level} ${s.title}`] : [],
            );
            const firsts = conditioned.received.filter((a) => a.labels.condition === 'new');
            const shown = firsts.map((a) => `${a.levelName.toLowerCase()} ${a.title}`);
            expect(shown).toEqual([...new Set(kinds)]);
          }
          await manager.close();
        },
      ),
      { numRuns: 150 },
    );
  });
});
