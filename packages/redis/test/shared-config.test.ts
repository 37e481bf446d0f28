import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import {
  type Alert,
  AlertManager,
  type Channel,
  ConfigError,
  loadConfig,
  maskConfig,
} from '@tocsin/core';
import { type TempDir, tempDir, until } from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, redisBinary, startRedisServer } from './redis-server.js';

failInCiWhenMissing(redisBinary, 'the alerts.shared tests');

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const REPLICA = fileURLToPath(new URL('./fixtures/config-replica.mjs', import.meta.url));
const PASSWORD = 'sh4red-state-passw0rd';

/** The file replicas share: `alerts.shared` in Redis, turned off by the `dev` preset. */
function configFile(prefix: string): string {
  return `alerts:
  throttle: false
  shared:
    type: redis
    url: \${REDIS_URL}
    prefix: ${prefix}
  channels:
    digests:
      type: sink
      group: { by: [service], wait: 1h }
    pages:
      type: sink
      repeat_interval: 1h
    limited:
      type: sink
      throttle: { rate: 2, per: 1h, burst: 2 }
  presets:
    dev:
      shared: false
`;
}

const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));
beforeAll(() => {
  // The config finds @tocsin/redis as an app's would: its package, its dist/.
  if (!existsSync(BUILT)) throw new Error('alerts.shared imports dist/: build @tocsin/redis first');
});

const dirs: TempDir[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await dir.remove();
});

/** A project with the file and @tocsin/redis installed beside it (as npm would link it). */
async function project(content: string): Promise<string> {
  const dir = await tempDir({ 'tocsin.config.yaml': content });
  dirs.push(dir);
  await mkdir(join(dir.path, 'node_modules/@tocsin'), { recursive: true });
  await symlink(PACKAGE, join(dir.path, 'node_modules/@tocsin/redis'), 'dir');
  return dir.file('tocsin.config.yaml');
}

interface Delivery {
  channel: string;
  title: string;
  total: number;
}

function sinkTypes(delivered: Delivery[]) {
  return {
    sink: (options: Record<string, unknown>): Channel => ({
      name: String(options.name),
      send: async (alert: Alert) => {
        delivered.push({
          channel: String(options.name),
          title: alert.title,
          total: alert.digest?.total ?? 1,
        });
      },
    }),
  };
}

describe('config errors of alerts.shared: { type: redis }', () => {
  it('a bad url or option names its path, never the password', async () => {
    const file = await project(`alerts:
  shared:
    type: redis
    url: http://admin:${PASSWORD}@127.0.0.1:6379/0
    prefx: app
`);
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).file).toBe(file);
    expect((error as ConfigError).issues).toEqual([
      { path: 'alerts.shared.url', message: 'expected a redis:// or rediss:// URL' },
      { path: 'alerts.shared.prefx', message: expect.stringMatching(/did you mean "prefix"\?/) },
    ]);
    expect(String(error)).not.toContain(PASSWORD);

    // Not a URL at all, from the environment: still not shown.
    const env = { REDIS_URL: `not a url ${PASSWORD}` };
    const fromEnv = await loadConfig(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the file's own ${VAR}
      await project('alerts:\n  shared: { type: redis, url: "${REDIS_URL}" }\n'),
      { env },
    ).catch((e: unknown) => e);
    expect((fromEnv as ConfigError).issues).toEqual([
      { path: 'alerts.shared.url', message: 'expected a redis:// or rediss:// URL' },
    ]);
    expect(String(fromEnv)).not.toContain(PASSWORD);
  });

  it('a type whose package is not installed says what to install', async () => {
    const file = await project('alerts:\n  shared: { type: memcached, url: "x" }\n');
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect((error as ConfigError).issues).toEqual([
      {
        path: 'alerts.shared.type',
        message:
          'shared state type "memcached" needs the package @tocsin/memcached, which is not installed: npm install @tocsin/memcached',
      },
    ]);
    expect(String(error)).toContain(file);
  });
});

