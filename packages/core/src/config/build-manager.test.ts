import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertLevelInput } from '../alert-level.js';
import { AlertManager } from '../alert-manager.js';
import type { AlertResult } from '../alert-result.js';
import type { Channel } from '../channel.js';
import { ConfigError } from '../errors/config-error.js';
import type { ChannelFactory } from './build-manager.js';
import { type TempDir, tempDir } from './fixtures/temp-dir.js';
import { chatDefinition, hookDefinition } from './fixtures/test-definitions.js';
import { loadConfig } from './load-config.js';

// Core's own tests use channel types registered in code: importing the channel packages
// from here would make core depend on them. The packages are built from config in
// packages/cli/test.

const dirs: TempDir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => dir.remove()));
});

function memoryTypes() {
  const made: Record<string, MemoryChannel> = {};
  const seen: Record<string, Record<string, unknown>> = {};
  const memory: ChannelFactory = (options, context) => {
    seen[context.key] = options;
    const channel = new MemoryChannel({ name: String(options.name) });
    made[context.key] = channel;
    return channel;
  };
  return { made, seen, channelTypes: { memory } };
}

const alert = (level: AlertLevelInput, title = 'disk full') => ({ title, level });

describe('AlertManager.fromConfig', () => {
  it('registers each enabled channel with its key, alias, level and options', async () => {
    const { made, seen, channelTypes } = memoryTypes();
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          channels: {
            timeout: '10s',
            max_retries: 0,
            ops: {
              type: 'memory',
              min_level: 'warning',
              room_id: 'R1',
              extra_settings: { page_size: 2 },
            },
            hb: { type: 'memory', name: 'heartbeat' },
            off: { type: 'memory', enabled: false },
          },
        },
      },
      { channelTypes },
    );
    expect(manager.channels).toEqual(['ops', 'hb']);
    expect(Object.keys(made)).toEqual(['ops', 'hb']);
    // Custom types get their keys camelCased, common keys removed, and `name`.
    expect(seen.ops).toEqual({ roomId: 'R1', extraSettings: { pageSize: 2 }, name: 'ops' });
    expect(seen.hb).toEqual({ name: 'heartbeat' });

    const results = await manager.send(alert('info'));
    expect(results.map((r) => r.channel)).toEqual(['hb']);
    await manager.send(alert('critical'));
    expect(made.ops?.received.map((a) => a.level)).toEqual([30]);
    // kstlib's `name` is an alias for targeting.
    const targeted = await manager.send(alert('info', 'beat'), { channel: 'heartbeat' });
    expect(targeted.map((r) => [r.channel, r.channelName, r.status])).toEqual([
      ['hb', 'heartbeat', 'sent'],
    ]);
    expect(made.hb?.contexts[0]?.timeoutMs).toBe(10_000);
    await manager.close();
    expect(made.ops?.closed).toBe(1);
  });

  it('gives each channel its own bucket with the global settings', async () => {
    const { channelTypes } = memoryTypes();
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          throttle: { rate: 2, per: 60 },
          channels: { a: { type: 'memory' }, b: { type: 'memory' } },
        },
      },
      { channelTypes, clock: new FakeClock() },
    );
    const results: AlertResult[] = [];
    for (let i = 0; i < 3; i++) results.push(...(await manager.send(alert('info', `n${i}`))));
    const byChannel = (key: string) =>
      results.filter((r) => r.channel === key).map((r) => r.status);
    expect(byChannel('a')).toEqual(['sent', 'sent', 'throttled']);
    expect(byChannel('b')).toEqual(['sent', 'sent', 'throttled']);
  });

  it('shares one bucket when the config asks (kstlib behaviour), and honours throttle: false', async () => {
    const { channelTypes } = memoryTypes();
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          throttle: { rate: 2, per: 60, shared: true },
          channels: {
            a: { type: 'memory' },
            b: { type: 'memory' },
            free: { type: 'memory', throttle: false },
          },
        },
      },
      { channelTypes, clock: new FakeClock() },
    );
    const statuses = (await manager.send(alert('info')))
      .concat(await manager.send(alert('info')))
      .map((r) => `${r.channel}:${r.status}`);
    // Two tokens between a and b; `free` has no bucket.
    expect(statuses).toEqual([
      'a:sent',
      'b:sent',
      'free:sent',
      'a:throttled',
      'b:throttled',
      'free:sent',
    ]);
  });

  it('takes a loaded config, a path, or searches from cwd', async () => {
    const { channelTypes } = memoryTypes();
    const dir = await tempDir({
      'tocsin.config.yaml': 'alerts:\n  channels:\n    m: { type: memory, min_level: error }\n',
    });
    dirs.push(dir);
    const loaded = await loadConfig(undefined, { cwd: dir.path, channelTypes });
    for (const source of [loaded, dir.file('tocsin.config.yaml'), undefined]) {
      const manager = await AlertManager.fromConfig(source, { channelTypes, cwd: dir.path });
      expect(manager.channels).toEqual(['m']);
      await manager.close();
    }
    await expect(AlertManager.fromConfig(loaded, { channelTypes, preset: 'prod' })).rejects.toThrow(
      '`preset` and `overrides` apply while loading: pass them to loadConfig(), or give fromConfig a path',
    );
  });

  it('applies the preset and code overrides', async () => {
    const { made, channelTypes } = memoryTypes();
    const file = {
      alerts: {
        channels: { m: { type: 'memory' } },
        presets: { quiet: { channels: { m: { min_level: 'critical' } } } },
      },
    };
    const manager = await AlertManager.fromConfig(file, { channelTypes, preset: 'quiet' });
    expect(await manager.send(alert('error'))).toEqual([]);
    const loud = await AlertManager.fromConfig(file, {
      channelTypes,
      preset: 'quiet',
      overrides: { channels: { m: { minLevel: 'info' } } },
    });
    expect((await loud.send(alert('info'))).map((r) => r.status)).toEqual(['sent']);
    expect(made.m?.received).toHaveLength(1);
  });

  it('reports every channel that cannot be built, and closes the ones that were', async () => {
    const closed: string[] = [];
    const good = (options: Record<string, unknown>): Channel => ({
      name: String(options.name),
      send: async () => undefined,
      close: async () => {
        closed.push(String(options.name));
      },
    });
    const error = await AlertManager.fromConfig(
      {
        alerts: {
          channels: {
            ok: { type: 'good' },
            broken: { type: 'bad' },
            notachannel: { type: 'nothing' },
          },
        },
      },
      {
        channelTypes: {
          good,
          bad: () => {
            throw new TypeError('`roomId` is required');
          },
          nothing: () => ({}) as Channel,
        },
      },
    ).catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).issues).toEqual([
      { path: 'alerts.channels.broken', message: '`room_id` is required' },
      {
        path: 'alerts.channels.notachannel',
        message:
          'the definition or factory did not return a Channel (a `name` and a `send(alert, context)` method)',
      },
    ]);
    expect(closed).toEqual(['ok']);
  });

  it('builds channels with definitions given in code, from their validated options', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const hook = {
      ...hookDefinition,
      create(
        options: Record<string, unknown>,
        context: Parameters<typeof hookDefinition.create>[1],
      ) {
        seen.push(options);
        return hookDefinition.create(options as never, context);
      },
    };
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          channels: {
            chat: { type: 'chat', webhook_url: 'https://chat.example.com/hooks/T1/secret' },
            hook: {
              type: 'hook',
              url: 'https://example.com/in',
              method: 'put',
              max_connections: '4',
            },
          },
        },
      },
      { definitions: [chatDefinition, hook] },
    );
    expect(manager.channels).toEqual(['chat', 'hook']);
    expect(seen).toEqual([
      {
        url: 'https://example.com/in',
        method: 'PUT',
        headers: {},
        maxConnections: 4,
        name: 'hook',
      },
    ]);
    await manager.close();
  });

  it('refuses a type nobody registered, before building anything', async () => {
    const error = await AlertManager.fromConfig({
      alerts: { channels: { p: { type: 'nosuchchannel' } } },
    }).catch((e: unknown) => e);
    expect((error as ConfigError).issues[0]).toEqual({
      path: 'alerts.channels.p.type',
      message:
        'channel type "nosuchchannel" needs the package @tocsin/nosuchchannel, which is not installed: npm install @tocsin/nosuchchannel',
    });
  });
});

