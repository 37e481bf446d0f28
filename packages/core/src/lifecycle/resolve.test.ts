import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert, AlertInput } from '../alert.js';
import { AlertManager } from '../alert-manager.js';
import type { AddChannelOptions } from '../alert-manager-options.js';
import type { AlertResult } from '../alert-result.js';
import type { Channel, ChannelReceipt } from '../channel.js';
import { DeliveryError } from '../errors/delivery-error.js';
import type { ResolvedEvent } from '../manager-events.js';

const quiet = { warn: () => {} };
const DB_DOWN: AlertInput = {
  title: 'Database down',
  level: 'critical',
  labels: { service: 'db' },
};

/** A manager on a fake clock, one memory channel per entry. */
function setup(entries: Record<string, AddChannelOptions>, options: object = {}) {
  const clock = new FakeClock();
  const manager = new AlertManager({ logger: quiet, clock, ...options });
  const channels: Record<string, MemoryChannel> = {};
  for (const [key, entry] of Object.entries(entries)) {
    channels[key] = new MemoryChannel({ name: key });
    manager.addChannel(channels[key], { maxRetries: 0, ...entry });
  }
  const events: ResolvedEvent[] = [];
  manager.on('resolved', (event) => events.push(event));
  return { clock, manager, channels, events };
}

/** Let deliveries started by timers finish. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Move the fake clock in steps shorter than an attempt's timeout (30 s), letting each
 * step's deliveries answer: a notice sent by a timer must not time out within one jump.
 */
async function advance(clock: FakeClock, ms: number): Promise<void> {
  await clock.advanceAsync(ms, 10_000);
  await settle();
}

const titles = (channel: MemoryChannel | undefined) =>
  (channel?.received ?? []).map((a) => `${a.resolved ? 'RESOLVED ' : ''}${a.title}`);

