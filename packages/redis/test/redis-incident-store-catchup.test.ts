import { AlertManager, type Clock } from '@tocsin/core';
import { FakeClock, MemoryChannel, until } from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_SCRIPT } from '../src/incident-scripts.js';
import { RedisIncidentStore } from '../src/index.js';
import { type RedisServer, redisBinary, startRedisServer } from './redis-server.js';

failInCiWhenMissing(redisBinary, 'the RedisIncidentStore catch-up tests');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const PASSWORD = 'catch-up-s3cret';

const CRITICAL_INHIBITS_WARNING = {
  sourceMatchers: ['level="critical"'],
  targetMatchers: ['level="warning"'],
  equal: ['service'],
};

interface ReplicaOptions {
  redis?: string;
  warnings?: string[];
  resolveTimeout?: number;
  maxIncidents?: number;
  clock?: Clock;
}

describe.skipIf(!redisBinary.path)('RedisIncidentStore: a replica that starts', () => {
  let server: RedisServer;
  let url: string;
  let probe: Redis;
  const closing: Array<() => Promise<void>> = [];
  let prefixes = 0;

  beforeAll(async () => {
    server = await startRedisServer(['--requirepass', PASSWORD]);
    url = `redis://:${PASSWORD}@127.0.0.1:${server.port}`;
    probe = new Redis(url, { lazyConnect: true });
    probe.on('error', () => {});
  });
  afterAll(async () => {
    for (const close of closing) await close();
    probe?.disconnect();
    await server?.remove();
  });

  /** A replica: a manager whose firing alerts are shared through Redis under `prefix`. */
  async function replica(prefix: string, options: ReplicaOptions = {}) {
    const warnings = options.warnings ?? [];
    const store = new RedisIncidentStore({
      redis: options.redis ?? url,
      prefix,
      logger: { warn: (message) => warnings.push(message) },
      ...(options.resolveTimeout === undefined ? {} : { resolveTimeout: options.resolveTimeout }),
      ...(options.maxIncidents === undefined ? {} : { maxIncidents: options.maxIncidents }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    await store.ready();
    const channel = new MemoryChannel();
    const manager = new AlertManager({
      store: { incidents: store },
      inhibitRules: [CRITICAL_INHIBITS_WARNING],
      logger: { warn() {} },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    }).addChannel(channel, { sendResolved: true });
    closing.push(async () => {
      await manager.close();
      await store.close();
    });
    return { store, manager, channel, warnings };
  }

  /** Resolves once Redis keeps `count` incidents under `prefix` (the turn's write is done). */
  const written = (prefix: string, count: number) =>
    until(
      async () => (await probe.hlen(`${prefix}:firing`)) === count,
      `${count} incidents in Redis`,
    );

  it('learns what fires on the others, with its count; its resolve sends RESOLVED and ends it for all', async () => {
    const prefix = `catchup:${++prefixes}`;
    const a = await replica(prefix);
    const disk = { title: 'Disk full', level: 'error', labels: { host: 'db1' } } as const;
    await a.manager.send([disk, disk]);
    await written(prefix, 1);
    // A later turn adds to the count Redis keeps.
    await a.manager.send(disk);
    await until(
      async () =>
        (await probe.hget(`${prefix}:firing`, a.manager.active()[0]?.fingerprint ?? ''))?.includes(
          '"n":3',
        ) === true,
      'a count of 3 in Redis',
    );
    const [onA] = a.manager.active();

    const b = await replica(prefix);
    const [learnt] = b.manager.active();
    expect(learnt).toMatchObject({
      fingerprint: onA?.fingerprint,
      count: 3,
      firstSeen: onA?.firstSeen,
      alert: { title: 'Disk full', labels: { host: 'db1' } },
    });
    expect(b.channel.received).toEqual([]);

    const results = await b.manager.resolve(learnt?.fingerprint as string);
    expect(results.map((r) => r.status)).toEqual(['sent']);
    expect(b.channel.received).toHaveLength(1);
    expect(b.channel.received[0]).toMatchObject({
      title: 'Disk full',
      resolved: { count: 3, by: 'resolve' },
    });
    expect(b.manager.active()).toEqual([]);
    await until(() => a.manager.active().length === 0, 'the resolve to reach a');
    await written(prefix, 0);
    // A replica that starts now finds nothing firing.
    const c = await replica(prefix);
    expect(c.manager.active()).toEqual([]);
  }, 30_000);

  it('a critical alert firing on one replica inhibits warnings on a replica started after it', async () => {
    const prefix = `catchup:${++prefixes}`;
    const a = await replica(prefix);
    await a.manager.send({ title: 'Database down', level: 'critical', labels: { service: 'db' } });
    await written(prefix, 1);

    const b = await replica(prefix);
    const warning = { title: 'Replica lag', level: 'warning', labels: { service: 'db' } } as const;
    expect((await b.manager.send(warning))[0]?.status).toBe('inhibited');
    const other = { ...warning, labels: { service: 'web' } };
    expect((await b.manager.send(other))[0]?.status).toBe('sent');
  }, 30_000);

  it('an incident quiet for resolveTimeout is not learnt; one learnt ends on the new replica clock', async () => {
    const prefix = `catchup:${++prefixes}`;
    const a = await replica(prefix, { resolveTimeout: 0.5 });
    await a.manager.send({ title: 'Old news', level: 'error' });
    await written(prefix, 1);
    await sleep(300);
    // Written while the old one is within the timeout: the hash keeps both (and lives on).
    await a.manager.send({ title: 'Fresh', level: 'error' });
    await written(prefix, 2);
    await sleep(250);

    // The old one is still in the hash, quiet for longer than the timeout: not learnt.
    const clock = new FakeClock(1_000_000);
    const b = await replica(prefix, { resolveTimeout: 0.5, clock });
    expect(await probe.hlen(`${prefix}:firing`)).toBe(2);
    expect(b.manager.active().map((f) => f.alert.title)).toEqual(['Fresh']);
    // What was learnt ends on b's clock, counted from its last alert on a.
    clock.advance(250);
    expect(b.manager.active()).toEqual([]);
  }, 30_000);

  it('keeps at most maxIncidents in Redis, the most recent', async () => {
    for (const maxIncidents of [0, 1.5, Number.NaN])
      expect(() => new RedisIncidentStore({ redis: url, maxIncidents })).toThrow(
        /`maxIncidents` must be a whole number >= 1/,
      );
    const prefix = `catchup:${++prefixes}`;
    const a = await replica(prefix, { maxIncidents: 50 });
    for (let batch = 0; batch < 10; batch++) {
      await a.manager.send(
        Array.from({ length: 30 }, (_, i) => ({ title: `Batch ${batch} #${i}`, level: 'error' })),
      );
      // The next batch is written on a later millisecond of the server's clock than this one
      // (the sorted set orders by it): once this one is in Redis, whatever the machine's speed.
      await until(
        async () => (await probe.hexists(`${prefix}:firing`, lastOf(a))) === 1,
        'the batch in Redis',
      );
      await sleep(3);
    }
    expect(await probe.hlen(`${prefix}:firing`)).toBe(50);
    expect(await probe.zcard(`${prefix}:firing:seen`)).toBe(50);

    const b = await replica(prefix, { maxIncidents: 50 });
    const titles = b.manager.active().map((f) => f.alert.title);
    expect(titles).toHaveLength(50);
    for (let i = 0; i < 30; i++) expect(titles).toContain(`Batch 9 #${i}`);
    expect(titles.filter((t) => t.startsWith('Batch 8 '))).toHaveLength(20);
  }, 30_000);

  it('reads again on every reconnection: learns what it missed while away', async () => {
    const prefix = `catchup:${++prefixes}`;
    const b = await replica(prefix);
    const subscribed = b.store.ready();
    // What another replica wrote while b did not listen: a turn whose message b cannot read.
    const alert = { id: 'x1', title: 'Missed', body: '', level: 25, labels: {}, timestamp: 1 };
    await probe.eval(
      WRITE_SCRIPT,
      2,
      `${prefix}:firing`,
      `${prefix}:firing:seen`,
      300_000,
      100,
      `${prefix}:incidents`,
      'not for b',
      0,
      'missed-fp',
      4,
      1,
      1,
      JSON.stringify(alert),
    );
    await subscribed;
    expect(b.manager.active()).toEqual([]);
    // Its subscriber's connection drops; ioredis reconnects it.
    await probe.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await until(() => b.manager.active().length === 1, 'the incident to reach b');
    expect(b.manager.active()[0]).toMatchObject({
      fingerprint: 'missed-fp',
      count: 4,
      alert: { title: 'Missed' },
    });
  }, 10_000);

  it('a write both read on catching up and heard afterwards is counted once', async () => {
    const prefix = `catchup:${++prefixes}`;
    // What a publishes, kept to be heard again later.
    const listener = probe.duplicate();
    listener.on('error', () => {});
    const messages: string[] = [];
    listener.on('message', (_channel: string, message: string) => messages.push(message));
    await listener.subscribe(`${prefix}:incidents`);
    try {
      const a = await replica(prefix);
      await a.manager.send([{ title: 'Cache cold' }, { title: 'Cache cold' }]);
      await until(() => messages.length === 1, "a's write");
      const b = await replica(prefix);
      expect(b.manager.active().map((f) => f.count)).toEqual([2]);
      // The message of that write comes after b read it (b subscribed before reading, so
      // this is how it reaches b when the write falls between the two).
      await probe.publish(`${prefix}:incidents`, messages[0] as string);
      await a.manager.send({ title: 'Cache cold' });
      await until(() => (b.manager.active()[0]?.count ?? 0) >= 3, 'the later alert to reach b');
      expect(b.manager.active().map((f) => f.count)).toEqual([3]);
    } finally {
      listener.disconnect();
    }
  });

  it('Redis stopped mid-run: one warning without the password, the local copy keeps working', async () => {
    const prefix = `catchup:${++prefixes}`;
    const warnings: string[] = [];
    const a = await replica(prefix, { warnings });
    const b = await replica(prefix);
    await a.manager.send({ title: 'Queue stuck', level: 'error' });
    await until(() => b.manager.active().length === 1, 'the incident to reach b');

    await server.stop();
    try {
      for (let i = 0; i < 3; i++)
        expect((await a.manager.send({ title: 'Cache cold', level: 'error' }))[0]?.status).toBe(
          'sent',
        );
      await until(() => a.store.fallbacks >= 1, 'a write to fall back');
      // One that fires (its write fails too) and is resolved during the outage is not
      // written after it.
      const before = a.store.fallbacks;
      await a.manager.send({ title: 'Disk slow', level: 'error' });
      await until(() => a.store.fallbacks > before, 'the write of "Disk slow" to fall back');
      await a.manager.resolve(lastOf(a));
      expect(a.manager.active().map((f) => [f.alert.title, f.count])).toEqual([
        ['Queue stuck', 1],
        ['Cache cold', 3],
      ]);
      expect(b.manager.active().map((f) => f.alert.title)).toEqual(['Queue stuck']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/RedisIncidentStore ".*": Redis at .* cannot be reached/);
    } finally {
      await server.start();
    }
    // Back (empty: the server keeps nothing): what a recorded meanwhile is written with no
    // new alert, counts and all; b hears of it, and a replica that starts learns it.
    await until(
      () => b.manager.active().some((f) => f.alert.title === 'Cache cold'),
      'the alerts of the outage to reach b',
    );
    expect(b.manager.active().find((f) => f.alert.title === 'Cache cold')?.count).toBe(3);
    const c = await replica(prefix);
    expect(c.manager.active().map((f) => [f.alert.title, f.count])).toEqual([['Cache cold', 3]]);
    expect(warnings).toHaveLength(1);
    expect([...warnings, ...c.warnings].join('\n')).not.toContain(PASSWORD);
  }, 30_000);
});

/** The fingerprint of the last incident `replica` opened. */
function lastOf(replica: { manager: AlertManager }): string {
  const firing = replica.manager.active();
  return firing[firing.length - 1]?.fingerprint ?? '';
}
