import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { ConfigError } from '../errors/config-error.js';
import type { ChannelFactory } from './build-manager.js';
import { memoryLogger, type TempDir, tempDir } from './fixtures/temp-dir.js';
import { loadConfig } from './load-config.js';

const dirs: TempDir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => dir.remove()));
});

async function dir(files: Record<string, string>): Promise<TempDir> {
  const made = await tempDir(files);
  dirs.push(made);
  return made;
}

const YAML = `alerts:
  fingerprint: [service]
  channels:
    ops:
      type: memory
      repeat_interval: 4h
      group: { by: [service], wait: 30s, interval: 5m, max_wait: 10m, max_alerts: 100, count_by: host, bypass_level: critical }
    pager:
      type: memory
      repeat_interval: never
      burst: { threshold: 5, buffer: 15m, cooldown: 15m }
  presets:
    dev:
      channels:
        ops: { group: { wait: 1s } }
`;

describe('noise control in the config file', () => {
  it('reads fingerprint, repeat_interval, group and burst, in seconds, with presets merged', async () => {
    const d = await dir({ 'tocsin.config.yaml': YAML });
    const config = await loadConfig(undefined, {
      cwd: d.path,
      channelTypes: { memory: () => new MemoryChannel() },
    });
    expect(config.fingerprint).toEqual(['service']);
    expect(config.channels.ops?.noise).toEqual({
      repeatInterval: 14_400,
      group: {
        by: ['service'],
        wait: 30,
        interval: 300,
        maxWait: 600,
        maxAlerts: 100,
        countBy: 'host',
        bypassLevel: 30,
      },
    });
    expect(config.channels.pager?.noise).toEqual({
      repeatInterval: 'never',
      burst: { threshold: 5, buffer: 900, cooldown: 900 },
    });
    const dev = await loadConfig(undefined, {
      cwd: d.path,
      preset: 'dev',
      channelTypes: { memory: () => new MemoryChannel() },
    });
    expect(dev.channels.ops?.noise.group).toMatchObject({
      wait: 1,
      interval: 300,
      by: ['service'],
    });
  });

  it('builds entries that group and deduplicate as the file says', async () => {
    const clock = new FakeClock();
    const made: MemoryChannel[] = [];
    const memory: ChannelFactory = () => {
      const channel = new MemoryChannel();
      made.push(channel);
      return channel;
    };
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          fingerprint: ['service'],
          channels: { ops: { type: 'memory', group: { wait: '10s', by: ['service'] } } },
        },
      },
      { channelTypes: { memory }, clock },
    );
    const results = await manager.send([
      { title: 'e', labels: { service: 'api', host: 'h1' } },
      { title: 'e', labels: { service: 'api', host: 'h2' } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['grouped', 'grouped']);
    // The file's fingerprint rule: host does not count.
    expect(results[0]?.fingerprint).toBe(results[1]?.fingerprint);
    clock.advance(10_000);
    await manager.close();
    expect(made[0]?.received[0]?.title).toBe('2 instances of 1 unique alert (api)');
    expect(made[0]?.received[0]?.digest?.entries[0]?.counts).toEqual([
      ['h1', 1],
      ['h2', 1],
    ]);
  });

  it('clamps out-of-range durations and sizes with a warning naming the path and file', async () => {
    const d = await dir({
      'tocsin.config.yaml':
        'alerts:\n  channels:\n    ops:\n      type: memory\n      repeat_interval: 100ms\n      group: { interval: 0s, max_alerts: 50000 }\n',
    });
    const logger = memoryLogger();
    const config = await loadConfig(undefined, {
      cwd: d.path,
      logger,
      channelTypes: { memory: () => new MemoryChannel() },
    });
    const file = d.file('tocsin.config.yaml');
    expect(logger.warnings).toEqual([
      `channel.repeat_interval 0.1 (from alerts.channels.ops.repeat_interval in ${file}) is below the minimum 1; using 1`,
      `group.interval 0 (from alerts.channels.ops.group.interval in ${file}) is below the minimum 1; using 1`,
      `group.max_alerts 50000 (from alerts.channels.ops.group.max_alerts in ${file}) is above the maximum 10000; using 10000`,
    ]);
    expect(config.channels.ops?.noise.group).toEqual({ interval: 1, maxAlerts: 10_000 });
  });

  it('names the file, the path and what was expected for a bad value', async () => {
    const d = await dir({
      'tocsin.config.yaml': `alerts:
  channels:
    ops:
      type: memory
      repeat_interval: sometimes
      group: { wait: soon, max_wiat: 5m, by: service }
`,
      'both.yaml': 'alerts:\n  channels:\n    both: { type: memory, group: {}, burst: {} }\n',
    });
    const failure = (path?: string) =>
      loadConfig(path, { cwd: d.path, channelTypes: { memory: () => new MemoryChannel() } }).then(
        () => undefined,
        (e: unknown) => e as ConfigError,
      );
    const error = await failure();
    expect(ConfigError.isInstance(error)).toBe(true);
    const issues = Object.fromEntries(
      (error as ConfigError).issues.map((i) => [i.path, i.message]),
    );
    expect(issues['alerts.channels.ops.repeat_interval']).toMatch(
      /expected a duration .*, "never" or "until-resolved"/,
    );
    expect(issues['alerts.channels.ops.group.wait']).toMatch(/expected a duration/);
    expect(issues['alerts.channels.ops.group.by']).toBe(
      'expected a list of label names; got a string',
    );
    expect(issues['alerts.channels.ops.group.max_wiat']).toBe(
      'unknown key; did you mean "max_wait"?',
    );
    expect((error as ConfigError).message).toContain(d.file('tocsin.config.yaml'));
    const both = await failure('both.yaml');
    expect(both?.issues).toEqual([
      {
        path: 'alerts.channels.both.burst',
        message: '`group` and `burst` cannot both be set on one channel: choose one',
      },
    ]);
  });

  it('reads the pager window and the monitoring markers, and builds them', async () => {
    const clock = new FakeClock();
    const made: Record<string, MemoryChannel> = {};
    const memory: ChannelFactory = (_options, context) => {
      made[context.key] = new MemoryChannel({ name: context.key });
      return made[context.key] as MemoryChannel;
    };
    const source = {
      alerts: {
        monitoring: { labels: { check: 'e2e' }, channel: 'e2e' },
        channels: {
          mail: {
            type: 'memory',
            group: { wait: '1s', pager: { limit: 2, flushes: 2, channel: 'pager' } },
          },
          pager: { type: 'memory', min_level: 'critical' },
          e2e: { type: 'memory', min_level: 'critical' },
        },
      },
    };
    const config = await loadConfig(source, { channelTypes: { memory } });
    expect(config.monitoring).toEqual({ labels: { check: 'e2e' }, channel: 'e2e' });
    expect(config.channels.mail?.noise.group?.pager).toEqual({
      limit: 2,
      flushes: 2,
      channel: 'pager',
    });
    const manager = await AlertManager.fromConfig(source, { channelTypes: { memory }, clock });
    await manager.send([
      { title: 'a' },
      { title: 'b' },
      { title: 'c' },
      { title: 'ping', labels: { check: 'e2e' } },
    ]);
    clock.advance(1000);
    await manager.close();
    expect(made.e2e?.received.map((a) => a.title)).toEqual(['ping']);
    expect(made.pager?.received.map((a) => a.title)).toEqual([
      '3 alerts in the last digest of "mail"',
    ]);
  });

  it('refuses a pager or monitoring channel that does not exist, naming the path', async () => {
    const error = await loadConfig(
      {
        alerts: {
          monitoring: { texts: ['[e2e]'], channel: 'e2e' },
          channels: {
            mail: { type: 'memory', burst: { pager: { limit: 5, channel: 'pagr' } } },
            pager: { type: 'memory' },
          },
        },
      },
      { channelTypes: { memory: () => new MemoryChannel() } },
    ).then(
      () => undefined,
      (e: unknown) => e as ConfigError,
    );
    expect(error?.issues).toEqual([
      {
        path: 'alerts.monitoring.channel',
        message: 'no channel is called "e2e" (channels: mail, pager)',
      },
      {
        path: 'alerts.channels.mail.burst.pager.channel',
        message: 'no channel is called "pagr" (channels: mail, pager)',
      },
    ]);
  });
});
