import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import type { AlertInput } from '../alert.js';
import { AlertManager } from '../alert-manager.js';
import type { AlertStats } from '../alert-stats.js';
import { ConfigError } from '../errors/config-error.js';
import type { ChannelFactory } from './build-manager.js';
import { tocsinConfigJsonSchema } from './config-json-schema.js';
import { defineConfig } from './define-config.js';
import { memoryLogger } from './fixtures/temp-dir.js';
import { loadConfig } from './load-config.js';

// `alerts.routes` and `alerts.route` (Alertmanager's block), built into real managers.

/** One MemoryChannel per channel key, kept to look at what each received. */
function memoryChannels() {
  const made: Record<string, MemoryChannel> = {};
  const memory: ChannelFactory = (_options, context) => {
    made[context.key] = new MemoryChannel({ name: context.key });
    return made[context.key] as MemoryChannel;
  };
  const titles = (key: string) => made[key]?.received.map((alert) => alert.title) ?? [];
  return { made, titles, channelTypes: { memory } };
}

function channels(...keys: string[]) {
  return Object.fromEntries(keys.map((key) => [key, { type: 'memory' }]));
}

/** Every entry counted each alert once, in one status. */
function expectStatsAddUp(stats: AlertStats): void {
  for (const [key, entry] of Object.entries(stats.byChannel)) {
    const counted =
      entry.sent +
      entry.failed +
      entry.throttled +
      entry.filtered +
      entry.silenced +
      entry.inhibited +
      entry.muted +
      entry.deduplicated +
      entry.grouped;
    expect(`${key}: ${counted}`).toBe(`${key}: ${stats.totalAlerts}`);
  }
}

