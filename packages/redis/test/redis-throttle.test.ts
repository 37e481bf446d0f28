import { AlertManager } from '@tocsin/core';
import { MemoryChannel } from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisThrottle } from '../src/index.js';
import { type RedisServer, redisBinary, startRedisServer } from './redis-server.js';

failInCiWhenMissing(redisBinary, 'the RedisThrottle tests');

describe.skipIf(!redisBinary.path)('RedisThrottle', () => {
  let server: RedisServer;
  let probe: Redis;
  const throttles: RedisThrottle[] = [];
  let keys = 0;
  /** A throttle on a key of its own, closed after the file. */
  const throttle = (options: Partial<ConstructorParameters<typeof RedisThrottle>[0]> = {}) => {
    const made = new RedisThrottle({
      redis: server.url,
      key: `test:${++keys}`,
      // Generous: these tests are about Redis's answers, and a loaded CI machine may take
      // longer than the default 200 ms, which would answer locally instead.
      timeoutMs: 5000,
      logger: { warn: () => {} },
      ...options,
    });
    throttles.push(made);
    return made;
  };
  const takeAll = async (t: RedisThrottle, n: number) => {
    const answers = await Promise.all(Array.from({ length: n }, () => t.tryAcquire()));
    return answers.filter(Boolean).length;
  };

  beforeAll(async () => {
    server = await startRedisServer();
    probe = new Redis(server.url);
  });
  afterAll(async () => {
    await Promise.all(throttles.map((t) => t.close()));
    probe.disconnect();
    await server.remove();
  });

  it('starts with burst tokens and then refuses, keeping the bucket in Redis', async () => {
    const t = throttle({ rate: 10, per: 3600, burst: 4 });
    expect(await takeAll(t, 9)).toBe(4);
    expect(await t.tryAcquire()).toBe(false);
    const tokens = Number(await probe.hget(t.key, 'tokens'));
    expect(tokens).toBeGreaterThanOrEqual(0);
    expect(tokens).toBeLessThan(0.1);
    expect(t.fallbacks).toBe(0);
  });

  it('refills at rate/per on the server clock, up to rate and no further', async () => {
    const t = throttle({ rate: 10, per: 60, burst: 1 });
    expect(await takeAll(t, 2)).toBe(1);
    // Move the bucket's last take 30 s into the past: half a period refills 5 tokens.
    const [seconds] = await probe.time();
    await probe.hset(t.key, 'at', String((Number(seconds) - 30) * 1_000_000));
    expect(await takeAll(t, 8)).toBe(5);
    // An hour idle fills it to capacity (rate), not beyond.
    await probe.hset(t.key, 'at', String((Number(seconds) - 3600) * 1_000_000));
    expect(await takeAll(t, 15)).toBe(10);
  });

  it('keeps the time of the last take to the microsecond', async () => {
    // Rounded (Lua's tostring keeps 14 digits), the time drifts back by up to 50 us a take
    // and hands out tokens that never refilled: a dozen extra per thousand quick takes.
    const t = throttle({ rate: 1000, per: 1 });
    const before = await probe.time();
    await t.tryAcquire();
    const after = await probe.time();
    const at = await probe.hget(t.key, 'at');
    expect(at).toMatch(/^\d+$/);
    const micros = (time: ReadonlyArray<number | string>) =>
      BigInt(time[0] ?? 0) * 1_000_000n + BigInt(time[1] ?? 0);
    // Microseconds of the server's clock: within a second of the TIME read around the take
    // (Redis caches its clock per event-loop turn, so not to the microsecond).
    expect(BigInt(at ?? 0)).toBeGreaterThan(micros(before) - 1_000_000n);
    expect(BigInt(at ?? 0)).toBeLessThan(micros(after) + 1_000_000n);
  });

  it('hands out no token that did not refill, even a thousand takes a second', async () => {
    // 1 token per ms: any error in the stored time (rounded to fewer digits) shows up as
    // extra tokens over thousands of quick takes.
    const t = throttle({ rate: 1000, per: 1 });
    let left = 3000;
    let taken = 0;
    const started = performance.now();
    const worker = async () => {
      while (left-- > 0) if (await t.tryAcquire()) taken++;
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    const ms = performance.now() - started;
    expect(t.fallbacks).toBe(0);
    expect(taken).toBeGreaterThanOrEqual(1000);
    // The burst, plus 1 per ms of the run, plus one for a refill under way at the end.
    expect(taken).toBeLessThanOrEqual(1000 + ms + 1);
  });

  it('shares one budget between throttles on the same key, each with its own client', async () => {
    const a = throttle({ rate: 20, per: 3600, burst: 6, key: 'test:shared' });
    const b = throttle({ rate: 20, per: 3600, burst: 6, key: 'test:shared' });
    const [fromA, fromB] = await Promise.all([takeAll(a, 10), takeAll(b, 10)]);
    expect(fromA + fromB).toBe(6);
  });

  it('lets an idle bucket expire after per seconds', async () => {
    const t = throttle({ rate: 5, per: 90 });
    await t.tryAcquire();
    const ttl = await probe.pttl(t.key);
    expect(ttl).toBeGreaterThan(85_000);
    expect(ttl).toBeLessThanOrEqual(90_000);
  });

  it('applies the hard limits as AlertThrottle does, and says so', async () => {
    const warnings: string[] = [];
    const t = throttle({
      rate: 5000,
      per: 0.5,
      burst: 2000,
      logger: { warn: (w) => warnings.push(w) },
    });
    expect([t.rate, t.per, t.burst]).toEqual([1000, 1, 1000]);
    expect(warnings.join('\n')).toMatch(/throttle\.rate.*RedisThrottle options/s);
    expect(warnings).toHaveLength(3);
  });

  it('refuses bad options with the option named', () => {
    expect(() => throttle({ timeoutMs: 0 })).toThrow(/`timeoutMs`/);
    expect(() => throttle({ key: '' })).toThrow(/`key`/);
    expect(() => throttle({ redis: 'http://user:hunter2@127.0.0.1:1' })).toThrow(
      /`redis` must be .*rediss:\/\/ URL; got http:\/\/127\.0\.0\.1:1$/,
    );
    expect(() => throttle({ redis: 'http://user:hunter2@127.0.0.1:1' })).not.toThrow(/hunter2/);
  });

  it('works with a client the app owns, and leaves it open on close', async () => {
    const client = new Redis(server.url, { enableOfflineQueue: false, lazyConnect: true });
    const t = new RedisThrottle({
      redis: client,
      key: 'test:own-client',
      rate: 3,
      per: 60,
      timeoutMs: 5000,
    });
    expect(await takeAll(t, 5)).toBe(3);
    await t.close();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
  });
});

describe.skipIf(!redisBinary.path)('RedisThrottle when Redis cannot be reached', () => {
  it('answers from a local bucket, warns once per outage, and returns to Redis', async () => {
    const server = await startRedisServer();
    const probe = new Redis(server.url, { lazyConnect: true });
    const warnings: string[] = [];
    const logger = { warn: (w: string) => warnings.push(w) };
    const throttle = new RedisThrottle({
      redis: server.url,
      key: 'outage',
      rate: 4,
      per: 3600,
      logger,
    });
    const channel = new MemoryChannel();
    const manager = new AlertManager({ logger }).addChannel(channel, { throttle });
    let n = 0;
    const send = async () => (await manager.send({ title: `alert ${++n}`, body: 'b' }))[0]?.status;
    try {
      expect([await send(), await send()]).toEqual(['sent', 'sent']);
      expect(throttle.fallbacks).toBe(0);

      await server.stop();
      // The local bucket has its own 4 tokens: 4 pass, the 5th is throttled.
      const during = [];
      for (let i = 0; i < 5; i++) during.push(await send());
      expect(during).toEqual(['sent', 'sent', 'sent', 'sent', 'throttled']);
      expect(throttle.fallbacks).toBe(5);
      expect(throttle.degraded).toBe(true);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        new RegExp(
          `Redis at redis://127\\.0\\.0\\.1:${server.port} cannot be reached .*local bucket`,
        ),
      );

      await server.start();
      // The client reconnects on its own (at most a second apart); until then alerts still
      // pass or stop on the local bucket, which is empty now.
      await vi.waitFor(
        async () => {
          await send();
          expect(throttle.degraded).toBe(false);
        },
        { timeout: 10_000, interval: 100 },
      );
      const fallbacks = throttle.fallbacks;
      // The new server started empty: a new bucket of 4, one taken by the send that found it.
      expect(await send()).toBe('sent');
      await probe.connect();
      expect(Math.round(Number(await probe.hget('outage', 'tokens')))).toBe(2);
      expect(throttle.fallbacks).toBe(fallbacks);
      expect(warnings).toHaveLength(1);
      expect(manager.stats.totalSent + manager.stats.totalThrottled).toBe(n);
    } finally {
      await manager.close();
      await throttle.close();
      probe.disconnect();
      await server.remove();
    }
  });

  it('answers locally when Redis is too slow, within the command timeout', async () => {
    const server = await startRedisServer();
    const probe = new Redis(server.url);
    const warnings: string[] = [];
    const throttle = new RedisThrottle({
      redis: server.url,
      key: 'slow',
      rate: 10,
      per: 60,
      timeoutMs: 100,
      logger: { warn: (w) => warnings.push(w) },
    });
    try {
      // Until Redis has answered once: a loaded machine may miss 100 ms on the first take.
      await vi.waitFor(
        async () => {
          await throttle.tryAcquire();
          expect(throttle.degraded).toBe(false);
        },
        { timeout: 10_000, interval: 50 },
      );
      warnings.length = 0;
      const fallbacks = throttle.fallbacks;
      // CLIENT PAUSE holds every client's commands for 2 s: the next take cannot be answered in time.
      await probe.call('CLIENT', 'PAUSE', '2000', 'ALL');
      const started = performance.now();
      expect(await throttle.tryAcquire()).toBe(true);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(throttle.fallbacks).toBe(fallbacks + 1);
      expect(throttle.degraded).toBe(true);
      expect(warnings).toEqual([expect.stringMatching(/no answer within 100 ms/)]);
    } finally {
      await throttle.close();
      probe.disconnect();
      await server.remove();
    }
  });

  it('never shows the password of the URL, in errors or warnings', async () => {
    const server = await startRedisServer(['--requirepass', 'the-right-one']);
    const warnings: string[] = [];
    const throttle = new RedisThrottle({
      redis: `redis://default:hunter2-wrong@127.0.0.1:${server.port}`,
      key: 'secret',
      logger: { warn: (w) => warnings.push(w) },
    });
    try {
      expect(await throttle.tryAcquire()).toBe(true);
      expect(throttle.fallbacks).toBe(1);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`redis://127.0.0.1:${server.port}`);
      expect(warnings[0]).not.toContain('hunter2');
      expect(String(throttle)).not.toContain('hunter2');
    } finally {
      await throttle.close();
      await server.remove();
    }
  });
});
