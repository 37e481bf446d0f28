import { AlertManager } from '@tocsin/core';
import { FakeClock, MemoryChannel, until } from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisIncidentStore, RedisNoiseStore } from '../src/index.js';
import { type RedisServer, redisBinary, startRedisServer } from './redis-server.js';

failInCiWhenMissing(redisBinary, 'the auto-resolve tests across replicas');

describe.skipIf(!redisBinary.path)('auto-resolve across replicas', () => {
  let server: RedisServer;
  const closing: Array<() => Promise<void>> = [];
  let prefixes = 0;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const close of closing) await close();
    await server?.remove();
  });

  /**
   * A replica on `clock`: dedup and what fires shared through Redis under `prefix`, one
   * channel that sends RESOLVED notices and auto-resolves after a second of quiet.
   */
  async function replica(prefix: string, clock: FakeClock) {
    const incidents = new RedisIncidentStore({
      redis: server.url,
      prefix: `${prefix}:lifecycle`,
      clock,
    });
    const noiseStore = new RedisNoiseStore({ redis: server.url, prefix: `${prefix}:noise` });
    await incidents.ready();
    const channel = new MemoryChannel();
    const manager = new AlertManager({ store: { incidents }, clock, logger: { warn() {} } });
    manager.addChannel(channel, {
      sendResolved: true,
      autoResolve: 1,
      repeatInterval: 'until-resolved',
      noiseStore,
    });
    closing.push(() => Promise.all([incidents.close(), noiseStore.close()]).then(() => {}));
    const notices = () => channel.received.filter((alert) => alert.resolved !== undefined);
    return { manager, notices };
  }

  /** Two replicas on one fake clock, sharing a prefix of their own. */
  async function twoReplicas() {
    const clock = new FakeClock();
    const prefix = `auto:${++prefixes}`;
    return { clock, a: await replica(prefix, clock), b: await replica(prefix, clock) };
  }

  /** Both replicas, once each has closed: close() waits for the notices their timers began. */
  async function noticesOf(...replicas: Array<Awaited<ReturnType<typeof replica>>>) {
    await Promise.all(replicas.map((r) => r.manager.close()));
    return replicas.flatMap((r) => r.notices());
  }

  const disk = { title: 'Disk full', level: 'error', labels: { host: 'db1' } } as const;

  it('an incident both replicas saw is auto-resolved once, by one of them', async () => {
    const { clock, a, b } = await twoReplicas();
    const sent = [...(await a.manager.send(disk)), ...(await b.manager.send(disk))];
    expect(sent.map((r) => r.status).sort()).toEqual(['deduplicated', 'sent']);
    await until(() => a.manager.active()[0]?.count === 2, "b's alert to reach a");

    // A second of quiet on both: both timers run, one notice goes out.
    clock.advance(1000);
    const notices = await noticesOf(a, b);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: 'Disk full', resolved: { by: 'timeout', count: 2 } });
  }, 15_000);

  it('no RESOLVED while the incident fires on another replica; one once it is quiet there too', async () => {
    const { clock, a, b } = await twoReplicas();
    await b.manager.send(disk);
    await until(() => a.manager.active()[0]?.count === 1, "b's alert to reach a");
    // It goes on firing on a only, every 400 ms, well past b's second of quiet.
    for (let count = 2; count <= 7; count++) {
      clock.advance(400);
      await a.manager.send(disk);
      await until(() => b.manager.active()[0]?.count === count, `alert ${count} to reach b`);
    }
    expect([...a.notices(), ...b.notices()]).toEqual([]);

    clock.advance(1000);
    const notices = await noticesOf(a, b);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.resolved).toMatchObject({ by: 'timeout', count: 7 });
  }, 15_000);

  it('resolve() on one replica: the other sends no RESOLVED of its own later', async () => {
    const { clock, a, b } = await twoReplicas();
    await a.manager.send(disk);
    await b.manager.send(disk);
    await until(() => a.manager.active()[0]?.count === 2, "b's alert to reach a");
    const fingerprint = a.manager.active()[0]?.fingerprint as string;
    const results = await a.manager.resolve(fingerprint);
    expect(results.map((r) => r.status)).toEqual(['sent']);
    await until(() => b.manager.active().length === 0, 'the resolve to reach b');

    clock.advance(1000);
    const notices = await noticesOf(a, b);
    expect(notices.map((n) => n.resolved?.by)).toEqual(['resolve']);
  }, 15_000);
});
