import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { ConfigError } from '../errors/config-error.js';
import { type TempDir, tempDir } from './fixtures/temp-dir.js';
import { loadConfig } from './load-config.js';

const dirs: TempDir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => dir.remove()));
});

const YAML = `alerts:
  channels:
    errors:
      type: memory
      conditions:
        new: true
        regression: { quiet: 3h }
        frequency: { count: 100, window: 1h }
        max_fingerprints: 5000
  presets:
    quiet:
      channels:
        errors: { conditions: { frequency: { count: 500, window: 1h } } }
`;

describe('alert conditions in the config file', () => {
  it('reads conditions in seconds, with presets merged, and builds entries that apply them', async () => {
    const made: MemoryChannel[] = [];
    const options = {
      channelTypes: {
        memory: () => {
          const channel = new MemoryChannel();
          made.push(channel);
          return channel;
        },
      },
    };
    const d = await tempDir({ 'tocsin.config.yaml': YAML });
    dirs.push(d);
    const config = await loadConfig(undefined, { cwd: d.path, ...options });
    expect(config.channels.errors?.noise.conditions).toEqual({
      new: true,
      regression: { quiet: 10_800 },
      frequency: { count: 100, window: 3600 },
      maxFingerprints: 5000,
    });
    const quiet = await loadConfig(undefined, { cwd: d.path, preset: 'quiet', ...options });
    expect(quiet.channels.errors?.noise.conditions?.frequency).toEqual({
      count: 500,
      window: 3600,
    });

    const manager = await AlertManager.fromConfig(config, { ...options, clock: new FakeClock() });
    const first = await manager.send({ title: 'DB down', level: 'error' });
    const second = await manager.send({ title: 'DB down', level: 'error' });
    expect([first[0]?.status, second[0]?.status]).toEqual(['sent', 'deduplicated']);
    expect(made.at(-1)?.received[0]?.labels.condition).toBe('new');
    await manager.close();
  });

  it('names the file, the path and what was expected', async () => {
    const d = await tempDir({
      'tocsin.config.yaml': `alerts:
  channels:
    a: { type: memory, conditions: { new: yes please, frequency: { count: 3 } } }
    b: { type: memory, conditions: { regression: often, max_fingerprint: 5 } }
`,
      'none.yaml': 'alerts:\n  channels:\n    c: { type: memory, conditions: { new: false } }\n',
    });
    dirs.push(d);
    const failure = (path?: string) =>
      loadConfig(path, { cwd: d.path, channelTypes: { memory: () => new MemoryChannel() } }).then(
        () => undefined,
        (e: unknown) => e as ConfigError,
      );
    const error = await failure();
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).message).toContain(d.file('tocsin.config.yaml'));
    const issues = Object.fromEntries(
      (error as ConfigError).issues.map((i) => [i.path, i.message]),
    );
    expect(issues['alerts.channels.a.conditions.new']).toBe('expected true or false; got a string');
    expect(issues['alerts.channels.a.conditions.frequency.window']).toMatch(/expected a duration/);
    expect(issues['alerts.channels.b.conditions.regression']).toBe(
      'expected true, false or { quiet }; got a string',
    );
    expect(issues['alerts.channels.b.conditions.max_fingerprint']).toBe(
      'unknown key; did you mean "max_fingerprints"?',
    );
    expect((await failure('none.yaml'))?.issues).toEqual([
      {
        path: 'alerts.channels.c.conditions',
        message: 'asks for no condition: set `new: true`, `regression` or `frequency`',
      },
    ]);
  });
});
