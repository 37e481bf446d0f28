import { type Alert, AlertManager, type AlertResult, type Channel } from '@tocsin/core';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisNoiseStore } from '../src/index.js';
import { type RedisServer, redisBinary, startRedisServer } from './redis-server.js';

failInCiWhenMissing(redisBinary, 'the RedisNoiseStore tests');

/** What the sink received: one per delivery, from the replica that made it. */
interface Received {
  replica: string;
  title: string;
  total: number | undefined;
  labels: Record<string, string>;
  counts: Array<[string, number, Array<[string, number]>]>;
  occurrences: number | undefined;
}

/** A channel that POSTs each alert to the test's node:http sink, as a webhook would. */
function sinkChannel(url: string, replica: string): Channel {
  return {
    name: 'sink',
    async send(alert: Alert, context) {
      const body = JSON.stringify({
        replica,
        title: alert.title,
        total: alert.digest?.total,
        labels: alert.labels,
        counts: alert.digest?.entries.map((e) => [e.alert.title, e.count, e.counts]) ?? [],
        occurrences: alert.occurrences?.count,
      });
      const response = await fetch(url, { method: 'POST', body, signal: context.signal });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`sink answered ${response.status}`);
      return {};
    },
  };
}

const burst = (replica: string) => [
  { title: 'Exception in view', level: 'error' as const, labels: { service: 'a', host: replica } },
  { title: 'Exception in view', level: 'error' as const, labels: { service: 'a', host: replica } },
  { title: 'Disk full', level: 'error' as const, labels: { service: 'a', host: 'db' } },
  { title: 'Timeout', level: 'error' as const, labels: { service: 'b', host: replica } },
];

