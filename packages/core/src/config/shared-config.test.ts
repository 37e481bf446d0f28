import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import { AlertThrottle } from '../alert-throttle.js';
import type { Channel } from '../channel.js';
import { ConfigError } from '../errors/config-error.js';
import { MemoryIncidentStore } from '../lifecycle/firing.js';
import { MemorySilenceStore } from '../lifecycle/silences.js';
import type {
  SharedState,
  SharedStateCreateContext,
  SharedThrottleSettings,
} from '../shared-state-definition.js';
import { MemoryNoiseStore } from '../stages/memory-noise-store.js';
import { zod } from '../zod.js';
import { defineConfig } from './define-config.js';
import { installedPackage, zodUrl } from './fixtures/installed-package.js';
import { type TempDir, tempDir } from './fixtures/temp-dir.js';
import { loadConfig } from './load-config.js';
import { maskConfig } from './tocsin-config.js';

// `alerts.shared: { type: <t> }` is the package `@tocsin/<t>`, found as a channel's is: core
// names no store. The package here keeps its "shared" state in this process, so two
// managers built from one file share it as replicas would share a Redis.

interface Made {
  options: Record<string, unknown>;
  context: SharedStateCreateContext;
  throttles: SharedThrottleSettings[];
  closed: number;
  state: SharedState;
}
const made: Made[] = [];
/** The one state every `create` returns (the "server" both managers talk to). */
let common:
  | {
      noiseStore: MemoryNoiseStore;
      silences: MemorySilenceStore;
      writes: number;
      buckets: Map<string, AlertThrottle>;
    }
  | undefined;

const factory = (
  options: Record<string, unknown>,
  context: SharedStateCreateContext,
): SharedState => {
  common ??= {
    noiseStore: new MemoryNoiseStore(),
    silences: new MemorySilenceStore(),
    writes: 0,
    buckets: new Map(),
  };
  const shared = common;
  const record: Made = { options, context, throttles: [], closed: 0, state: undefined as never };
  record.state = {
    noiseStore: shared.noiseStore,
    // Written by every manager: `version` tells each to read them again.
    silences: {
      list: () => shared.silences.list(),
      get version() {
        return shared.writes;
      },
      put(silence) {
        shared.silences.put(silence);
        shared.writes += 1;
      },
      remove(id) {
        shared.silences.remove(id);
        shared.writes += 1;
      },
    },
    incidents: new MemoryIncidentStore(context.resolveTimeout * 1000, 1000),
    throttle(settings) {
      record.throttles.push(settings);
      const name = settings.channel ?? '(shared)';
      let bucket = shared.buckets.get(name);
      if (bucket === undefined) {
        bucket = new AlertThrottle({
          rate: settings.rate,
          per: settings.per,
          burst: settings.burst,
        });
        shared.buckets.set(name, bucket);
      }
      return bucket;
    },
    async close() {
      record.closed += 1;
    },
  };
  made.push(record);
  return record.state;
};
(globalThis as { __tocsinSharedFactory?: unknown }).__tocsinSharedFactory = factory;

/** A shared-state package as npm would install it: a definition with a schema. */
function statePackage(type: string): Record<string, string> {
  return installedPackage(
    type,
    `import zod from ${JSON.stringify(zodUrl)};
const z = zod.z;
export const sharedStateDefinition = {
  type: ${JSON.stringify(type)},
  schema: z.strictObject({
    address: z.string().refine((v) => v.startsWith('mem://'), { error: 'expected a mem:// address' }),
    keyPrefix: z.string().optional(),
  }),
  secrets: ['address'],
  create: (options, context) => globalThis.__tocsinSharedFactory(options, context),
};\n`,
  );
}

const dirs: TempDir[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await dir.remove();
  made.length = 0;
  common = undefined;
});

async function project(files: Record<string, string>): Promise<TempDir> {
  const dir = await tempDir(files);
  dirs.push(dir);
  return dir;
}

const FILE = `alerts:
  resolve_timeout: 10m
  throttle: { rate: 5, per: 60, shared: true }
  shared:
    type: memo
    address: \${MEMO_ADDRESS}
    key_prefix: myapp
  channels:
    ops:
      type: sink
      repeat_interval: 1h
    limited:
      type: sink
      throttle: { rate: 2, burst: 2 }
  presets:
    dev:
      shared: false
`;
const ADDRESS = 'mem://user:hunter2-secret@state.local';

function sinkTypes(delivered: string[]) {
  return {
    sink: (options: Record<string, unknown>): Channel => ({
      name: String(options.name),
      send: async (alert) => {
        delivered.push(`${String(options.name)}: ${alert.title}`);
      },
    }),
  };
}