describe('manager.resolve', () => {
  it('sends a RESOLVED notice to the entries with sendResolved that notified the incident', async () => {
    const { clock, manager, channels } = setup({
      slack: { sendResolved: true },
      email: {},
      pager: { sendResolved: true, minLevel: 'critical' },
      info: { sendResolved: true, matchers: ['service="web"'] },
    });
    const fired = await manager.send(DB_DOWN);
    clock.advance(60_000);
    await manager.send(DB_DOWN);
    clock.advance(30_000);
    const results = await manager.resolve(DB_DOWN);

    // email has no sendResolved; info never had the alert (its matchers).
    expect(results.map((r) => [r.channel, r.status])).toEqual([
      ['slack', 'sent'],
      ['pager', 'sent'],
    ]);
    expect(titles(channels.slack)).toEqual([
      'Database down',
      'Database down',
      'RESOLVED Database down',
    ]);
    expect(titles(channels.email)).toEqual(['Database down', 'Database down']);
    expect(titles(channels.info)).toEqual([]);
    const [first, , notice] = (channels.slack as MemoryChannel).received;
    const firedAt = (first as Alert).timestamp.getTime();
    expect(notice?.id).not.toBe(fired[0]?.alertId);
    expect(results[0]?.alertId).toBe(notice?.id);
    expect(notice?.fingerprint).toBe(fired[0]?.fingerprint);
    expect(notice?.levelName).toBe('CRITICAL');
    expect(notice?.labels).toEqual({ service: 'db' });
    expect(notice?.resolved).toMatchObject({ count: 2, by: 'resolve' });
    expect(notice?.resolved?.startsAt.getTime()).toBe(firedAt);
    // Alerts are timed by the wall clock, the resolve by the manager's (fake) one: ms apart.
    const lasted = (notice?.resolved?.endsAt.getTime() as number) - firedAt;
    expect(Math.abs(lasted - 90_000)).toBeLessThan(1000);
    expect(manager.active()).toEqual([]);

    const stats = manager.stats;
    expect(stats.resolved).toEqual({ sent: 2, failed: 0, throttled: 0, circuitOpen: 0 });
    expect(stats.byChannel.slack?.resolved).toEqual({
      sent: 1,
      failed: 0,
      throttled: 0,
      circuitOpen: 0,
    });
    // Notices are not alerts: the alerts' counts still add up to what send accepted.
    expect(stats.totalAlerts).toBe(2);
    expect(stats.byChannel.slack?.sent).toBe(2);
  });

  it('takes a fingerprint or a dedupKey; nothing to resolve gives no results', async () => {
    const { manager, channels } = setup({ slack: { sendResolved: true } });
    const [sent] = await manager.send({ title: 'Disk full', dedupKey: 'disk:db-1' });
    const [other] = await manager.send({ title: 'Queue stuck' });
    expect(await manager.resolve('disk:db-1')).toMatchObject([{ status: 'sent' }]);
    expect(await manager.resolve(other?.fingerprint as string)).toMatchObject([{ status: 'sent' }]);
    // Resolved already, or never seen: nothing to say.
    expect(await manager.resolve('disk:db-1')).toEqual([]);
    expect(await manager.resolve('no-such-fingerprint')).toEqual([]);
    expect(titles(channels.slack)).toEqual([
      'Disk full',
      'Queue stuck',
      'RESOLVED Disk full',
      'RESOLVED Queue stuck',
    ]);
    expect(sent?.fingerprint).toBe('disk:db-1');
    await expect(manager.resolve('')).rejects.toThrow(TypeError);
    await expect(manager.resolve({ title: '' })).rejects.toThrow(/title/);
  });

  it('ends the incident: the next alert notifies at once, whatever the repeat interval', async () => {
    const { manager, channels } = setup({
      hourly: { repeatInterval: '1h' },
      never: { repeatInterval: 'never' },
      incident: { repeatInterval: 'until-resolved' },
    });
    const statuses = async () => (await manager.send(DB_DOWN)).map((r) => r.status);
    expect(await statuses()).toEqual(['sent', 'sent', 'sent']);
    expect(await statuses()).toEqual(['deduplicated', 'deduplicated', 'deduplicated']);
    await manager.resolve(DB_DOWN);
    expect(await statuses()).toEqual(['sent', 'sent', 'sent']);
    expect(await statuses()).toEqual(['deduplicated', 'deduplicated', 'deduplicated']);
    expect(channels.never?.received).toHaveLength(2);
  });

  it("until-resolved also ends an incident quiet for the manager's resolveTimeout, or the entry's autoResolve", async () => {
    const { clock, manager } = setup(
      {
        plain: { repeatInterval: 'until-resolved' },
        auto: { repeatInterval: 'until-resolved', autoResolve: '1m' },
      },
      { resolveTimeout: '10m' },
    );
    const statuses = async () => (await manager.send(DB_DOWN)).map((r) => r.status);
    expect(await statuses()).toEqual(['sent', 'sent']);
    // Alerts keep coming for an hour, each within a minute of the last: one incident.
    for (let i = 0; i < 60; i++) {
      clock.advance(59_000);
      expect(await statuses()).toEqual(['deduplicated', 'deduplicated']);
    }
    clock.advance(60_000);
    expect(await statuses()).toEqual(['deduplicated', 'sent']);
    clock.advance(600_000);
    expect(await statuses()).toEqual(['sent', 'sent']);
  });

  it('does not resolve what the entry never showed: silenced, throttled or failed alerts', async () => {
    const { manager, channels } = setup({
      slack: { sendResolved: true, throttle: { rate: 1, per: 3600, burst: 1 } },
      email: { sendResolved: true },
    });
    await manager.send({ title: 'Warm-up' });
    const id = manager.silence({ matchers: ['service="db"'], duration: '1h' });
    expect((await manager.send(DB_DOWN)).map((r) => r.status)).toEqual(['silenced', 'silenced']);
    manager.expire(id);
    channels.email?.failNext({ retryable: false });
    expect((await manager.send(DB_DOWN)).map((r) => r.status)).toEqual(['throttled', 'failed']);
    expect(await manager.resolve(DB_DOWN)).toEqual([]);
    expect(titles(channels.slack)).toEqual(['Warm-up']);
    expect(titles(channels.email)).toEqual(['Warm-up']);
  });

  it('a notice goes through the throttle, and a failed one is counted with its reason', async () => {
    const { manager, channels } = setup({
      slack: { sendResolved: true, throttle: { rate: 2, per: 3600, burst: 2 } },
      email: { sendResolved: true },
    });
    await manager.send([DB_DOWN, { title: 'API slow' }]);
    channels.email?.failNext({ retryable: false, message: 'mailbox full' });
    const results = await manager.resolve(DB_DOWN);
    expect(results.map((r) => [r.channel, r.status])).toEqual([
      ['slack', 'throttled'],
      ['email', 'failed'],
    ]);
    expect(results[1]?.error).toMatch(/mailbox full/);
    expect(manager.stats.resolved).toEqual({ sent: 0, failed: 1, throttled: 1, circuitOpen: 0 });
    expect(manager.stats.byChannel.email?.lastError).toMatch(/mailbox full/);
  });

  it('a resolve while the first alert is being retried ends the incident after it is sent', async () => {
    const { clock, manager, channels } = setup({ slack: { sendResolved: true, maxRetries: 1 } });
    channels.slack?.failNext({ statusCode: 503, retryAfter: 2 });
    const sending = manager.send(DB_DOWN);
    await settle();
    expect(channels.slack?.attempts).toBe(1);
    const resolving = manager.resolve(DB_DOWN);
    await advance(clock, 2000);
    expect((await sending).map((r) => r.status)).toEqual(['sent']);
    expect((await resolving).map((r) => [r.channel, r.status])).toEqual([['slack', 'sent']]);
    expect(titles(channels.slack)).toEqual(['Database down', 'RESOLVED Database down']);
    // Nothing of it is left open: no second notice later, and the next alert notifies.
    expect(manager.active()).toEqual([]);
    expect(await manager.resolve(DB_DOWN)).toEqual([]);
  });

  it('a repeat on its way when the resolve comes is sent before the notice, not after it', async () => {
    const { clock, manager, channels } = setup({ slack: { sendResolved: true, maxRetries: 1 } });
    await manager.send(DB_DOWN);
    channels.slack?.failNext({ statusCode: 503, retryAfter: 2 });
    const repeat = manager.send(DB_DOWN);
    await settle();
    const resolving = manager.resolve(DB_DOWN);
    await advance(clock, 2000);
    expect((await repeat).map((r) => r.status)).toEqual(['sent']);
    expect((await resolving).map((r) => r.status)).toEqual(['sent']);
    expect(titles(channels.slack)).toEqual([
      'Database down',
      'Database down',
      'RESOLVED Database down',
    ]);
    expect(channels.slack?.received[2]?.resolved).toMatchObject({ count: 2, by: 'resolve' });
  });

  it('an alert on its way that then fails for good leaves nothing to resolve', async () => {
    const { clock, manager, channels } = setup({
      slack: { sendResolved: true, maxRetries: 1 },
      email: { sendResolved: true },
    });
    channels.slack?.failNext({ statusCode: 503, retryAfter: 2 }, 2);
    const sending = manager.send(DB_DOWN);
    await settle();
    const resolving = manager.resolve(DB_DOWN);
    await advance(clock, 2000);
    expect((await sending).map((r) => r.status)).toEqual(['failed', 'sent']);
    // email showed it and is told at once; slack never did.
    expect((await resolving).map((r) => [r.channel, r.status])).toEqual([['email', 'sent']]);
    expect(titles(channels.slack)).toEqual([]);
  });

  it('a channel without RESOLVED notices does not hold the resolve for its retries', async () => {
    const { clock, manager, channels } = setup({ slack: { autoResolve: 60, maxRetries: 1 } });
    channels.slack?.failNext({ statusCode: 503, retryAfter: 2 });
    const sending = manager.send(DB_DOWN);
    await settle();
    // Answered with the retry still waiting: the clock has not moved.
    expect(await manager.resolve(DB_DOWN)).toEqual([]);
    await advance(clock, 2000);
    expect((await sending).map((r) => r.status)).toEqual(['sent']);
  });

  it("an entry with its own fingerprint rule resolves the incident under the manager's fingerprint", async () => {
    const { manager, channels } = setup({
      byService: { sendResolved: true, fingerprint: ['service'], repeatInterval: '1h' },
    });
    await manager.send({ ...DB_DOWN, labels: { service: 'db', host: 'db-1' } });
    await manager.send({ ...DB_DOWN, labels: { service: 'db', host: 'db-2' } });
    const results = await manager.resolve({ ...DB_DOWN, labels: { service: 'db', host: 'db-1' } });
    expect(results).toMatchObject([{ status: 'sent' }]);
    expect(titles(channels.byService)).toEqual(['Database down', 'RESOLVED Database down']);
  });

  it("a channel's own sendResolved (PagerDuty's) is the default; the option overrides it", async () => {
    class Pager extends MemoryChannel {
      readonly sendResolved = true;
    }
    const manager = new AlertManager({ logger: quiet });
    const byDefault = new Pager({ name: 'pager' });
    const turnedOff = new Pager({ name: 'pager-off' });
    manager.addChannel(byDefault).addChannel(turnedOff, { sendResolved: false });
    await manager.send(DB_DOWN);
    expect((await manager.resolve(DB_DOWN)).map((r) => r.channel)).toEqual(['pager']);
    expect(titles(byDefault)).toEqual(['Database down', 'RESOLVED Database down']);
    expect(titles(turnedOff)).toEqual(['Database down']);
  });

  it('a resolved source stops inhibiting at once', async () => {
    const { manager } = setup(
      { slack: {} },
      {
        inhibitRules: [
          {
            sourceMatchers: ['level="critical"'],
            targetMatchers: ['level="warning"'],
            equal: ['service'],
          },
        ],
      },
    );
    const warning: AlertInput = {
      title: 'Replica lag',
      level: 'warning',
      labels: { service: 'db' },
    };
    await manager.send(DB_DOWN);
    expect((await manager.send(warning))[0]?.status).toBe('inhibited');
    await manager.resolve(DB_DOWN);
    expect((await manager.send(warning))[0]?.status).toBe('sent');
  });
});