describe.skipIf(!redisBinary.path)('RedisNoiseStore', () => {
  let server: RedisServer;
  let sink: FakeHttpServer;
  let sinkUrl: string;
  let probe: Redis;
  let prefixes = 0;

  /** What the sink received, in order. */
  const received = () => sink.requests.map((request) => request.json() as Received);
  /** Resolves once the sink has `n` deliveries. */
  const receivedAtLeast = (n: number) => sink.waitForRequests(n, 30_000);
  const forgetReceived = () => {
    sink.requests.length = 0;
  };

  /** `n` managers, each with its own RedisNoiseStore (own client), on one prefix. */
  function replicas(n: number, options: Parameters<AlertManager['addChannel']>[1]) {
    const prefix = `test:${++prefixes}`;
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    const stores = Array.from(
      { length: n },
      () => new RedisNoiseStore({ redis: server.url, prefix, timeoutMs: 5000, logger }),
    );
    const managers = stores.map((store, i) =>
      // One fingerprint per title and service: the host is what digests count by.
      new AlertManager({ logger, fingerprint: ['service'] }).addChannel(
        sinkChannel(sinkUrl, `r${i}`),
        {
          ...options,
          noiseStore: store,
          maxRetries: 0,
        },
      ),
    );
    const close = async () => {
      await Promise.all(managers.map((m) => m.close()));
      await Promise.all(stores.map((s) => s.close()));
    };
    return { prefix, stores, managers, warnings, close };
  }

  beforeAll(async () => {
    server = await startRedisServer();
    probe = new Redis(server.url);
    // It sees the server stop in one test: its reconnect errors are expected.
    probe.on('error', () => {});
    sink = await startFakeHttpServer({ defaultReply: { status: 200, body: 'ok' } });
    sinkUrl = `${sink.url}/`;
  });
  afterAll(async () => {
    probe?.disconnect();
    await sink?.close();
    await server?.remove();
  });

  it('4 replicas, one Redis: one digest per group, counting all 4 replicas’ alerts', async () => {
    forgetReceived();
    const { prefix, managers, close } = replicas(4, {
      group: { by: ['service'], wait: 0.5, interval: 60 },
    });
    const results: AlertResult[] = (
      await Promise.all(managers.map((m, i) => m.send(burst(`r${i}`))))
    ).flat();
    expect(results).toHaveLength(16);
    for (const result of results) {
      expect(result.status).toBe('grouped');
      expect(result.digestId).toBeUndefined();
    }
    await receivedAtLeast(2);
    // Every key the groups left expires: nothing stays behind in Redis.
    const keys = await probe.keys(`${prefix}:*`);
    for (const key of keys) expect(await probe.pttl(key)).toBeGreaterThan(0);
    await close();

    // Closing took nothing more: the windows were gone.
    expect(received()).toHaveLength(2);
    const byService = Object.fromEntries(received().map((r) => [r.labels.service, r]));
    expect(byService.a).toMatchObject({ title: '12 instances of 2 unique alerts (a)', total: 12 });
    expect(byService.a?.counts).toEqual([
      [
        'Exception in view',
        8,
        [
          ['r0', 2],
          ['r1', 2],
          ['r2', 2],
          ['r3', 2],
        ],
      ],
      ['Disk full', 4, [['db', 4]]],
    ]);
    expect(byService.b).toMatchObject({ total: 4 });
    let digests = 0;
    for (const manager of managers) {
      const { stats } = manager;
      expect(stats).toMatchObject({ totalAlerts: 4, totalGrouped: 4, totalFailed: 0 });
      digests += stats.digests.sent;
    }
    expect(digests).toBe(2);
  }, 30_000);

  it('dedup: the same fingerprint on 4 replicas notifies once', async () => {
    forgetReceived();
    const { managers, close } = replicas(4, { repeatInterval: '1h' });
    const alert = { title: 'Primary unreachable', level: 'critical' as const };
    const statuses = (await Promise.all(managers.map((m) => m.send(alert))))
      .flat()
      .map((r) => r.status);
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'deduplicated')).toHaveLength(3);
    await close();
    expect(received()).toHaveLength(1);
  }, 30_000);

  it('dedup: the next notification says how many every replica held', async () => {
    forgetReceived();
    const { prefix, managers, close } = replicas(2, { repeatInterval: '1h' });
    const alert = { title: 'Queue stuck' };
    await managers[0]?.send(alert);
    await managers[1]?.send(alert);
    await managers[1]?.send(alert);
    await managers[0]?.send(alert);
    // The interval passes: the claim expires in Redis (made to, rather than waited for).
    const [claim] = await probe.keys(`${prefix}:*:dedup:*[^d]`);
    await probe.del(claim as string);
    const [again] = (await managers[1]?.send(alert)) ?? [];
    expect(again?.status).toBe('sent');
    await close();
    expect(received().map((r) => r.occurrences)).toEqual([undefined, 4]);
  }, 30_000);

  it('Redis stopped mid-run: alerts still flow from this process, with one warning', async () => {
    forgetReceived();
    const { stores, managers, warnings, close } = replicas(2, {
      repeatInterval: '1h',
      group: { wait: 0.3, interval: 1 },
    });
    await managers[0]?.send({ title: 'before', labels: { host: 'h' } });
    await receivedAtLeast(1);
    await server.stop();
    try {
      const during = (
        await Promise.all([
          managers[0]?.send({ title: 'during 1' }),
          managers[0]?.send({ title: 'during 2' }),
          managers[1]?.send({ title: 'during 3' }),
        ])
      ).flat();
      expect(during.map((r) => r?.status)).toEqual(['grouped', 'grouped', 'grouped']);
      // Each replica groups its own alerts while Redis is away: one digest each.
      await receivedAtLeast(3);
      expect(
        received()
          .slice(1)
          .map((r) => r.total ?? 1)
          .sort(),
      ).toEqual([1, 2]);
      expect(warnings.filter((w) => w.includes('cannot be reached'))).toHaveLength(2);
      expect(warnings.join('\n')).not.toContain('password');
      expect(stores.every((s) => s.degraded)).toBe(true);
      expect(stores.reduce((n, s) => n + s.fallbacks, 0)).toBeGreaterThanOrEqual(6);
    } finally {
      await server.start();
    }
    // Back: the next alert goes through Redis again, and no new warning.
    const store = stores[0] as RedisNoiseStore;
    for (let i = 0; store.degraded && i < 100; i++) {
      await managers[0]?.send({ title: `after ${i}`, level: 'critical' });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(store.degraded).toBe(false);
    await close();
    expect(warnings.filter((w) => w.includes('cannot be reached'))).toHaveLength(2);
    for (const manager of managers) {
      const { stats } = manager;
      expect(stats.totalFailed).toBe(0);
      expect(
        stats.totalSent + stats.totalGrouped + stats.totalDeduplicated + stats.totalFiltered,
      ).toBe(stats.totalAlerts);
    }
  }, 30_000);

  it('names the server without its password when Redis refuses', async () => {
    const warnings: string[] = [];
    const store = new RedisNoiseStore({
      redis: `redis://user:hunter2-secret@127.0.0.1:${server.port}`,
      prefix: 'test:auth',
      timeoutMs: 2000,
      logger: { warn: (message) => warnings.push(message) },
    });
    const claim = await store.claim('x', 1000, false, Date.now(), 0);
    expect(claim.claimed).toBe(true);
    await store.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`redis://127.0.0.1:${server.port}`);
    expect(warnings[0]).not.toContain('hunter2-secret');
    expect(String(store)).not.toContain('hunter2-secret');
  });
});