async function issuesOf(raw: object) {
  const error = await loadConfig(raw, {
    channelTypes: { memory: () => new MemoryChannel() },
    logger: memoryLogger(),
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).issues;
}

// defineConfig: the tree is typed in a `tocsin.config.ts` too.
const byTeam = defineConfig({
  alerts: {
    channels: channels('db', 'web', 'audit', 'ops', 'fallback'),
    routes: [
      { matchers: ['team="db"'], channels: ['db'] },
      { matchers: ['team=~"db|web"'], channels: ['web'] },
      { matchers: ['env="prod"'], channels: ['audit'], continue: true },
      {
        matchers: ['env="prod"'],
        channels: ['ops'],
        routes: [{ matchers: ['team="billing"'], channels: ['fallback'] }],
      },
    ],
  },
});

describe('alerts.routes', () => {
  it('sends each alert to the first route that matches, and past one with `continue`', async () => {
    const { titles, channelTypes } = memoryChannels();
    const manager = await AlertManager.fromConfig(byTeam, { channelTypes });
    const sent = async (alert: AlertInput) =>
      (await manager.send(alert)).map((r) => `${r.channel}:${r.status}`);

    expect(await sent({ title: 'db slow', labels: { team: 'db' } })).toEqual(['db@routes[0]:sent']);
    // `team=~"db|web"` would match a db alert, but the first route took it.
    expect(await sent({ title: 'web 500', labels: { team: 'web' } })).toEqual([
      'web@routes[1]:sent',
    ]);
    expect(await sent({ title: 'prod disk', labels: { env: 'prod' } })).toEqual([
      'audit@routes[2]:sent',
      'ops@routes[3]:sent',
    ]);
    // The child takes a billing alert; the parent gets what no child matches (above).
    expect(await sent({ title: 'prod bill', labels: { env: 'prod', team: 'billing' } })).toEqual([
      'audit@routes[2]:sent',
      'fallback@routes[3].routes[0]:sent',
    ]);
    // No route matches: no channel gets it, and every entry counts it as filtered.
    expect(await sent({ title: 'dev noise', labels: { env: 'dev' } })).toEqual([]);

    expect(titles('db')).toEqual(['db slow']);
    expect(titles('web')).toEqual(['web 500']);
    expect(titles('audit')).toEqual(['prod disk', 'prod bill']);
    expect(titles('ops')).toEqual(['prod disk']);
    expect(titles('fallback')).toEqual(['prod bill']);
    const stats = manager.stats;
    expect(stats.totalAlerts).toBe(5);
    expect(stats.totalSent).toBe(6);
    expect(Object.keys(stats.byChannel)).toEqual([
      'db',
      'web',
      'audit',
      'ops',
      'fallback',
      'db@routes[0]',
      'web@routes[1]',
      'audit@routes[2]',
      'ops@routes[3]',
      'fallback@routes[3].routes[0]',
    ]);
    // A channel's own entry takes only what is sent to it by name.
    expect(stats.byChannel.db).toMatchObject({ sent: 0, filtered: 5 });
    expectStatsAddUp(stats);
    await manager.close();
  });

  it('still sends to a channel by name, once, through its own entry', async () => {
    const { titles, channelTypes } = memoryChannels();
    const manager = await AlertManager.fromConfig(byTeam, { channelTypes });
    const results = await manager.send({ title: 'by hand' }, { channel: 'audit' });
    expect(results.map((r) => `${r.channel}:${r.status}`)).toEqual(['audit:sent']);
    expect(titles('audit')).toEqual(['by hand']);
    await manager.close();
  });

  it('sends to a channel by its name once, not once per route entry', async () => {
    const made: MemoryChannel[] = [];
    const memory: ChannelFactory = () => {
      made.push(new MemoryChannel({ name: 'mem' }));
      return made.at(-1) as MemoryChannel;
    };
    const manager = await AlertManager.fromConfig(byTeam, { channelTypes: { memory } });
    const results = await manager.send({ title: 'to all mem' }, { channel: 'mem' });
    expect(results.map((r) => r.channel)).toEqual(['db', 'web', 'audit', 'ops', 'fallback']);
    expect(made.map((channel) => channel.received.length)).toEqual([1, 1, 1, 1, 1]);
    await manager.close();
  });

  it('keeps a channel’s own min_level and matchers on its routes', async () => {
    const { titles, channelTypes } = memoryChannels();
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          channels: {
            pager: { type: 'memory', min_level: 'critical' },
            chat: { type: 'memory', matchers: ['env!="dev"'] },
          },
          routes: [{ channels: ['pager', 'chat'] }],
        },
      },
      { channelTypes },
    );
    await manager.send([
      { title: 'warn prod', level: 'warning', labels: { env: 'prod' } },
      { title: 'crit dev', level: 'critical', labels: { env: 'dev' } },
    ]);
    expect(titles('pager')).toEqual(['crit dev']);
    expect(titles('chat')).toEqual(['warn prod']);
    await manager.close();
  });

  it('lets a child inherit its parent’s grouping, or override it', async () => {
    const clock = new FakeClock();
    const { made, channelTypes } = memoryChannels();
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          channels: channels('mail', 'chat'),
          routes: [
            {
              matchers: ['team="ops"'],
              channels: ['mail'],
              group: { by: ['service'], wait: '10s' },
              routes: [
                // Inherits: mail, by service, 10 s.
                { matchers: ['env="prod"'], continue: true },
                // Overrides `by` and the channels; keeps the 10 s wait.
                { matchers: ['env="prod"'], channels: ['chat'], group: { by: ['host'] } },
              ],
            },
          ],
        },
      },
      { channelTypes, clock },
    );
    const alerts = ['a/h1', 'a/h2', 'b/h1', 'b/h2'].map((pair) => {
      const [service, host] = pair.split('/') as [string, string];
      return { title: pair, labels: { team: 'ops', env: 'prod', service, host } };
    });
    const results = await manager.send(alerts);
    expect(new Set(results.map((r) => `${r.channel}:${r.status}`))).toEqual(
      new Set(['mail@routes[0].routes[0]:grouped', 'chat@routes[0].routes[1]:grouped']),
    );
    clock.advance(9_999);
    expect(made.mail?.received).toEqual([]);
    clock.advance(1);
    await manager.close();
    const groups = (key: string) =>
      made[key]?.received.map((alert) => ({
        labels: alert.digest?.groupLabels,
        titles: alert.digest?.entries.map((entry) => entry.alert.title),
      }));
    expect(groups('mail')).toEqual([
      { labels: { service: 'a' }, titles: ['a/h1', 'a/h2'] },
      { labels: { service: 'b' }, titles: ['b/h1', 'b/h2'] },
    ]);
    expect(groups('chat')).toEqual([
      { labels: { host: 'h1' }, titles: ['a/h1', 'b/h1'] },
      { labels: { host: 'h2' }, titles: ['a/h2', 'b/h2'] },
    ]);
    expectStatsAddUp(manager.stats);
  });

  it('takes repeat_interval: until-resolved on a route, and resolve() ends the incident there', async () => {
    const { titles, channelTypes } = memoryChannels();
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          channels: channels('ops'),
          routes: [{ channels: ['ops'], repeat_interval: 'until-resolved' }],
        },
      },
      { channelTypes },
    );
    const disk = { title: 'disk full', labels: { host: 'db1' } };
    const status = async () => (await manager.send(disk)).map((r) => `${r.channel}:${r.status}`);
    expect(await status()).toEqual(['ops@routes[0]:sent']);
    expect(await status()).toEqual(['ops@routes[0]:deduplicated']);
    await manager.resolve(disk);
    expect(await status()).toEqual(['ops@routes[0]:sent']);
    expect(titles('ops')).toEqual(['disk full', 'disk full']);
    await manager.close();
  });

  it('is valid in a preset, which replaces the list', async () => {
    const config = await loadConfig(
      {
        alerts: {
          ...byTeam.alerts,
          presets: { quiet: { routes: [{ channels: ['ops'], repeat_interval: '1h' }] } },
        },
      },
      { channelTypes: memoryChannels().channelTypes, preset: 'quiet', logger: memoryLogger() },
    );
    expect(config.routes?.root.routes).toEqual([
      {
        path: 'routes[0]',
        matchers: [],
        channels: ['ops'],
        continue: false,
        repeatInterval: 3600,
        routes: [],
      },
    ]);
  });

  it('can be removed by a preset, with null', async () => {
    const config = await loadConfig(
      { alerts: { ...byTeam.alerts, presets: { flat: { routes: null } } } },
      { channelTypes: memoryChannels().channelTypes, preset: 'flat', logger: memoryLogger() },
    );
    expect(config.routes).toBeUndefined();
  });

  it('is in the JSON Schema, as a tree that refers to itself', () => {
    const schema = tocsinConfigJsonSchema() as {
      properties: { alerts: { properties: Record<string, unknown> } };
      $defs: Record<string, { items: { properties: Record<string, unknown> } }>;
    };
    const alerts = schema.properties.alerts.properties;
    expect(alerts.routes).toEqual({ $ref: '#/$defs/routes' });
    expect(Object.keys(schema.$defs.routes?.items.properties ?? {})).toEqual([
      'matchers',
      'channels',
      'continue',
      'group',
      'repeat_interval',
      'mute_time_intervals',
      'active_time_intervals',
      'routes',
    ]);
    expect(schema.$defs.routes?.items.properties.routes).toEqual({ $ref: '#/$defs/routes' });
    expect(alerts.route).toHaveProperty('$ref');
  });

  it('warns about a channel no route names', async () => {
    const logger = memoryLogger();
    await loadConfig(
      { alerts: { channels: channels('db', 'idle'), routes: [{ channels: ['db'] }] } },
      { channelTypes: memoryChannels().channelTypes, logger },
    );
    expect(logger.warnings).toEqual([
      'alerts.routes: no route names "idle": with routes, a channel gets alerts only through them (or sent to it by name)',
    ]);
  });

  it('refuses an unknown channel, key or time interval, naming the path', async () => {
    expect(
      await issuesOf({
        alerts: {
          channels: channels('database', 'web'),
          routes: [
            { matchers: ['team="db"'], channels: ['web', 'databse'] },
            {
              routes: [{ chanels: ['web'] }, { mute_time_intervals: ['nights'] }],
            },
          ],
        },
      }),
    ).toEqual([
      {
        path: 'alerts.routes[1].routes[0].chanels',
        message: 'unknown key; did you mean "channels"?',
      },
    ]);
    expect(
      await issuesOf({
        alerts: {
          channels: channels('database', 'web'),
          routes: [
            { matchers: ['team="db"'], channels: ['web', 'databse'] },
            { routes: [{ mute_time_intervals: ['nights'] }] },
          ],
        },
      }),
    ).toEqual([
      {
        path: 'alerts.routes[0].channels[1]',
        message:
          'no channel is called "databse"; did you mean "database"? (channels: database, web)',
      },
      {
        path: 'alerts.routes[1].routes[0].mute_time_intervals',
        message: 'no time interval named "nights" in alerts.time_intervals',
      },
    ]);
  });

  it('refuses `route` and `routes` together', async () => {
    expect(
      await issuesOf({
        alerts: {
          channels: channels('web'),
          routes: [{ channels: ['web'] }],
          route: { receiver: 'web' },
        },
      }),
    ).toEqual([
      {
        path: 'alerts.route',
        message:
          '`route` (one Alertmanager root route) and `routes` (a list of routes) cannot both be set: keep one',
      },
    ]);
  });
});

