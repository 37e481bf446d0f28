import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { ConfigError } from '../errors/config-error.js';
import type { ChannelFactory } from './build-manager.js';
import { memoryLogger } from './fixtures/temp-dir.js';
import { loadConfig } from './load-config.js';

// Routing by labels (`matchers` on a channel) and `alerts.silences`, from the config file.

const channelTypes = { memory: () => new MemoryChannel() };
const inAnHour = new Date(Date.now() + 3_600_000).toISOString();

async function issuesOf(raw: object) {
  const error = await loadConfig(raw, { channelTypes }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).issues;
}

describe('matchers and silences in the config file', () => {
  it('reads them, and the manager routes and silences by them', async () => {
    const raw = {
      alerts: {
        silences: [
          {
            matchers: ['host="db1"'],
            duration: '2h',
            comment: 'db1 maintenance',
            created_by: 'ana',
          },
          { matchers: '{service="web"}', until: inAnHour },
        ],
        channels: {
          api: { type: 'memory', matchers: ['service=~"api|gateway"'] },
          rest: { type: 'memory', matchers: '{service!~"api|gateway"}', min_level: 'warning' },
        },
      },
    };
    const config = await loadConfig(raw, { channelTypes });
    expect(config.channels.api?.matchers).toEqual([
      { name: 'service', operator: '=~', value: 'api|gateway' },
    ]);
    expect(config.silences).toEqual([
      { matchers: ['host="db1"'], duration: '2h', comment: 'db1 maintenance', createdBy: 'ana' },
      { matchers: '{service="web"}', until: inAnHour },
    ]);

    const received: Record<string, string[]> = { api: [], rest: [] };
    let made = 0;
    const memory: ChannelFactory = () => {
      const channel = new MemoryChannel({ name: made++ === 0 ? 'api' : 'rest' });
      const send = channel.send.bind(channel);
      channel.send = async (alert, context) => {
        received[channel.name]?.push(alert.title);
        return send(alert, context);
      };
      return channel;
    };
    const manager = await AlertManager.fromConfig(raw, {
      channelTypes: { memory },
      clock: new FakeClock(),
    });
    const results = await manager.send([
      { title: 'api slow', level: 'error', labels: { service: 'api' } },
      { title: 'db down', level: 'error', labels: { service: 'db', host: 'db1' } },
      { title: 'queue late', level: 'warning', labels: { service: 'worker' } },
      { title: 'web 500s', level: 'error', labels: { service: 'web' } },
    ]);
    expect(results.map((r) => `${r.channel}:${r.status}`)).toEqual([
      'api:sent',
      'rest:silenced',
      'rest:sent',
      'rest:silenced',
    ]);
    expect(received).toEqual({ api: ['api slow'], rest: ['queue late'] });
    expect(manager.silences().map((s) => s.comment)).toEqual(['', 'db1 maintenance']);
    await manager.close();
  });

  it('reports a bad matcher or silence at its path', async () => {
    const issues = await issuesOf({
      alerts: {
        silences: [
          { matchers: ['env!="prod"'], duration: '1h' },
          { matchers: ['service="db"'] },
          { matchers: ['service="db"'], duration: 'soon' },
          { matchers: ['service="db"'], until: 'someday' },
          { matchers: 'service="db"', duration: '1h', reason: 'x' },
        ],
        channels: {
          a: { type: 'memory', matchers: ['service'] },
          b: { type: 'memory', matchers: [5] },
        },
      },
    });
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'alerts.silences[2].duration',
        message: expect.stringMatching(/^expected a duration/),
      }),
      expect.objectContaining({
        path: 'alerts.silences[3].until',
        message: expect.stringMatching(/^expected a date/),
      }),
      {
        path: 'alerts.silences[4].reason',
        message:
          'unknown key; expected one of: matchers, until, duration, starts_at, comment, created_by',
      },
      {
        path: 'alerts.channels.a.matchers',
        message:
          'matcher "service": expected <label><op><value> with op =, !=, =~ or !~ (service="api")',
      },
      { path: 'alerts.channels.b.matchers[0]', message: 'expected a string; got a number' },
    ]);
    // Once the shapes are right, each silence is checked as manager.silence() would.
    const later = await issuesOf({
      alerts: {
        silences: [{ matchers: ['env!="prod"'], duration: '1h' }, { matchers: ['service="db"'] }],
      },
    });
    expect(later).toEqual([
      {
        path: 'alerts.silences[0]',
        message:
          'a silence must not match every alert: {env!="prod"} matches an alert with no labels; add a matcher that needs a value',
      },
      { path: 'alerts.silences[1]', message: 'a silence needs `until` or `duration`' },
    ]);
  });

  it('leaves out a silence that has ended, with a warning', async () => {
    const logger = memoryLogger();
    const config = await loadConfig(
      { alerts: { silences: [{ matchers: 'service="db"', until: '2020-01-01T00:00:00Z' }] } },
      { logger },
    );
    expect(config.silences).toEqual([]);
    expect(logger.warnings).toEqual(['alerts.silences[0]: the silence has ended; left out']);
  });

  it('reads inhibit_rules and resolve_timeout; the manager inhibits by them', async () => {
    const raw = {
      alerts: {
        resolve_timeout: '10m',
        inhibit_rules: [
          {
            source_matchers: ['level="critical"'],
            target_matchers: '{level="warning"}',
            equal: ['service'],
          },
        ],
        channels: { ops: { type: 'memory' } },
      },
    };
    const config = await loadConfig(raw, { channelTypes });
    expect(config.resolveTimeout).toBe(600);
    expect(config.inhibitRules).toEqual([
      {
        sourceMatchers: ['level="critical"'],
        targetMatchers: '{level="warning"}',
        equal: ['service'],
      },
    ]);
    const clock = new FakeClock();
    const manager = await AlertManager.fromConfig(raw, { channelTypes, clock });
    const send = (level: 'critical' | 'warning') =>
      manager.send({ title: `${level} db`, level, labels: { service: 'db' } });
    expect((await send('critical'))[0]?.status).toBe('sent');
    clock.advance(599_000);
    expect((await send('warning'))[0]?.status).toBe('inhibited');
    clock.advance(1000);
    expect((await send('warning'))[0]?.status).toBe('sent');
    await manager.close();

    const issues = await issuesOf({
      alerts: {
        inhibit_rules: [{ source_matchers: ['level'], target_matchers: [] }, { source: [] }],
      },
    });
    expect(issues).toEqual([
      {
        path: 'alerts.inhibit_rules[0].source_matchers',
        message:
          'matcher "level": expected <label><op><value> with op =, !=, =~ or !~ (service="api")',
      },
      expect.objectContaining({ path: 'alerts.inhibit_rules[1].source_matchers' }),
      expect.objectContaining({ path: 'alerts.inhibit_rules[1].target_matchers' }),
      {
        path: 'alerts.inhibit_rules[1].source',
        message: 'unknown key; did you mean "source_matchers"?',
      },
    ]);
    // Once the shapes are right, each rule is checked as the manager will.
    expect(
      await issuesOf({
        alerts: { inhibit_rules: [{ source_matchers: [], target_matchers: ['a="b"'] }] },
      }),
    ).toEqual([
      {
        path: 'alerts.inhibit_rules[0]',
        message: '`source_matchers`: needs at least one matcher',
      },
    ]);
  });

  it("reads time_intervals and each channel's mute and active intervals; the manager mutes by them", async () => {
    const raw = {
      alerts: {
        time_intervals: [
          {
            name: 'always',
            time_intervals: [
              { times: [{ start_time: '00:00', end_time: '24:00' }], location: 'Europe/Berlin' },
            ],
          },
        ],
        channels: {
          quiet: { type: 'memory', mute_time_intervals: ['always'] },
          loud: { type: 'memory', active_time_intervals: ['always'] },
        },
      },
    };
    const config = await loadConfig(raw, { channelTypes });
    expect(config.timeIntervals).toEqual({
      always: [{ times: [{ startTime: '00:00', endTime: '24:00' }], location: 'Europe/Berlin' }],
    });
    expect(config.channels.quiet?.muteTimeIntervals).toEqual(['always']);
    const manager = await AlertManager.fromConfig(raw, { channelTypes });
    expect((await manager.send({ title: 'x' })).map((r) => `${r.channel}:${r.status}`)).toEqual([
      'quiet:muted',
      'loud:sent',
    ]);
    await manager.close();

    const issues = await issuesOf({
      alerts: {
        time_intervals: [
          {
            name: 'nights',
            time_intervals: [{ times: [{ start_time: '22:00', end_time: '06:00' }] }],
          },
          { name: 'tz', time_intervals: [{ location: 'Mars/Olympus' }] },
        ],
        channels: { a: { type: 'memory', mute_time_intervals: ['weekend'] } },
      },
    });
    expect(issues).toEqual([
      {
        path: 'alerts.time_intervals[0]',
        message:
          'time interval "nights" [0].times[0]: `end_time` must be after `start_time` (a window over midnight is two: 22:00-24:00 and 00:00-06:00)',
      },
      {
        path: 'alerts.time_intervals[1]',
        message:
          'time interval "tz" [0]: `location` "Mars/Olympus" is not a time zone (an IANA name such as Europe/Berlin)',
      },
      {
        path: 'alerts.channels.a.mute_time_intervals',
        message: 'no time interval named "weekend" in alerts.time_intervals',
      },
    ]);
  });
});

