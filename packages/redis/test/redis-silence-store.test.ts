import { AlertManager } from '@tocsin/core';
import { MemoryChannel, until } from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSilenceStore } from '../src/index.js';
import { type RedisServer, redisBinary, startRedisServer } from './redis-server.js';

failInCiWhenMissing(redisBinary, 'the RedisSilenceStore tests');

describe.skipIf(!redisBinary.path)('RedisSilenceStore', () => {
  let server: RedisServer;
  const stores: RedisSilenceStore[] = [];
  let prefixes = 0;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server?.remove();
  });

  /** A replica: a manager whose silences are kept in Redis under `prefix`. */
  async function replica(prefix: string, warnings: string[] = []) {
    const store = new RedisSilenceStore({
      redis: server.url,
      prefix,
      logger: { warn: (message) => warnings.push(message) },
    });
    stores.push(store);
    await store.ready();
    const manager = new AlertManager({ store: { silences: store }, logger: { warn() {} } });
    manager.addChannel(new MemoryChannel());
    const status = async () =>
      (await manager.send({ title: 'Slow', labels: { service: 'api' } }))[0]?.status;
    return { store, manager, status };
  }

  it('a silence made on one replica silences the others, and its end reaches them too', async () => {
    const prefix = `test:${++prefixes}`;
    const a = await replica(prefix);
    const b = await replica(prefix);
    expect(await b.status()).toBe('sent');
    const id = a.manager.silence({ matchers: 'service="api"', duration: '1h', comment: 'deploy' });
    await until(() => b.store.list().length === 1, 'the silence to reach b');
    expect(await b.status()).toBe('silenced');
    expect(b.manager.silences()[0]).toMatchObject({ id, comment: 'deploy', state: 'active' });
    // The hash expires five days after its last silence ends: nothing stays for ever.
    const probe = new Redis(server.url);
    const ttl = await probe.pttl(`${prefix}:silences`);
    probe.disconnect();
    expect(ttl).toBeGreaterThan(5 * 86_400_000);
    expect(ttl).toBeLessThanOrEqual(5 * 86_400_000 + 3_600_000);

    // A replica that starts later reads the silence from Redis.
    const c = await replica(prefix);
    expect(await c.status()).toBe('silenced');

    expect(b.manager.expire(id)).toBe(true);
    await until(
      () => a.manager.silences()[0]?.state === 'expired',
      'the end of the silence to reach a',
    );
    expect(await a.status()).toBe('sent');
    expect(await c.status()).toBe('sent');
    await Promise.all([a, b, c].map((r) => r.manager.close()));
  }, 30_000);

  it('Redis away: a silence applies where it was made, and reaches the others when Redis is back', async () => {
    const prefix = `test:${++prefixes}`;
    const warnings: string[] = [];
    const a = await replica(prefix, warnings);
    await server.stop();
    try {
      a.manager.silence({ matchers: 'service="api"', duration: '1h' });
      expect(await a.status()).toBe('silenced');
      await until(() => a.store.fallbacks === 1, 'the write to fall back');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('cannot be reached');
    } finally {
      await server.start();
    }
    // Reconnected, a sends what waited; a replica started now finds it in Redis.
    const b = await replica(prefix);
    await until(() => b.store.list().length === 1, 'the silence to reach b');
    expect(await b.status()).toBe('silenced');
    expect(warnings).toHaveLength(1);
    await Promise.all([a, b].map((r) => r.manager.close()));
  }, 30_000);
});