/** Adapted from the example in Alertmanager's configuration docs. */
const alertmanagerExample = {
  alerts: {
    time_intervals: [
      { name: 'offhours', time_intervals: [{ years: ['2001'] }] },
      { name: 'holidays', time_intervals: [{ years: ['2002'] }] },
    ],
    channels: channels(
      'default-receiver',
      'database-pager',
      'frontend-pager',
      'dev-pager',
      'on-call-pager',
    ),
    route: {
      receiver: 'default-receiver',
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      group_by: ['cluster', 'alertname'],
      routes: [
        { receiver: 'database-pager', group_wait: '10s', matchers: ['service=~"mysql|cassandra"'] },
        {
          receiver: 'frontend-pager',
          group_by: ['product', 'environment'],
          matchers: ['team="frontend"'],
        },
        {
          receiver: 'dev-pager',
          matchers: ['service="inhouse-service"'],
          mute_time_intervals: ['offhours', 'holidays'],
          continue: true,
        },
        {
          receiver: 'on-call-pager',
          matchers: ['service="inhouse-service"'],
          active_time_intervals: ['offhours', 'holidays'],
        },
      ],
    },
  },
};

describe('alerts.route (an Alertmanager block)', () => {
  it('reads the example from Alertmanager’s docs and routes as Alertmanager does', async () => {
    const clock = new FakeClock();
    const { titles, channelTypes } = memoryChannels();
    const config = await loadConfig(alertmanagerExample, { channelTypes, logger: memoryLogger() });
    expect(config.routes?.source).toBe('route');
    expect(config.routes?.root).toMatchObject({
      path: 'route',
      channels: ['default-receiver'],
      group: { by: ['cluster', 'alertname'], wait: 30, interval: 300 },
      repeatInterval: 14_400,
    });
    const manager = await AlertManager.fromConfig(config, { channelTypes, clock });
    const results = await manager.send([
      { title: 'mysql down', labels: { service: 'mysql', cluster: 'eu' } },
      { title: 'cart slow', labels: { team: 'frontend', product: 'shop' } },
      { title: 'inhouse broken', labels: { service: 'inhouse-service' } },
      { title: 'something else', labels: { cluster: 'eu' } },
    ]);
    expect(results.map((r) => `${r.channel}:${r.status}`)).toEqual([
      'database-pager@route.routes[0]:grouped',
      'frontend-pager@route.routes[1]:grouped',
      'dev-pager@route.routes[2]:grouped',
      // Active only in 2001 and 2002: muted now.
      'on-call-pager@route.routes[3]:muted',
      'default-receiver@route:grouped',
    ]);
    clock.advance(10_000); // the database route's own group_wait
    expect(titles('database-pager')).toEqual(['mysql down']);
    expect(titles('default-receiver')).toEqual([]);
    clock.advance(20_000); // the root's 30 s, inherited by the others
    await manager.close();
    expect(titles('frontend-pager')).toEqual(['cart slow']);
    expect(titles('dev-pager')).toEqual(['inhouse broken']);
    expect(titles('default-receiver')).toEqual(['something else']);
    expect(titles('on-call-pager')).toEqual([]);
    expectStatsAddUp(manager.stats);
  });

  it("reads group_by ['...'] (every label) as no grouping, and match / match_re", async () => {
    const { titles, channelTypes } = memoryChannels();
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          channels: channels('all', 'db'),
          route: {
            receiver: 'all',
            group_by: ['...'],
            routes: [{ receiver: 'db', match: { team: 'db' }, match_re: { env: 'prod|staging' } }],
          },
        },
      },
      { channelTypes },
    );
    const results = await manager.send([
      { title: 'db prod', labels: { team: 'db', env: 'prod' } },
      { title: 'db dev', labels: { team: 'db', env: 'dev' } },
    ]);
    expect(results.map((r) => `${r.channel}:${r.status}`)).toEqual([
      'db@route.routes[0]:sent',
      'all@route:sent',
    ]);
    expect(titles('db')).toEqual(['db prod']);
    expect(titles('all')).toEqual(['db dev']);
    await manager.close();
  });

  it('holds its durations to the hard limits, naming the path', async () => {
    const logger = memoryLogger();
    const config = await loadConfig(
      {
        alerts: {
          channels: channels('web', 'db'),
          route: {
            receiver: 'web',
            group_wait: '2d',
            routes: [{ receiver: 'db', repeat_interval: '0s' }],
          },
        },
      },
      { channelTypes: memoryChannels().channelTypes, logger },
    );
    expect(config.routes?.root.group).toMatchObject({ wait: 86_400 });
    expect(config.routes?.root.routes[0]?.repeatInterval).toBe(1);
    // Children are read before their parent.
    expect(logger.warnings).toEqual([
      'channel.repeat_interval 0 (from alerts.route.routes[0].repeat_interval in the config object) is below the minimum 1; using 1',
      'group.wait 172800 (from alerts.route.group_wait in the config object) is above the maximum 86400; using 86400',
    ]);
  });

  it('refuses keys it does not read, listing those it does, and a bad root', async () => {
    expect(
      await issuesOf({
        alerts: {
          channels: channels('web'),
          route: {
            receiver: 'web',
            matchers: ['team="web"'],
            routes: [{ reciever: 'web' }, { receiver: 'wbe', group_by: ['...', 'host'] }],
          },
        },
      }),
    ).toEqual([
      {
        path: 'alerts.route.routes[0].reciever',
        message:
          'not an Alertmanager route key Tocsin reads; did you mean "receiver"?; supported: receiver, group_by, group_wait, group_interval, repeat_interval, matchers, match, match_re, continue, routes, mute_time_intervals, active_time_intervals',
      },
    ]);
    expect(
      await issuesOf({
        alerts: {
          channels: channels('web'),
          route: {
            matchers: ['team="web"'],
            routes: [{ receiver: 'wbe', group_by: ['...', 'host'] }],
          },
        },
      }),
    ).toEqual([
      {
        path: 'alerts.route.receiver',
        message: 'missing: the root route needs a receiver (a channel key)',
      },
      {
        path: 'alerts.route.matchers',
        message:
          'the root route matches every alert: it cannot have `matchers` (as in Alertmanager); put it on a child route',
      },
      {
        path: 'alerts.route.routes[0].receiver',
        message: 'no channel is called "wbe"; did you mean "web"? (channels: web)',
      },
      {
        path: 'alerts.route.routes[0].group_by',
        message: "'...' (every label) must be the only name in group_by, as in Alertmanager",
      },
    ]);
  });
});
