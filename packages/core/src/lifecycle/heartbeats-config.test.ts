import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { type TempDir, tempDir } from '../config/fixtures/temp-dir.js';
import { loadConfig } from '../config/load-config.js';
import { ConfigError } from '../errors/config-error.js';

// `alerts.heartbeats` in the config file: read, merged with presets, made by fromConfig.

const dirs: TempDir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => dir.remove()));
});

const YAML = `alerts:
  heartbeats:
    nightly-backup:
      cron: "0 2 * * *"
      timezone: Europe/Berlin
      grace: 30m
      level: critical
      labels: { team: ops }
    worker:
      every: 5m
  channels:
    ops: { type: memory }
  presets:
    prod:
      heartbeats:
        worker: { grace: 10s, title: Worker stopped }
`;

async function configDir(): Promise<string> {
  const made = await tempDir({ 'tocsin.config.yaml': YAML });
  dirs.push(made);
  return made.path;
}

describe('heartbeats in the config file', () => {
  it('reads them in the spelling of manager.heartbeat(), with a preset merged over them', async () => {
    const cwd = await configDir();
    const channelTypes = { memory: () => new MemoryChannel() };
    const config = await loadConfig(undefined, { cwd, channelTypes });
    expect(config.heartbeats).toEqual({
      'nightly-backup': {
        cron: '0 2 * * *',
        timezone: 'Europe/Berlin',
        grace: 1800,
        level: 30,
        labels: { team: 'ops' },
      },
      worker: { every: 300 },
    });
    const prod = await loadConfig(undefined, { cwd, channelTypes, preset: 'prod' });
    expect(prod.heartbeats.worker).toEqual({ every: 300, grace: 10, title: 'Worker stopped' });
  });

  it('fromConfig makes them: heartbeat(name) gets one, and a missed one alerts', async () => {
    const cwd = await configDir();
    const clock = new FakeClock();
    const channel = new MemoryChannel();
    const manager = await AlertManager.fromConfig(undefined, {
      cwd,
      preset: 'prod',
      clock,
      channelTypes: { memory: () => channel },
    });
    const worker = manager.heartbeat('worker');
    expect(worker.state).toBe('waiting');
    expect(manager.heartbeat('worker', { every: '5m', grace: 10, title: 'Worker stopped' })).toBe(
      worker,
    );
    expect(manager.heartbeat('nightly-backup').name).toBe('nightly-backup');
    expect(clock.pending).toBe(2);

    clock.advance(310_000 - 1);
    worker.ping();
    clock.advance(310_000);
    await manager.close();
    expect(channel.received.map((alert) => [alert.title, alert.labels])).toEqual([
      ['Worker stopped', { heartbeat: 'worker' }],
    ]);
    expect(manager.stats).toMatchObject({ totalAlerts: 1, totalSent: 1 });
  });

  it('reports a bad heartbeat at its path, with what was expected', async () => {
    const error = await loadConfig({
      alerts: {
        heartbeats: {
          a: { every: 'often' },
          b: { cron: '0 2 * * *', timezone: 'Mars/Base' },
          c: { cron: '0 25 * * *' },
          d: { every: '5m', cron: '@daily' },
          e: { grace: '1m' },
          f: { every: '5m', levl: 'error' },
          g: 'every 5m',
        },
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        path: 'alerts.heartbeats.a.every',
        message: expect.stringMatching(/^expected a duration/),
      },
      {
        path: 'alerts.heartbeats.f.levl',
        message: expect.stringMatching(/^unknown key; did you mean "level"\?/),
      },
      {
        path: 'alerts.heartbeats.g',
        message:
          'expected a heartbeat { every | cron, timezone, grace, level, labels, title }; got a string',
      },
    ]);
    // Once the shapes are right, each is checked as manager.heartbeat() would.
    const later = await loadConfig({
      alerts: {
        heartbeats: {
          b: { cron: '0 2 * * *', timezone: 'Mars/Base' },
          c: { cron: '0 25 * * *' },
          d: { every: '5m', cron: '@daily' },
          e: { grace: '1m' },
        },
      },
    }).catch((caught: unknown) => caught);
    expect((later as ConfigError).issues).toEqual([
      {
        path: 'alerts.heartbeats.b',
        message: '`timezone` must be an IANA time zone such as "Europe/Berlin"; got "Mars/Base"',
      },
      {
        path: 'alerts.heartbeats.c',
        message: '`cron` "0 25 * * *" is not a cron expression: Invalid value for hour: 25',
      },
      {
        path: 'alerts.heartbeats.d',
        message:
          'give `every` (a duration such as "5m") or `cron` (a schedule such as "0 2 * * *"), not both',
      },
      {
        path: 'alerts.heartbeats.e',
        message:
          'give `every` (a duration such as "5m") or `cron` (a schedule such as "0 2 * * *"), one of them',
      },
    ]);
  });
});
