import { AlertManager } from '@tocsin/core';
import { MemoryChannel, until } from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisIncidentStore } from '../src/index.js';
import { type RedisServer, redisBinary, startRedisServer } from './redis-server.js';

failInCiWhenMissing(redisBinary, 'the RedisIncidentStore tests');

const CRITICAL_INHIBITS_WARNING = {
  sourceMatchers: ['level="critical"'],
  targetMatchers: ['level="warning"'],
  equal: ['service'],
};

describe.skipIf(!redisBinary.path)('RedisIncidentStore', () => {
  let server: RedisServer;
  const stores: RedisIncidentStore[] = [];
  let prefixes = 0;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server?.remove();
  });

  /** A replica: a manager whose firing alerts are shared through Redis under `prefix`. */
  async function replica(prefix: string, redis = server.url, warnings: string[] = []) {
    const store = new RedisIncidentStore({
      redis,
      prefix,
      logger: { warn: (message) => warnings.push(message) },
    });
    stores.push(store);
    await store.ready(redis === server.url ? 5000 : 100);
    const channel = new MemoryChannel();
    const manager = new AlertManager({
      store: { incidents: store },
      inhibitRules: [CRITICAL_INHIBITS_WARNING],
      logger: { warn() {} },
    }).addChannel(channel);
    return { store, manager, channel };
  }

  it('an alert on one replica fires on the others; a resolve on any ends it on all', async () => {
    const prefix = `incidents:${++prefixes}`;
    const a = await replica(prefix);
    const b = await replica(prefix);
    await a.manager.send([
      { title: 'Disk full', level: 'error', labels: { host: 'db1' } },
      { title: 'Disk full', level: 'error', labels: { host: 'db1' } },
    ]);
    await until(() => b.manager.active().length === 1, 'the incident to reach b');
    const [firing] = b.manager.active();
    expect(firing).toMatchObject({
      count: 2,
      alert: { title: 'Disk full', labels: { host: 'db1' } },
    });
    expect(firing?.fingerprint).toBe(a.manager.active()[0]?.fingerprint);

    await b.manager.resolve(firing?.fingerprint as string);
    expect(b.manager.active()).toEqual([]);
    await until(() => a.manager.active().length === 0, 'the resolve to reach a');
  });

  it('a critical alert on one replica inhibits its warnings on another', async () => {
    const prefix = `incidents:${++prefixes}`;
    const a = await replica(prefix);
    const b = await replica(prefix);
    const warning = { title: 'Replica lag', level: 'warning', labels: { service: 'db' } } as const;
    expect((await b.manager.send(warning))[0]?.status).toBe('sent');
    await a.manager.send({ title: 'Database down', level: 'critical', labels: { service: 'db' } });
    await until(
      () => b.manager.active().some((f) => f.alert.title === 'Database down'),
      'the critical incident to reach b',
    );
    expect((await b.manager.send(warning))[0]?.status).toBe('inhibited');
    // Another service's warning is not inhibited.
    const other = { ...warning, labels: { service: 'web' } };
    expect((await b.manager.send(other))[0]?.status).toBe('sent');
  });

  it('tells the others once per turn: a flood of one fingerprint is one entry with its count', async () => {
    const prefix = `incidents:${++prefixes}`;
    const a = await replica(prefix);
    const b = await replica(prefix);
    await a.manager.send(
      Array.from({ length: 500 }, () => ({ title: 'Timeouts', level: 'error' })),
    );
    await until(() => b.manager.active()[0]?.count === 500, 'a count of 500 on b');
    expect(b.manager.active()).toHaveLength(1);
  });

  it('without Redis, each replica knows what it saw, warns once, and no password shows', async () => {
    const warnings: string[] = [];
    const refused = 'redis://:s3cret-pass@127.0.0.1:1';
    const a = await replica(`incidents:${++prefixes}`, refused, warnings);
    await a.manager.send({ title: 'Queue stuck', level: 'error' });
    await a.manager.send({ title: 'Queue stuck', level: 'error' });
    expect(a.manager.active()[0]?.count).toBe(2);
    await until(() => a.store.fallbacks >= 1, 'a write to fall back');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/RedisIncidentStore ".*": Redis at .* cannot be reached/);
    expect(warnings.join('\n')).not.toContain('s3cret-pass');
  });
});