describe('AlertManager.fromConfig without the channel package installed', () => {
  const source = fileURLToPath(new URL('../index.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

  // Run outside vitest (whose aliases would find the package's sources): plain Node running
  // core's sources through tsx, a config in a directory with no node_modules. Under pnpm
  // core cannot see @tocsin/slack, exactly as in an app that did not install it.
  it('says which package to install', async () => {
    const dir = await tempDir({
      'tocsin.config.yaml':
        'alerts:\n  channels:\n    ops: { type: slack, webhook_url: "https://hooks.slack.com/services/T1/B1/notinstalled" }\n',
      'run.mjs': `import { AlertManager } from ${JSON.stringify(pathToFileURL(source).href)};\ntry { await AlertManager.fromConfig(); console.log('built'); } catch (e) { console.log(e.name + ': ' + e.message); }\n`,
    });
    dirs.push(dir);
    // Without the NODE_PATH a package manager's shim may have set (it would find the package).
    const { NODE_PATH: _nodePath, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', tsx, 'run.mjs'], {
      cwd: dir.path,
      encoding: 'utf8',
      env,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(
      `ConfigError: Invalid Tocsin config in ${dir.file('tocsin.config.yaml')}\n  - alerts.channels.ops.type: channel type "slack" needs the package @tocsin/slack, which is not installed: npm install @tocsin/slack`,
    );
    expect(run.stdout).not.toContain('notinstalled');
    // A child process that compiles core's sources with tsx: seconds on a loaded machine.
  }, 60_000);
});