describe('alerts.shared', () => {
  it('is found as @tocsin/<type>; its options are checked, camelCased and kept secret', async () => {
    const dir = await project({ ...statePackage('memo'), 'tocsin.config.yaml': FILE });
    const config = await loadConfig(dir.file('tocsin.config.yaml'), {
      env: { MEMO_ADDRESS: ADDRESS },
      channelTypes: ['sink'],
    });
    expect(config.shared).toMatchObject({
      type: 'memo',
      options: { address: ADDRESS, keyPrefix: 'myapp' },
      path: 'alerts.shared',
    });
    const shown = JSON.stringify(config);
    expect(shown).toContain('"shared"');
    expect(shown).toContain('myapp');
    expect(shown).not.toContain('hunter2-secret');
    expect(JSON.stringify(maskConfig(config))).not.toContain('hunter2-secret');
  });

  it('two managers from one file share dedup, silences and the throttles; close closes the state after', async () => {
    const dir = await project({ ...statePackage('memo'), 'tocsin.config.yaml': FILE });
    const delivered: string[] = [];
    const build = () =>
      AlertManager.fromConfig(dir.file('tocsin.config.yaml'), {
        env: { MEMO_ADDRESS: ADDRESS },
        channelTypes: sinkTypes(delivered),
        logger: { warn() {} },
      });
    const a = await build();
    const b = await build();
    expect(made).toHaveLength(2);
    expect(made[0]?.options).toEqual({ address: ADDRESS, keyPrefix: 'myapp' });
    expect(made[0]?.context).toMatchObject({
      resolveTimeout: 600,
      file: dir.file('tocsin.config.yaml'),
    });
    // The file's buckets, by channel key: ops shares `alerts.throttle` (shared: true).
    expect(made[0]?.throttles).toEqual([
      { channel: undefined, rate: 5, per: 60, burst: 5 },
      { channel: 'limited', rate: 2, per: 60, burst: 2 },
    ]);

    const alert = { title: 'Disk full', labels: { service: 'db' } };
    const first = await a.send(alert, { channel: 'ops' });
    const second = await b.send(alert, { channel: 'ops' });
    expect(first[0]?.status).toBe('sent');
    expect(second[0]?.status).toBe('deduplicated');

    // Begun a second ago: each manager reads the wall clock its own way (as replicas would).
    a.silence({ matchers: 'service="api"', duration: '1h', startsAt: Date.now() - 1000 });
    const silenced = await b.send(
      { title: 'Slow', labels: { service: 'api' } },
      { channel: 'limited' },
    );
    expect(silenced[0]?.status).toBe('silenced');

    const statuses: string[] = [];
    for (const manager of [a, b, a, b])
      statuses.push(
        ...(await manager.send({ title: `T${statuses.length}` }, { channel: 'limited' })).map(
          (r) => r.status,
        ),
      );
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'throttled')).toHaveLength(2);

    await a.close();
    expect(made[0]?.closed).toBe(1);
    expect(made[1]?.closed).toBe(0);
    await b.close();
    await b.close();
    expect(made[1]?.closed).toBe(1);
    expect(delivered).toEqual(['ops: Disk full', 'limited: T0', 'limited: T1']);
  });

  it('a preset may turn it off: nothing is made, each manager keeps its own state', async () => {
    const dir = await project({ ...statePackage('memo'), 'tocsin.config.yaml': FILE });
    const delivered: string[] = [];
    const build = () =>
      AlertManager.fromConfig(dir.file('tocsin.config.yaml'), {
        preset: 'dev',
        channelTypes: sinkTypes(delivered),
        logger: { warn() {} },
      });
    const [a, b] = [await build(), await build()];
    expect(made).toHaveLength(0);
    await a.send({ title: 'Disk full' }, { channel: 'ops' });
    await b.send({ title: 'Disk full' }, { channel: 'ops' });
    expect(delivered).toEqual(['ops: Disk full', 'ops: Disk full']);
    await Promise.all([a.close(), b.close()]);
  });

  it('stores given in code win over the file', async () => {
    const dir = await project({ ...statePackage('memo'), 'tocsin.config.yaml': FILE });
    const noiseStore = new MemoryNoiseStore();
    const silences = new MemorySilenceStore();
    const manager = await AlertManager.fromConfig(dir.file('tocsin.config.yaml'), {
      env: { MEMO_ADDRESS: ADDRESS },
      channelTypes: sinkTypes([]),
      noiseStore,
      store: { silences },
      logger: { warn() {} },
    });
    manager.silence({ matchers: 'service="api"', duration: '1h' });
    expect(silences.list()).toHaveLength(1);
    expect(common?.silences.list()).toHaveLength(0);
    await manager.close();
  });

  it('errors name the file, the path and what to do, never the secret', async () => {
    const missing = await project({
      'tocsin.config.yaml': 'alerts:\n  shared: { type: cache-store, url: "x" }\n',
    });
    const error = await loadConfig(missing.file('tocsin.config.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(missing.file('tocsin.config.yaml'));
    expect((error as ConfigError).issues).toEqual([
      {
        path: 'alerts.shared.type',
        message:
          'shared state type "cache-store" needs the package @tocsin/cache-store, which is not installed: npm install @tocsin/cache-store',
      },
    ]);

    // A package that is there but keeps no shared state.
    const notState = await project({
      'node_modules/@tocsin/chatter/package.json': JSON.stringify({
        name: '@tocsin/chatter',
        type: 'module',
        exports: { '.': { import: './index.js' } },
      }),
      'node_modules/@tocsin/chatter/index.js': 'export const channelDefinition = {};\n',
      'tocsin.config.yaml': 'alerts:\n  shared: { type: chatter }\n',
    });
    const wrong = await loadConfig(notState.file('tocsin.config.yaml')).catch((e: unknown) => e);
    expect((wrong as ConfigError).issues[0]?.path).toBe('alerts.shared.type');
    expect((wrong as ConfigError).issues[0]?.message).toMatch(
      /@tocsin\/chatter does not export a `sharedStateDefinition` of type "chatter"/,
    );

    const bad = await project({
      ...statePackage('memo'),
      'tocsin.config.yaml':
        'alerts:\n  shared: { type: memo, address: "http://user:hunter2-secret@state.local", key_prefx: a }\n  presets:\n    prod:\n      shared: true\n',
    });
    const badError = await loadConfig(bad.file('tocsin.config.yaml')).catch((e: unknown) => e);
    expect((badError as ConfigError).issues).toEqual([
      { path: 'alerts.shared.address', message: 'expected a mem:// address' },
      {
        path: 'alerts.shared.key_prefx',
        message: expect.stringMatching(/unknown key; did you mean "key_prefix"\?/),
      },
    ]);
    expect(String(badError)).not.toContain('hunter2-secret');

    const preset = await loadConfig(bad.file('tocsin.config.yaml'), { preset: 'prod' }).catch(
      (e: unknown) => e,
    );
    expect((preset as ConfigError).issues).toEqual([
      {
        path: 'alerts.presets.prod.shared',
        message: "expected a mapping { type, ...the package's options } or false; got a boolean",
      },
    ]);
  });

  it('a state that cannot be made: a ConfigError at alerts.shared, channels closed, no secret', async () => {
    const dir = await project({ ...statePackage('memo'), 'tocsin.config.yaml': FILE });
    // A store whose error repeats what it was given, password and all.
    (globalThis as { __tocsinSharedFactory?: unknown }).__tocsinSharedFactory = (
      options: Record<string, unknown>,
    ) => {
      throw new Error(`cannot reach ${String(options.address)}: refused`);
    };
    const closed: string[] = [];
    const error = await AlertManager.fromConfig(dir.file('tocsin.config.yaml'), {
      env: { MEMO_ADDRESS: ADDRESS },
      definitions: [
        {
          type: 'sink',
          schema: zod().looseObject({}),
          create: (_options, context) => ({
            name: context.key,
            send: async () => {},
            close: async () => {
              closed.push(context.key);
            },
          }),
        },
      ],
    }).catch((e: unknown) => e);
    (globalThis as { __tocsinSharedFactory?: unknown }).__tocsinSharedFactory = factory;
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).file).toBe(dir.file('tocsin.config.yaml'));
    expect((error as ConfigError).issues).toEqual([
      { path: 'alerts.shared', message: expect.stringMatching(/^cannot reach .*: refused$/) },
    ]);
    expect(String(error)).not.toContain('hunter2-secret');
    expect(closed.sort()).toEqual(['limited', 'ops']);
  });

  it('defineConfig types it, in the file and in a preset', () => {
    const config = defineConfig({
      alerts: {
        shared: { type: 'memo', address: 'mem://x', key_prefix: 'app' },
        presets: { dev: { shared: false } },
      },
    });
    expect(config.alerts.shared).toMatchObject({ type: 'memo' });
  });

  it('its config code names no store', async () => {
    for (const file of [
      './shared-config.ts',
      './shared-schema.ts',
      '../shared-state-definition.ts',
    ])
      expect(await readFile(new URL(file, import.meta.url), 'utf8')).not.toMatch(/redis/i);
  });
});
