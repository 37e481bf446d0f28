import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import type { HeartbeatOptions } from '../alert-manager-options.js';
import type { ClockTimer } from '../clock.js';

const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Let the sends a timer started run to their end (a macrotask: no waiting on time). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(start = 1_000_000) {
  const clock = new FakeClock(start);
  const channel = new MemoryChannel();
  const warnings: string[] = [];
  const manager = new AlertManager({
    logger: { warn: (message) => warnings.push(message) },
    clock,
  }).addChannel(channel, { maxRetries: 0 });
  return { clock, channel, manager, warnings };
}

/** A manager whose wall clock starts at `iso` (Date is faked only while it is made). */
function setupAt(iso: string) {
  vi.useFakeTimers({ now: new Date(iso), toFake: ['Date'] });
  try {
    return setup(0);
  } finally {
    vi.useRealTimers();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('heartbeats: every', () => {
  it('no ping: one alert exactly at every + grace, not before, and only one per outage', async () => {
    const { clock, channel, manager } = setup();
    const beat = manager.heartbeat('nightly-backup', {
      every: '5m',
      grace: 30,
      labels: { team: 'ops' },
    });
    expect(beat.name).toBe('nightly-backup');
    expect(beat.state).toBe('waiting');

    clock.advance(5 * MINUTE + 30 * SECOND - 1);
    await settle();
    expect(channel.received).toHaveLength(0);
    expect(beat.state).toBe('waiting');

    clock.advance(1);
    await settle();
    expect(beat.state).toBe('down');
    expect(channel.received).toHaveLength(1);
    const [alert] = channel.received;
    expect(alert).toMatchObject({
      title: 'Heartbeat "nightly-backup" missed',
      level: 25,
      labels: { team: 'ops', heartbeat: 'nightly-backup' },
      dedupKey: 'heartbeat:nightly-backup',
      fingerprint: 'heartbeat:nightly-backup',
    });
    expect(alert?.body).toContain('a ping every 5m, with 30s of grace');
    expect(alert?.body).toMatch(/No ping since the heartbeat was made, \d{4}-\d\d-\d\dT/);

    clock.advance(10 * HOUR);
    await settle();
    expect(channel.received).toHaveLength(1);
    expect(manager.stats).toMatchObject({ totalAlerts: 1, totalSent: 1, totalFailed: 0 });
  });

  it('pings in time keep it quiet and up; the first late one is one alert', async () => {
    const { clock, channel, manager } = setup();
    const beat = manager.heartbeat('worker', { every: 60 }); // grace: 60 s by default
    for (let i = 0; i < 60; i++) {
      clock.advance(2 * MINUTE - 1);
      beat.ping();
    }
    await settle();
    expect(beat.state).toBe('up');
    expect(channel.received).toHaveLength(0);
    // A timer is set only by the making and by each fire: pings do not set one each.
    expect(clock.pending).toBe(1);

    clock.advance(2 * MINUTE);
    await settle();
    expect(beat.state).toBe('down');
    expect(channel.received).toHaveLength(1);
    expect(channel.received[0]?.body).toMatch(/Last ping: \d{4}-/);
  });

  it('a ping while down makes it up, and the clock starts again from that ping', async () => {
    const { clock, channel, manager } = setup();
    const beat = manager.heartbeat('worker', { every: '1m', grace: '10s' });
    clock.advance(70 * SECOND);
    await settle();
    expect(beat.state).toBe('down');

    clock.advance(5 * HOUR);
    beat.ping();
    expect(beat.state).toBe('up');
    clock.advance(70 * SECOND - 1);
    await settle();
    expect(channel.received).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(beat.state).toBe('down');
    expect(channel.received).toHaveLength(2); // a second outage: a second alert
  });

  it('fail(): the alert at once, with the reason (secrets redacted); then nothing more until a ping', async () => {
    const { clock, channel, manager } = setup();
    const beat = manager.heartbeat('import', { every: '1h', level: 'critical' });
    const results = await beat.fail(
      'upload to https://hooks.example.com/services/T000/B000/s3cr3tT0ken refused',
    );
    expect(results).toMatchObject([{ channel: 'memory', status: 'sent', success: true }]);
    expect(beat.state).toBe('down');
    const body = channel.received[0]?.body ?? '';
    expect(body).toContain('The job reported a failure: upload to https://hooks.example.com/');
    expect(body).not.toContain('s3cr3tT0ken');
    expect(channel.received[0]).toMatchObject({ level: 30, dedupKey: 'heartbeat:import' });

    expect(await beat.fail(new Error('again'))).toEqual([]);
    clock.advance(3 * HOUR);
    await settle();
    expect(channel.received).toHaveLength(1); // the missed deadline is the same outage

    beat.ping();
    expect(beat.state).toBe('up');
    await beat.fail();
    expect(channel.received).toHaveLength(2);
    expect(channel.received[1]?.body).toMatch(/^The job reported a failure\.\nLast ping: /);
  });

  it('a deadline past what one Node timer can wait (24.8 days) is reached in steps, exactly', async () => {
    const { clock, channel, manager } = setup();
    manager.heartbeat('monthly', { every: '30d', grace: 0 });
    clock.advance(30 * 24 * HOUR - 1);
    await settle();
    expect(channel.received).toHaveLength(0);
    clock.advance(1);
    await settle();
    expect(channel.received).toHaveLength(1);
  });

  it("its timers are unref'd: a heartbeat does not keep a process alive", () => {
    const clock = new FakeClock();
    let unrefs = 0;
    const setTimer = clock.setTimer.bind(clock);
    clock.setTimer = (callback, ms): ClockTimer => {
      const timer = setTimer(callback, ms);
      return { ...timer, unref: () => void unrefs++ };
    };
    const manager = new AlertManager({ clock });
    manager.heartbeat('a', { every: 10 });
    manager.heartbeat('b', { cron: '@hourly' });
    expect(unrefs).toBe(2);
  });
});

describe('heartbeats: a ping after an outage resolves it', () => {
  it('entries with sendResolved get a RESOLVED notice, even hours later; the next outage notifies again', async () => {
    const clock = new FakeClock();
    const plain = new MemoryChannel({ name: 'plain' });
    const pager = new MemoryChannel({ name: 'pager' });
    const manager = new AlertManager({ clock, logger: { warn: () => {} } })
      .addChannel(plain)
      .addChannel(pager, { sendResolved: true, repeatInterval: 'until-resolved' });
    const beat = manager.heartbeat('ingest', { every: '1m', grace: 0 });
    clock.advance(MINUTE);
    await settle();
    expect([plain.received.length, pager.received.length]).toEqual([1, 1]);

    clock.advance(3 * HOUR); // far past the manager's resolveTimeout (5 minutes)
    beat.ping();
    await settle();
    expect(beat.state).toBe('up');
    expect(plain.received).toHaveLength(1);
    expect(pager.received).toHaveLength(2);
    const notice = pager.received[1];
    expect(notice).toMatchObject({
      title: 'Heartbeat "ingest" missed',
      fingerprint: 'heartbeat:ingest',
      labels: { heartbeat: 'ingest' },
      resolved: { by: 'resolve', count: 1 },
    });
    expect(
      (notice?.resolved?.endsAt.getTime() ?? 0) - (notice?.resolved?.startsAt.getTime() ?? 0),
    ).toBe(3 * HOUR);

    // A ping while up resolves nothing; the next outage is a new incident that notifies.
    beat.ping();
    clock.advance(MINUTE);
    await manager.close();
    expect(pager.received.map((alert) => alert.resolved === undefined)).toEqual([
      true,
      false,
      true,
    ]);
    expect(manager.stats).toMatchObject({
      totalAlerts: 2,
      totalSent: 4,
      resolved: { sent: 1, failed: 0, throttled: 0 },
      byChannel: { pager: { sent: 2, resolved: { sent: 1 } }, plain: { sent: 2 } },
    });
  });
});

describe('heartbeats: cron, in a time zone', () => {
  it('due at 02:00 Berlin time each day: the alert at that time + grace, not before; a late ping is due at the next day', async () => {
    // 2026-12-01 12:00 UTC; Berlin is UTC+1 in December, so 02:00 there is 01:00 UTC.
    const { clock, channel, manager } = setupAt('2026-12-01T12:00:00Z');
    const at = (iso: string) => Date.parse(iso) - Date.parse('2026-12-01T12:00:00Z');
    const beat = manager.heartbeat('backup', {
      cron: '0 2 * * *',
      timezone: 'Europe/Berlin',
      grace: '30m',
    });
    const goTo = async (iso: string) => {
      clock.advance(at(iso) - clock.now());
      await settle();
    };

    await goTo('2026-12-02T01:29:59.999Z');
    expect(channel.received).toHaveLength(0);
    await goTo('2026-12-02T01:30:00Z');
    expect(beat.state).toBe('down');
    expect(channel.received).toHaveLength(1);
    expect(channel.received[0]?.body).toContain(
      'No ping came in time: the ping due at 2026-12-02T01:00:00.000Z by cron "0 2 * * *" in Europe/Berlin, with 30m of grace.\nNo ping since the heartbeat was made, 2026-12-01T12:00:00.000Z.',
    );

    // The job ran late; from its ping, the next run due is tomorrow's.
    await goTo('2026-12-02T01:45:00Z');
    beat.ping();
    expect(beat.state).toBe('up');
    await goTo('2026-12-03T01:05:00Z'); // tonight's run pings on time
    beat.ping();
    await goTo('2026-12-04T01:29:00Z');
    expect(channel.received).toHaveLength(1);
    expect(beat.state).toBe('up');
    await goTo('2026-12-04T01:30:00Z'); // no run on the 4th
    expect(channel.received).toHaveLength(2);
  });

  it('the spring-forward night: 02:00 Berlin does not exist, the run due is the first time after the gap', async () => {
    const { clock, channel, manager } = setupAt('2026-03-28T12:00:00Z');
    manager.heartbeat('backup', { cron: '0 2 * * *', timezone: 'Europe/Berlin', grace: 0 });
    // 2026-03-29 at 01:00 UTC Berlin goes from 02:00 CET to 03:00 CEST.
    clock.advance(Date.parse('2026-03-29T01:00:00Z') - Date.parse('2026-03-28T12:00:00Z') - 1);
    await settle();
    expect(channel.received).toHaveLength(0);
    clock.advance(1);
    await settle();
    expect(channel.received).toHaveLength(1);
  });

  it('UTC when no time zone is given', async () => {
    const { clock, channel, manager } = setupAt('2026-12-01T12:00:00Z');
    manager.heartbeat('report', { cron: '0 2 * * *', grace: 0 });
    clock.advance(14 * HOUR - 1); // 2026-12-02 01:59:59.999 UTC
    await settle();
    expect(channel.received).toHaveLength(0);
    clock.advance(1);
    await settle();
    expect(channel.received).toHaveLength(1);
  });
});

describe('heartbeats: stop, close, names', () => {
  it('stop() clears its timer: nothing is sent after, a ping is ignored, and the name is free again', async () => {
    const { clock, channel, manager } = setup();
    const beat = manager.heartbeat('worker', { every: '1m' });
    expect(clock.pending).toBe(1);
    beat.stop();
    expect(clock.pending).toBe(0);
    beat.ping();
    clock.advance(HOUR);
    await settle();
    expect(channel.received).toHaveLength(0);
    expect(await beat.fail('late')).toEqual([]);
    expect(channel.received).toHaveLength(0);
    const again = manager.heartbeat('worker', { every: '2m' });
    expect(again).not.toBe(beat);
  });

  it('close() stops every heartbeat: no timer left, no alert after, and no new heartbeat', async () => {
    const { clock, channel, manager } = setup();
    manager.heartbeat('a', { every: '1m' });
    manager.heartbeat('b', { cron: '*/5 * * * *' });
    expect(clock.pending).toBe(2);
    await manager.close();
    expect(clock.pending).toBe(0);
    clock.advance(24 * HOUR);
    await settle();
    expect(channel.received).toHaveLength(0);
    expect(() => manager.heartbeat('a')).toThrow('AlertManager is closed');
  });

  it('the same name again: the same heartbeat with the same options or none; a TypeError with others', () => {
    const { manager } = setup();
    const beat = manager.heartbeat('worker', { every: '5m', labels: { a: '1', b: '2' } });
    expect(manager.heartbeat('worker', { every: 300, labels: { b: '2', a: '1' } })).toBe(beat);
    expect(manager.heartbeat('worker')).toBe(beat);
    expect(() => manager.heartbeat('worker', { every: '10m' })).toThrow(
      new TypeError(
        'heartbeat "worker" already exists with other options: stop() it first, or call heartbeat("worker") without options to get it',
      ),
    );
    expect(() => manager.heartbeat('nightly')).toThrow(
      new TypeError(
        'no heartbeat named "nightly": give its options (`every` or `cron`), or define it in the config\'s alerts.heartbeats',
      ),
    );
  });

  it('bad options are a TypeError naming the option', () => {
    const { manager, clock } = setup();
    const error = (name: unknown, options: unknown) => {
      try {
        manager.heartbeat(name as string, options as HeartbeatOptions);
      } catch (caught) {
        expect(caught).toBeInstanceOf(TypeError);
        return (caught as Error).message;
      }
      return 'no error';
    };
    expect(error('', { every: 60 })).toMatch(/^a heartbeat's `name` must be a non-empty string/);
    expect(error('x', {})).toBe(
      'heartbeat "x": give `every` (a duration such as "5m") or `cron` (a schedule such as "0 2 * * *"), one of them',
    );
    expect(error('x', { every: 60, cron: '@daily' })).toMatch(/, not both$/);
    expect(error('x', { every: '5 minutes' })).toBe(
      'heartbeat "x": `every` must be a positive number of seconds or a duration such as "30s", "5m", "4h", at most a year; got "5 minutes"',
    );
    expect(error('x', { every: 0 })).toMatch(/^heartbeat "x": `every` must be a positive/);
    expect(error('x', { every: '2y' })).toMatch(/`every` must be/);
    expect(error('x', { every: 60, grace: -1 })).toMatch(/^heartbeat "x": `grace` must be a/);
    expect(error('x', { every: 60, timezone: 'UTC' })).toBe(
      'heartbeat "x": `timezone` is for `cron`; `every` needs none',
    );
    expect(error('x', { cron: '61 * * * *' })).toBe(
      'heartbeat "x": `cron` "61 * * * *" is not a cron expression: Invalid value for minute: 61',
    );
    expect(error('x', { cron: 'daily' })).toMatch(/^heartbeat "x": `cron` "daily" is not a cron/);
    expect(error('x', { cron: '0 0 30 2 *' })).toMatch(/has no time to come/);
    expect(error('x', { cron: '@daily', timezone: 'Mars/Base' })).toBe(
      'heartbeat "x": `timezone` must be an IANA time zone such as "Europe/Berlin"; got "Mars/Base"',
    );
    expect(error('x', { every: 60, level: 'loud' })).toMatch(/^heartbeat "x": `level` must be/);
    expect(error('x', { every: 60, labels: { team: 3 } })).toBe(
      'heartbeat "x": `labels.team` must be a string (label names non-empty); got number',
    );
    expect(error('x', { every: 60, title: '' })).toBe(
      'heartbeat "x": `title` must be a non-empty string',
    );
    expect(error('x', null)).toBe('heartbeat "x": its options must be an object');
    expect(clock.pending).toBe(0); // nothing was made
  });
});

describe('heartbeats: the stats add up', () => {
  it('for any pings and failures, one alert per outage, each counted as any alert', async () => {
    const step = fc.record({
      // Below the attempt timeout: a step must not pass the deadline of a send it started.
      wait: fc.integer({ min: 0, max: 100 * SECOND }),
      act: fc.constantFrom('ping', 'fail', 'nothing'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const clock = new FakeClock();
        const channel = new MemoryChannel();
        const manager = new AlertManager({ clock }).addChannel(channel, { timeout: 120 });
        const beat = manager.heartbeat('job', { every: '1m', grace: '30s' });
        // The model: when the last ping (or the making) was, and whether it is down.
        let since = clock.now();
        let down = false;
        let outages = 0;
        for (const { wait, act } of steps) {
          clock.advance(wait);
          await settle();
          if (!down && clock.now() >= since + 90 * SECOND) {
            down = true;
            outages++;
          }
          if (act === 'ping') {
            since = clock.now();
            down = false;
          } else if (act === 'fail' && !down) {
            down = true;
            outages++;
          }
          if (act === 'fail') await beat.fail('boom');
          else if (act === 'ping') beat.ping();
          expect(beat.state === 'down').toBe(down);
        }
        await manager.close();
        expect(channel.received).toHaveLength(outages);
        expect(manager.stats).toMatchObject({ totalAlerts: outages, totalSent: outages });
      }),
      { numRuns: 60 },
    );
  });

  it('a heartbeat alert goes through the entries like any alert: filtered, silenced, counted', async () => {
    const clock = new FakeClock();
    const pager = new MemoryChannel({ name: 'pager' });
    const chat = new MemoryChannel({ name: 'chat' });
    const manager = new AlertManager({ clock, logger: { warn: () => {} } })
      .addChannel(pager, { minLevel: 'critical' })
      .addChannel(chat, { matchers: ['heartbeat=~".+"'] });
    manager.silence({ matchers: ['heartbeat="quiet"'], duration: '1d' });
    manager.heartbeat('loud', { every: 60, grace: 0 });
    manager.heartbeat('quiet', { every: 60, grace: 0 });
    clock.advance(MINUTE);
    await manager.close();
    expect(chat.received.map((alert) => alert.labels.heartbeat)).toEqual(['loud']);
    expect(pager.received).toHaveLength(0);
    expect(manager.stats).toMatchObject({
      totalAlerts: 2,
      totalSent: 1,
      totalFiltered: 2, // the level check comes before the silence
      totalSilenced: 1,
      byChannel: { chat: { sent: 1, silenced: 1 }, pager: { filtered: 2 } },
    });
  });
});