describe('autoResolve', () => {
  it('sends the RESOLVED notice after the quiet time, reported by the resolved event', async () => {
    const { clock, manager, channels, events } = setup({
      slack: { sendResolved: true, autoResolve: '5m' },
      quiet: { autoResolve: '5m', repeatInterval: 'never' },
    });
    await manager.send(DB_DOWN);
    clock.advance(240_000);
    await manager.send(DB_DOWN);
    // Five minutes after the first alert: the second one keeps it open.
    await advance(clock, 60_000);
    expect(events).toEqual([]);
    await advance(clock, 239_999);
    expect(events).toEqual([]);
    await advance(clock, 1);
    expect(events.map((e) => [e.channel, e.result.status, e.alert.resolved?.by])).toEqual([
      ['slack', 'sent', 'timeout'],
    ]);
    expect(events[0]?.alert.resolved?.count).toBe(2);
    expect(titles(channels.slack)).toEqual([
      'Database down',
      'Database down',
      'RESOLVED Database down',
    ]);
    // Without sendResolved the entry only ends the incident: 'never' notifies again after it.
    expect((await manager.send(DB_DOWN)).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(manager.stats.resolved).toEqual({ sent: 1, failed: 0, throttled: 0, circuitOpen: 0 });
    await manager.close();
  });

  it('stops with close(): no notice afterwards, and the timer does not hold the process', async () => {
    const { clock, manager, events } = setup({ slack: { sendResolved: true, autoResolve: 60 } });
    await manager.send(DB_DOWN);
    await manager.close();
    clock.advance(3_600_000);
    await settle();
    expect(events).toEqual([]);
    await expect(manager.resolve(DB_DOWN)).rejects.toThrow(/closed/);
  });

  it('rejects bad values, naming the option', () => {
    const manager = new AlertManager({ logger: quiet });
    const channel = new MemoryChannel();
    expect(() => manager.addChannel(channel, { autoResolve: 'soon' as never })).toThrow(
      /`autoResolve` must be seconds/,
    );
    expect(() => manager.addChannel(channel, { sendResolved: 'yes' as never })).toThrow(
      /`sendResolved` must be true or false/,
    );
  });
});

describe('resolve, for any sequence', () => {
  it('every accepted alert ends in one status, each incident the entry showed is resolved once, and the stats add up', async () => {
    const fingerprint = fc.constantFrom('a', 'b', 'c');
    const step = fc.oneof(
      fc.record({ kind: fc.constant('send' as const), key: fingerprint }),
      fc.record({ kind: fc.constant('resolve' as const), key: fingerprint }),
      fc.record({
        kind: fc.constant('advance' as const),
        ms: fc.integer({ min: 0, max: 200_000 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const { clock, manager, channels, events } = setup({
          every: { sendResolved: true, autoResolve: 120 },
          dedup: { sendResolved: true, repeatInterval: 'until-resolved' },
        });
        // The model: per entry, the incidents open (shown and not yet resolved), when each
        // key's last alert came, and when the dedup entry last saw each (it forgets a key
        // quiet for the manager's resolveTimeout, 300 s).
        const open = { every: new Set<string>(), dedup: new Set<string>() };
        const lastAlert = new Map<string, number>();
        const dedupSeen = new Map<string, number>();
        let accepted = 0;
        let notices = 0;
        const expireQuiet = () => {
          for (const [key, at] of lastAlert)
            if (clock.now() - at >= 120_000 && open.every.delete(key)) notices++;
        };
        for (const s of steps) {
          if (s.kind === 'advance') {
            await advance(clock, s.ms);
            expireQuiet();
          } else if (s.kind === 'send') {
            const results = await manager.send({ title: s.key, dedupKey: s.key });
            accepted++;
            expect(results).toHaveLength(2);
            open.every.add(s.key);
            lastAlert.set(s.key, clock.now());
            const seen = dedupSeen.get(s.key);
            const held = seen !== undefined && clock.now() - seen < 300_000;
            expect(results[1]?.status).toBe(held ? 'deduplicated' : 'sent');
            dedupSeen.set(s.key, clock.now());
            open.dedup.add(s.key);
          } else {
            const results = await manager.resolve(s.key);
            const expected = (['every', 'dedup'] as const).filter((k) => open[k].delete(s.key));
            expect(results.map((r) => r.channel)).toEqual(expected);
            notices += expected.length;
            lastAlert.delete(s.key);
            dedupSeen.delete(s.key);
          }
        }
        const stats = manager.stats;
        expect(stats.totalAlerts).toBe(accepted);
        for (const c of Object.values(stats.byChannel))
          expect(c.sent + c.failed + c.throttled + c.filtered + c.deduplicated).toBe(accepted);
        expect(stats.resolved.sent).toBe(notices);
        const received = Object.values(channels).flatMap((c) =>
          c.received.filter((a) => a.resolved),
        );
        expect(received).toHaveLength(notices);
        expect(events.every((e) => e.alert.resolved?.by === 'timeout')).toBe(true);
        await manager.close();
      }),
      { numRuns: 80 },
    );
  });
});

/**
 * Fails the first attempts of each firing alert (retryable, Retry-After 1 s): as many as its
 * body says. RESOLVED notices always go. Keeps what it was sent, in the order it was sent.
 */
class PlannedChannel implements Channel {
  readonly name = 'planned';
  readonly received: Alert[] = [];
  readonly #attempts = new Map<string, number>();

  async send(alert: Alert): Promise<ChannelReceipt> {
    const attempt = (this.#attempts.get(alert.id) ?? 0) + 1;
    this.#attempts.set(alert.id, attempt);
    if (alert.resolved === undefined && attempt <= Number(alert.body))
      throw new DeliveryError('planned: 503', {
        channel: this.name,
        retryable: true,
        retryAfter: 1,
        statusCode: 503,
      });
    this.received.push(alert);
    return {};
  }
}

describe('resolve, with alerts still on their way', () => {
  it('a notice follows every alert of its incident sent before the resolve, and nothing shown before the last resolve stays open', async () => {
    const key = fc.constantFrom('a', 'b');
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('send' as const),
        key,
        failures: fc.integer({ min: 0, max: 3 }),
      }),
      fc.record({ kind: fc.constant('resolve' as const), key }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 2500 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const clock = new FakeClock();
        const manager = new AlertManager({ logger: quiet, clock });
        const channel = new PlannedChannel();
        // Two retries: an alert planned to fail 3 times fails for good.
        manager.addChannel(channel, { sendResolved: true, maxRetries: 2 });
        const calls: Array<{ kind: 'send' | 'resolve'; key: string; results: AlertResult[] }> = [];
        const answers: Array<Promise<void>> = [];
        for (const s of steps) {
          if (s.kind === 'advance') {
            await advance(clock, s.ms);
            continue;
          }
          const call = { kind: s.kind, key: s.key, results: [] as AlertResult[] };
          calls.push(call);
          const answer =
            s.kind === 'send'
              ? manager.send({ title: s.key, dedupKey: s.key, body: String(s.failures) })
              : manager.resolve(s.key);
          answers.push(
            answer.then((results) => {
              call.results = results;
            }),
          );
          await settle();
        }
        for (let i = 0; i < 10; i++) await advance(clock, 1000);
        await Promise.all(answers);

        const sends = calls.filter((c) => c.kind === 'send');
        expect(sends.every((c) => c.results.length === 1)).toBe(true);
        const sent = sends.filter((c) => c.results[0]?.status === 'sent').length;
        expect(sent + sends.filter((c) => c.results[0]?.status === 'failed').length).toBe(
          sends.length,
        );
        const notices = channel.received.filter((a) => a.resolved !== undefined);
        const noticeResults = calls.flatMap((c) => (c.kind === 'resolve' ? c.results : []));
        expect(noticeResults.every((r) => r.status === 'sent')).toBe(true);
        expect(notices).toHaveLength(noticeResults.length);
        expect(manager.stats.resolved.sent).toBe(notices.length);
        expect(channel.received).toHaveLength(sent + notices.length);

        // When each received alert's send or resolve was called, by alert id.
        const calledAt = new Map<string, number>();
        calls.forEach((c, i) => {
          for (const r of c.results) calledAt.set(r.alertId, i);
        });
        for (const k of ['a', 'b']) {
          const shown = channel.received.filter((a) => a.fingerprint === k);
          shown.forEach((notice, at) => {
            if (notice.resolved === undefined) return;
            const resolvedAt = calledAt.get(notice.id) as number;
            // Every alert of it sent and called before the resolve went before the notice.
            const later = shown.slice(at + 1);
            expect(
              later.filter((a) => !a.resolved && (calledAt.get(a.id) as number) < resolvedAt),
            ).toEqual([]);
            // A notice ends something shown.
            expect(shown.slice(0, at).some((a) => a.resolved === undefined)).toBe(true);
          });
          const lastResolve = calls.findLastIndex((c) => c.kind === 'resolve' && c.key === k);
          const shownSince = calls
            .slice(lastResolve + 1)
            .some((c) => c.key === k && c.results[0]?.status === 'sent');
          if (lastResolve >= 0 && !shownSince && shown.length > 0)
            expect(shown.at(-1)?.resolved).toBeDefined();
        }
        await manager.close();
      }),
      { numRuns: 150 },
    );
  });
});
