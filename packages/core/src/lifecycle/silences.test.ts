import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';

const quiet = { warn: () => {} };

function setup(entry: object = {}) {
  const clock = new FakeClock(1_000_000);
  const slack = new MemoryChannel({ name: 'slack' });
  const email = new MemoryChannel({ name: 'email' });
  const manager = new AlertManager({ logger: quiet, clock })
    .addChannel(slack, { maxRetries: 0, ...entry })
    .addChannel(email, { maxRetries: 0, minLevel: 'error' });
  return { clock, slack, email, manager };
}

const db = {
  title: 'Replica lag',
  level: 'error',
  labels: { service: 'db', host: 'db1' },
} as const;
const api = { title: 'Slow API', level: 'error', labels: { service: 'api' } } as const;

describe('silences', () => {
  it('an alert an active silence matches is silenced on every entry, counted, not sent', async () => {
    const { slack, email, manager } = setup();
    const id = manager.silence({
      matchers: ['service="db"'],
      duration: '2h',
      comment: 'db1 maintenance',
      createdBy: 'ops@example.com',
    });
    const results = await manager.send([db, api, { ...db, level: 'info' }]);
    expect(results.map((r) => [r.channel, r.status])).toEqual([
      ['slack', 'silenced'],
      ['email', 'silenced'],
      ['slack', 'sent'],
      ['email', 'sent'],
      ['slack', 'silenced'],
    ]);
    expect(results[0]).toMatchObject({
      success: false,
      attempts: 0,
      error: `silenced by ${id} (db1 maintenance): service="db"`,
    });
    expect([slack.received.length, email.received.length]).toEqual([1, 1]);
    expect(manager.stats).toMatchObject({
      totalAlerts: 3,
      totalSent: 2,
      totalSilenced: 3,
      // The INFO alert is below the email entry's level: filtered there, before the silences.
      totalFiltered: 1,
      byChannel: { slack: { sent: 1, silenced: 2 }, email: { sent: 1, silenced: 1, filtered: 1 } },
    });
  });

  it('ends on time or when expired; what is still firing then notifies, even with a repeat interval', async () => {
    const { clock, slack, manager } = setup({ repeatInterval: '1h' });
    manager.silence({ matchers: 'service="db"', duration: 600 });
    const during = await manager.send(db);
    expect(during[0]?.status).toBe('silenced');
    clock.advance(599_999);
    expect((await manager.send(db))[0]?.status).toBe('silenced');
    clock.advance(1);
    // Silenced alerts were not notified, so dedup lets the first one after the silence through.
    expect((await manager.send(db))[0]?.status).toBe('sent');
    expect((await manager.send(db))[0]?.status).toBe('deduplicated');

    const id = manager.silence({
      matchers: ['service="api"'],
      until: new Date(Date.now() + 3_600_000),
    });
    expect((await manager.send(api))[0]?.status).toBe('silenced');
    expect(manager.expire(id)).toBe(true);
    expect(manager.expire(id)).toBe(false);
    expect(manager.expire('no-such-id')).toBe(false);
    expect((await manager.send(api))[0]?.status).toBe('sent');
    expect(slack.received.map((a) => a.title)).toEqual(['Replica lag', 'Slow API']);
  });

  it('a silence that starts later is pending until then; the listing says where each stands', async () => {
    const { clock, manager } = setup();
    const wallNow = Date.now();
    const later = manager.silence({
      matchers: 'service="api"',
      // Half a minute of margin: the test reads Date.now() a little after the manager did.
      startsAt: wallNow + 30_000,
      duration: '1h',
      comment: 'deploy window',
    });
    const now = manager.silence({ matchers: '{service="db", host=~"db[0-9]+"}', duration: '10m' });
    expect((await manager.send(api))[0]?.status).toBe('sent');
    expect(manager.silences().map((s) => [s.id, s.state])).toEqual([
      [now, 'active'],
      [later, 'pending'],
    ]);
    clock.advance(60_000);
    expect((await manager.send(api))[0]?.status).toBe('silenced');
    clock.advance(600_000);
    const listed = manager.silences();
    expect(listed.map((s) => [s.id, s.state])).toEqual([
      [later, 'active'],
      [now, 'expired'],
    ]);
    expect(listed[1]?.matchers).toEqual([
      { name: 'service', operator: '=', value: 'db' },
      { name: 'host', operator: '=~', value: 'db[0-9]+' },
    ]);
    // Expired silences stay listed five days, as in Alertmanager, then go.
    clock.advance(5 * 86_400_000 + 3_600_000);
    expect(manager.silences().map((s) => s.id)).toEqual([]);
  });

  it('refuses a silence that is malformed or would silence everything', () => {
    const { manager } = setup();
    const error = (input: object) => {
      try {
        manager.silence(input as never);
        return 'no error';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(error({ matchers: [], duration: 60 })).toBe('a silence needs at least one matcher');
    expect(error({ matchers: 'env!="prod"', duration: 60 })).toBe(
      'a silence must not match every alert: {env!="prod"} matches an alert with no labels; add a matcher that needs a value',
    );
    expect(error({ matchers: 'service=~".*"', duration: 60 })).toMatch(
      /must not match every alert/,
    );
    expect(error({ matchers: 'service="db"' })).toBe('a silence needs `until` or `duration`');
    expect(error({ matchers: 'service="db"', duration: 60, until: Date.now() + 1 })).toBe(
      'give a silence `until` or `duration`, not both',
    );
    expect(error({ matchers: 'service="db"', until: Date.now() - 3_600_000 })).toBe(
      'a silence must end in the future',
    );
    expect(error({ matchers: 'service="db"', duration: '400d' })).toBe(
      'a silence may last a year at most',
    );
    expect(error({ matchers: 'service="db"', duration: 'soon' })).toMatch(/`duration` must be/);
    expect(error({ matchers: 'service="db"', until: 'tomorrow' })).toMatch(
      /`until` must be a date/,
    );
    expect(error({ matchers: 'service', duration: 60 })).toMatch(/^matcher "service": expected/);
    expect(manager.silences()).toEqual([]);
  });

  it('silences given to the constructor apply from the first send', async () => {
    const clock = new FakeClock();
    const channel = new MemoryChannel();
    const manager = new AlertManager({
      logger: quiet,
      clock,
      silences: [{ matchers: ['alertname="Replica lag"'], duration: '1h' }],
    }).addChannel(channel);
    expect((await manager.send([db, api])).map((r) => r.status)).toEqual(['silenced', 'sent']);
  });

  it('every alert ends in one status and the stats add up, for any sequence of sends, silences, expiries and clock steps', async () => {
    const service = fc.constantFrom('db', 'api', 'web');
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('send' as const),
        service,
        level: fc.constantFrom('info', 'error'),
      }),
      fc.record({
        kind: fc.constant('silence' as const),
        service,
        seconds: fc.integer({ min: 1, max: 600 }),
      }),
      fc.record({ kind: fc.constant('expire' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('advance' as const),
        ms: fc.integer({ min: 0, max: 300_000 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { clock, manager } = setup({ repeatInterval: 60 });
        const ids: string[] = [];
        // The model: which services are silenced until when (fake-clock ms), by id.
        const model = new Map<string, { service: string; until: number }>();
        let expectedSilenced = 0;
        let accepted = 0;
        for (const s of steps) {
          if (s.kind === 'silence') {
            const id = manager.silence({
              matchers: [`service="${s.service}"`],
              duration: s.seconds,
            });
            ids.push(id);
            model.set(id, { service: s.service, until: clock.now() + s.seconds * 1000 });
          } else if (s.kind === 'expire' && ids.length > 0) {
            const id = ids[s.pick % ids.length] as string;
            const was = model.get(id);
            expect(manager.expire(id)).toBe(was !== undefined && was.until > clock.now());
            model.delete(id);
          } else if (s.kind === 'advance') clock.advance(s.ms);
          else if (s.kind === 'send') {
            const silenced = [...model.values()].some(
              (m) => m.service === s.service && m.until > clock.now(),
            );
            const results = await manager.send({
              title: `t-${s.service}`,
              level: s.level,
              labels: { service: s.service },
            });
            accepted++;
            // Silenced on each entry the level lets it reach (email takes error and above).
            const reached = s.level === 'error' ? 2 : 1;
            if (silenced) {
              expectedSilenced += reached;
              expect(results.map((r) => r.status)).toEqual(Array(reached).fill('silenced'));
            } else expect(results.every((r) => r.status !== 'silenced')).toBe(true);
          }
        }
        const stats = manager.stats;
        expect(stats.totalAlerts).toBe(accepted);
        expect(stats.totalSilenced).toBe(expectedSilenced);
        for (const c of Object.values(stats.byChannel)) {
          expect(
            c.sent + c.failed + c.throttled + c.filtered + c.silenced + c.deduplicated + c.grouped,
          ).toBe(accepted);
        }
      }),
      { numRuns: 60 },
    );
  });
});