describe.skipIf(!redisBinary.path)(
  'alerts.shared: { type: redis }, two managers from one file',
  () => {
    let server: RedisServer;
    let url: string;
    let probe: Redis;
    let prefixes = 0;

    beforeAll(async () => {
      server = await startRedisServer(['--requirepass', PASSWORD]);
      url = `redis://:${PASSWORD}@127.0.0.1:${server.port}`;
      probe = new Redis(url);
    });
    afterAll(async () => {
      await probe?.quit();
      await server?.remove();
    });

    /** Connections the server has besides the probe's. */
    const connections = async () =>
      (String(await probe.call('CLIENT', 'LIST'))
        .trim()
        .split('\n').length ?? 1) - 1;

    async function replicas(preset?: string) {
      const file = await project(configFile(`cfg${++prefixes}`));
      const delivered: Delivery[] = [];
      const warnings: string[] = [];
      const build = () =>
        AlertManager.fromConfig(file, {
          env: { REDIS_URL: url },
          channelTypes: sinkTypes(delivered),
          logger: { warn: (message) => warnings.push(message) },
          ...(preset === undefined ? {} : { preset }),
        });
      const a = await build();
      const b = await build();
      return { a, b, delivered, warnings, file };
    }

    it('one group sent half on each: one digest counting all', async () => {
      const { a, b, delivered, warnings } = await replicas();
      for (let i = 0; i < 6; i++) {
        const manager = i % 2 === 0 ? a : b;
        const [result] = await manager.send(
          { title: `Exception ${i}`, labels: { service: 'api', host: `h${i}` } },
          { channel: 'digests' },
        );
        expect(result?.status).toBe('grouped');
      }
      expect(delivered).toEqual([]);
      // A close sends the windows its manager added to: the first takes the whole window.
      await a.close();
      await b.close();
      expect(delivered).toEqual([{ channel: 'digests', title: expect.any(String), total: 6 }]);
      expect(a.stats.digests.sent + b.stats.digests.sent).toBe(1);
      expect(warnings).toEqual([]);
    });

    it('a dedup’d alert notifies once across both; a silence made on A silences B', async () => {
      const { a, b, delivered } = await replicas();
      const alert = { title: 'Disk full', labels: { service: 'db' } };
      expect((await a.send(alert, { channel: 'pages' }))[0]?.status).toBe('sent');
      expect((await b.send(alert, { channel: 'pages' }))[0]?.status).toBe('deduplicated');

      // Begun a second ago: each manager reads the wall clock its own way, as replicas would.
      a.silence({ matchers: 'service="web"', duration: '1h', startsAt: Date.now() - 1000 });
      await until(() => b.silences().length === 1, 'the silence to reach b');
      const [silenced] = await b.send(
        { title: 'Slow', labels: { service: 'web' } },
        { channel: 'pages' },
      );
      expect(silenced?.status).toBe('silenced');
      await Promise.all([a.close(), b.close()]);
      expect(delivered).toEqual([{ channel: 'pages', title: 'Disk full', total: 1 }]);
    });

    it("the file's throttle (rate 2, burst 2) admits 2 across both", async () => {
      const { a, b, delivered } = await replicas();
      const statuses: string[] = [];
      for (let i = 0; i < 6; i++) {
        const manager = i % 2 === 0 ? a : b;
        const [result] = await manager.send({ title: `Queue ${i}` }, { channel: 'limited' });
        statuses.push(String(result?.status));
      }
      expect(statuses.filter((s) => s === 'sent')).toHaveLength(2);
      expect(statuses.filter((s) => s === 'throttled')).toHaveLength(4);
      expect(delivered).toHaveLength(2);
      await Promise.all([a.close(), b.close()]);
    });

    it('close() quits every Redis connection it made; the password is in no output', async () => {
      const before = await connections();
      const { a, b, file } = await replicas();
      expect(await connections()).toBeGreaterThan(before);
      await a.send({ title: 'Disk full' }, { channel: 'pages' });
      for (const manager of [a, b]) {
        expect(JSON.stringify(manager.stats)).not.toContain(PASSWORD);
      }
      await Promise.all([a.close(), b.close()]);
      await until(async () => (await connections()) === before, 'the connections to close');

      const config = await loadConfig(file, { env: { REDIS_URL: url }, channelTypes: ['sink'] });
      expect(config.shared?.options).toMatchObject({ url, prefix: expect.any(String) });
      for (const shown of [
        JSON.stringify(config),
        JSON.stringify(maskConfig(config)),
        inspect(config),
      ]) {
        expect(shown).not.toContain(PASSWORD);
        expect(shown).toContain(`127.0.0.1:${server.port}`);
      }
    });

    it('a process built from the file exits on its own after close()', async () => {
      const file = await project(configFile(`cfg${++prefixes}`));
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(
        (resolve) => {
          const child = execFile(
            process.execPath,
            [REPLICA, file],
            { env: { ...process.env, REDIS_URL: url }, timeout: 15_000, cwd: dirname(file) },
            (error, out) =>
              resolve({ code: error ? (error.code as number | null) : 0, stdout: out }),
          );
          child.stdin?.end();
        },
      );
      expect(code).toBe(0);
      expect(stdout).toMatch(/^closed sent\n/);
      expect(stdout).not.toContain(PASSWORD);
    }, 20_000);

    it('a preset that turns it off: in-memory stages, no connection to Redis', async () => {
      const before = await connections();
      const { a, b, delivered } = await replicas('dev');
      expect(await connections()).toBe(before);
      const alert = { title: 'Disk full', labels: { service: 'db' } };
      await a.send(alert, { channel: 'pages' });
      await b.send(alert, { channel: 'pages' });
      // Each its own dedup: both notify.
      expect(delivered).toHaveLength(2);
      await Promise.all([a.close(), b.close()]);
    });

    it('a wrong password: alerts still flow, and no warning shows it', async () => {
      const wrong = `wr0ng-${PASSWORD}`;
      const file = await project(configFile(`cfg${++prefixes}`));
      const delivered: Delivery[] = [];
      const warnings: string[] = [];
      const manager = await AlertManager.fromConfig(file, {
        env: { REDIS_URL: `redis://:${wrong}@127.0.0.1:${server.port}` },
        channelTypes: sinkTypes(delivered),
        logger: { warn: (message) => warnings.push(message) },
      });
      const [result] = await manager.send({ title: 'Disk full' }, { channel: 'pages' });
      expect(result?.status).toBe('sent');
      await manager.close();
      expect(warnings.length).toBeGreaterThan(0);
      for (const text of [...warnings, JSON.stringify(manager.stats)])
        expect(text).not.toContain(wrong);
    }, 20_000);
  },
);