describe('resolve in the config file', () => {
  it('reads send_resolved, auto_resolve and repeat_interval: until-resolved; the manager resolves by them', async () => {
    const raw = {
      alerts: {
        channels: {
          ops: { type: 'memory', send_resolved: true, auto_resolve: '10m' },
          pager: { type: 'memory', repeat_interval: 'until-resolved', send_resolved: false },
        },
        presets: { dev: { channels: { ops: { auto_resolve: 60 } } } },
      },
    };
    const config = await loadConfig(raw, { channelTypes });
    expect(config.channels.ops?.noise).toEqual({ sendResolved: true, autoResolve: 600 });
    expect(config.channels.pager?.noise).toEqual({
      repeatInterval: 'until-resolved',
      sendResolved: false,
    });
    const dev = await loadConfig(raw, { channelTypes, preset: 'dev' });
    expect(dev.channels.ops?.noise.autoResolve).toBe(60);

    const channels: MemoryChannel[] = [];
    const memory: ChannelFactory = () => {
      channels.push(new MemoryChannel({ name: channels.length === 0 ? 'ops' : 'pager' }));
      return channels.at(-1) as MemoryChannel;
    };
    const manager = await AlertManager.fromConfig(raw, { channelTypes: { memory } });
    const alert = { title: 'Disk full', level: 'error' as const };
    await manager.send(alert);
    expect((await manager.send(alert)).map((r) => r.status)).toEqual(['sent', 'deduplicated']);
    expect((await manager.resolve(alert)).map((r) => [r.channel, r.status])).toEqual([
      ['ops', 'sent'],
    ]);
    expect((await manager.send(alert)).map((r) => r.status)).toEqual(['sent', 'sent']);
    const [ops, pager] = channels;
    expect(ops?.received.map((a) => a.resolved?.by ?? 'firing')).toEqual([
      'firing',
      'firing',
      'resolve',
      'firing',
    ]);
    expect(pager?.received.every((a) => a.resolved === undefined)).toBe(true);
    await manager.close();
  });

  it('reports bad values at their path', async () => {
    const issues = await issuesOf({
      alerts: {
        channels: {
          ops: {
            type: 'memory',
            send_resolved: 'yes',
            auto_resolve: 'soon',
            repeat_interval: 'until',
          },
        },
      },
    });
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      expect.stringMatching(
        /^alerts\.channels\.ops\.repeat_interval: expected a duration .*, "never" or "until-resolved"; got "until"$/,
      ),
      'alerts.channels.ops.send_resolved: expected true or false; got a string',
      expect.stringMatching(/^alerts\.channels\.ops\.auto_resolve: expected a duration/),
    ]);
  });
});
