import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { type TempDir, tempDir } from '../config/fixtures/temp-dir.js';
import { loadConfig } from '../config/load-config.js';
import { ConfigError } from '../errors/config-error.js';

const dirs: TempDir[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(dirs.splice(0).map((dir) => dir.remove()));
});

async function dir(files: Record<string, string>): Promise<TempDir> {
  const made = await tempDir(files);
  dirs.push(made);
  return made;
}

const YAML = `alerts:
  channels:
    ops-email: { type: memory, min_level: critical }
  reports:
    daily: { at: "08:00", time_zone: Europe/Berlin, channel: ops-email, top: 5, collect_timeout: 30s }
  presets:
    weekdays:
      reports:
        daily: { at: "0 8 * * 1-5" }
`;

describe('alerts.reports in the config file', () => {
  it('reads reports in scheduleReport spelling, with presets merged', async () => {
    const d = await dir({ 'tocsin.config.yaml': YAML });
    const channelTypes = { memory: () => new MemoryChannel() };
    const config = await loadConfig(undefined, { cwd: d.path, channelTypes });
    expect(config.reports).toEqual({
      daily: {
        at: '08:00',
        timeZone: 'Europe/Berlin',
        channel: 'ops-email',
        top: 5,
        collectTimeout: 30,
      },
    });
    const weekdays = await loadConfig(undefined, { cwd: d.path, preset: 'weekdays', channelTypes });
    expect(weekdays.reports?.daily?.at).toBe('0 8 * * 1-5');
  });

  it('fromConfig schedules them, with the collect() given in code by name', async () => {
    const d = await dir({ 'tocsin.config.yaml': YAML });
    const channel = new MemoryChannel({ name: 'ops-email' });
    const clock = new FakeClock(0);
    // 07:00 in Berlin.
    vi.useFakeTimers({ now: new Date('2026-12-01T06:00:00Z'), toFake: ['Date'] });
    const manager = await AlertManager.fromConfig(undefined, {
      cwd: d.path,
      clock,
      channelTypes: { memory: () => channel },
      collect: { daily: () => ({ bookings: 7 }) },
    });
    vi.useRealTimers();
    await manager.send({ title: 'DB down', level: 'error' });
    clock.advance(3_600_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(channel.received).toHaveLength(1);
    expect(channel.received[0]?.title).toBe(
      'Report "daily": 1 alert from 2026-12-01 07:00 to 2026-12-01 08:00',
    );
    expect(channel.received[0]?.tables?.at(-1)?.rows).toEqual([['bookings', '7']]);
    await manager.close();
  });

  it('names the file, the path and what was expected for an unknown key', async () => {
    const d = await dir({
      'tocsin.config.yaml': `alerts:
  channels:
    ops: { type: memory }
  reports:
    d: { at: "08:00", channel: ops, top_n: 3 }
`,
    });
    const error = await loadConfig(undefined, {
      cwd: d.path,
      channelTypes: { memory: () => new MemoryChannel() },
    }).then(
      () => undefined,
      (e: unknown) => e as ConfigError,
    );
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).message).toContain(d.file('tocsin.config.yaml'));
    const issues = Object.fromEntries(
      (error as ConfigError).issues.map((i) => [i.path, i.message]),
    );
    expect(issues['alerts.reports.d.top_n']).toBe('unknown key; did you mean "top"?');
  });

  it('checks the schedule and the channel once the schema passes', async () => {
    const d = await dir({
      'tocsin.config.yaml': `alerts:
  channels:
    ops: { type: memory }
  reports:
    a: { at: "25:00", channel: ops }
    b: { at: "08:00", channel: opps }
    c: { at: "08:00", channel: ops, time_zone: Mars/Olympus }
`,
    });
    const error = await loadConfig(undefined, {
      cwd: d.path,
      channelTypes: { memory: () => new MemoryChannel() },
    }).then(
      () => undefined,
      (e: unknown) => e as ConfigError,
    );
    const issues = Object.fromEntries(
      (error as ConfigError).issues.map((i) => [i.path, i.message]),
    );
    expect(issues['alerts.reports.a']).toMatch(/^`at` "25:00" is neither a time of day/);
    expect(issues['alerts.reports.b.channel']).toBe('no channel is called "opps" (channels: ops)');
    expect(issues['alerts.reports.c']).toMatch(/^`time_zone` must be an IANA time zone/);
  });
});
