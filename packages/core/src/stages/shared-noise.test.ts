import { errorFrom, FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../alert.js';
import { AlertManager } from '../alert-manager.js';
import type { AddChannelOptions } from '../alert-manager-options.js';
import type { AlertResult } from '../alert-result.js';
import type { ChannelReceipt, SendContext } from '../channel.js';
import { MemoryNoiseStore } from './memory-noise-store.js';
import type { NoiseStore } from './noise-store.js';

const quiet = { warn: () => {} };

/** A memory channel that also writes what it delivered to a log shared by the replicas. */
class LoggedChannel extends MemoryChannel {
  constructor(private readonly log: Alert[]) {
    super();
  }

  override async send(alert: Alert, context: SendContext): Promise<ChannelReceipt> {
    const receipt = await super.send(alert, context);
    this.log.push(alert);
    return receipt;
  }
}

/** `n` managers ("replicas") in this process sharing one store and one fake clock. */
function replicas(n: number, options: AddChannelOptions) {
  const clock = new FakeClock();
  const store = new MemoryNoiseStore();
  const log: Alert[] = [];
  const channels = Array.from({ length: n }, () => new LoggedChannel(log));
  const managers = channels.map((channel) =>
    new AlertManager({ logger: quiet, clock }).addChannel(channel, {
      ...options,
      noiseStore: store,
    }),
  );
  /** Every alert the replicas' channels received, in the order they did. */
  const received = (): Alert[] => log;
  /** Move the clock in steps shorter than an attempt's timeout, letting deliveries finish. */
  const advance = async (ms: number) => {
    await clock.advanceAsync(ms, 10_000);
    await new Promise(setImmediate);
  };
  return { clock, store, channels, managers, received, advance };
}

/** The same burst on every replica: 3 alerts of service a (2 on host1), 2 of service b. */
const burst = () => [
  errorFrom('Exception in view', 'a', 'host1'),
  errorFrom('Exception in view', 'a', 'host1'),
  errorFrom('Disk full', 'a', 'host2'),
  errorFrom('Timeout', 'b', 'host3'),
  errorFrom('Timeout', 'b', 'host3'),
];

describe('groups shared by replicas (MemoryNoiseStore)', () => {
  it('sends one digest per group across 4 replicas, counting every replica’s alerts', async () => {
    const { managers, received, advance } = replicas(4, {
      group: { by: ['service'], wait: '30s', interval: '5m' },
    });
    const results = (await Promise.all(managers.map((m) => m.send(burst())))).flat();
    expect(results).toHaveLength(20);
    for (const result of results) {
      expect(result.status).toBe('grouped');
      // Held by the shared store: the digest may go from another replica.
      expect(result.digestId).toBeUndefined();
    }

    await advance(29_999);
    expect(received()).toHaveLength(0);
    await advance(1);
    const digests = received();
    expect(digests).toHaveLength(2);
    const byService: Record<string, Alert> = Object.fromEntries(
      digests.map((d) => [d.labels.service, d]),
    );
    expect(byService.a?.title).toBe('12 instances of 2 unique alerts (a)');
    expect(byService.a?.digest?.entries.map((e) => [e.alert.title, e.count, e.counts])).toEqual([
      ['Exception in view', 8, [['host1', 8]]],
      ['Disk full', 4, [['host2', 4]]],
    ]);
    expect(byService.b?.digest).toMatchObject({ total: 8, reason: 'wait' });

    // Every accepted alert one status on its manager; the digests on those that sent them.
    let digestsSent = 0;
    for (const manager of managers) {
      expect(manager.stats).toMatchObject({ totalAlerts: 5, totalGrouped: 5, totalFailed: 0 });
      digestsSent += manager.stats.digests.sent;
      expect(manager.stats.digests.pendingAlerts).toBe(0);
    }
    expect(digestsSent).toBe(2);

    // Nothing more later: the other replicas' timers found the windows taken.
    await advance(10 * 60_000);
    expect(received()).toHaveLength(2);
  });

  it('keeps the interval between digests of a group across replicas', async () => {
    const { managers, received, advance } = replicas(2, {
      group: { wait: '10s', interval: '1m' },
    });
    await managers[0]?.send(errorFrom('A', 'a', 'h1'));
    await managers[1]?.send(errorFrom('B', 'a', 'h1'));
    await advance(10_000);
    expect(received()).toHaveLength(1);
    // The next window, opened on the other replica, waits for the group's interval.
    await advance(5_000);
    await managers[1]?.send(errorFrom('C', 'a', 'h1'));
    await managers[0]?.send(errorFrom('D', 'a', 'h1'));
    await advance(54_999);
    expect(received()).toHaveLength(1);
    await advance(1);
    expect(received()).toHaveLength(2);
    expect(received()[1]?.digest).toMatchObject({ total: 2, reason: 'interval' });
  });

  it('sends a window of one alert as the alert itself', async () => {
    const { managers, received, advance } = replicas(3, { group: { wait: '5s' } });
    await managers[2]?.send({ title: 'Only one', labels: { host: 'h' } });
    await advance(5_000);
    expect(received()).toHaveLength(1);
    expect(received()[0]).toMatchObject({ title: 'Only one', labels: { host: 'h' } });
    expect(received()[0]?.digest).toBeUndefined();
  });

  it('goes at once at maxAlerts counted over every replica', async () => {
    const { managers, received, advance } = replicas(4, {
      group: { wait: '1h', maxAlerts: 10 },
    });
    for (const manager of managers.slice(0, 3)) await manager.send(burst().slice(0, 3));
    await advance(0);
    expect(received()).toHaveLength(0);
    await managers[3]?.send(burst().slice(0, 1));
    await advance(0);
    expect(received()).toHaveLength(1);
    expect(received()[0]?.digest).toMatchObject({ total: 10, reason: 'max_alerts' });
  });

  it('a replica that closes sends the windows it added to, with the others’ alerts', async () => {
    const { managers, received, advance } = replicas(3, { group: { wait: '1m' } });
    for (const manager of managers) await manager.send(burst().slice(0, 2));
    await managers[0]?.close();
    expect(received()).toHaveLength(1);
    expect(received()[0]?.digest).toMatchObject({ total: 6, reason: 'close' });
    expect(managers[0]?.stats.digests.sent).toBe(1);
    await advance(60_000);
    expect(received()).toHaveLength(1);
  });

  it('a burst buffer is shared too: threshold over every replica, then the cooldown', async () => {
    const { managers, received, advance } = replicas(4, {
      burst: { threshold: 8, buffer: '15m', cooldown: '15m' },
    });
    for (const manager of managers) await manager.send(burst().slice(0, 2));
    await advance(0);
    expect(received()).toHaveLength(1);
    expect(received()[0]?.title).toBe('8 alerts (threshold exceeded) (a)');
    for (const manager of managers) await manager.send(burst().slice(3, 4));
    await advance(15 * 60_000 - 1);
    expect(received()).toHaveLength(1);
    await advance(1);
    expect(received()).toHaveLength(2);
    expect(received()[1]?.digest?.total).toBe(4);
  });

  it('leaves nothing in the store once windows are taken and their groups retired', async () => {
    const { store, managers, advance } = replicas(2, { group: { wait: '10s', interval: '1m' } });
    await managers[0]?.send(burst());
    await managers[1]?.send(burst());
    await advance(10_000);
    await advance(2 * 60_000);
    // The sweep runs at most once a minute, on the next call.
    await managers[0]?.send({ title: 'later', level: 'critical', labels: {} });
    expect(store.size).toBe(1);
  });
});

describe('deduplication shared by replicas (MemoryNoiseStore)', () => {
  it('notifies once for a fingerprint sent on 4 replicas, then says how many were seen', async () => {
    const { managers, received, advance } = replicas(4, { repeatInterval: '1h' });
    const alert = { title: 'Primary unreachable', level: 'critical' as const };
    const results: AlertResult[] = [];
    for (const manager of managers) results.push(...(await manager.send(alert)));
    expect(results.map((r) => r.status)).toEqual([
      'sent',
      'deduplicated',
      'deduplicated',
      'deduplicated',
    ]);
    expect(received()).toHaveLength(1);
    for (const manager of managers.slice(1)) await manager.send(alert);

    await advance(3600_000);
    const [repeat] = await (managers[2] as AlertManager).send(alert);
    expect(repeat?.status).toBe('sent');
    expect(received()).toHaveLength(2);
    // 3 + 3 held on the other replicas, and this one.
    expect(received()[1]?.occurrences?.count).toBe(7);
    const sent = managers.reduce((n, m) => n + m.stats.totalSent, 0);
    const deduplicated = managers.reduce((n, m) => n + m.stats.totalDeduplicated, 0);
    expect([sent, deduplicated]).toEqual([2, 6]);
  });

  it('gives the claim back when the notification failed: another replica notifies', async () => {
    const { managers, channels, received } = replicas(2, {
      repeatInterval: '1h',
      maxRetries: 0,
    });
    channels[0]?.failNext({ retryable: false });
    const alert = { title: 'Queue stuck' };
    expect((await managers[0]?.send(alert))?.[0]?.status).toBe('failed');
    const [next] = (await managers[1]?.send(alert)) ?? [];
    expect(next?.status).toBe('sent');
    expect(received()[0]?.occurrences?.count).toBe(2);
  });

  it('a resolve on one replica ends the incident for all', async () => {
    const { managers, received } = replicas(2, { repeatInterval: 'never' });
    const alert = { title: 'Cert expires soon' };
    await managers[0]?.send(alert);
    expect((await managers[1]?.send(alert))?.[0]?.status).toBe('deduplicated');
    await managers[0]?.resolve(alert);
    expect((await managers[1]?.send(alert))?.[0]?.status).toBe('sent');
    expect(received()).toHaveLength(2);
  });
});

describe('fromConfig({ noiseStore })', () => {
  it('gives every channel built from the config the shared store', async () => {
    const clock = new FakeClock();
    const noiseStore = new MemoryNoiseStore();
    const log: Alert[] = [];
    const config = {
      alerts: {
        channels: {
          ops: { type: 'logged', group: { by: ['service'], wait: '10s' } },
        },
      },
    };
    const managers = await Promise.all(
      [1, 2, 3].map(() =>
        AlertManager.fromConfig(config, {
          clock,
          logger: quiet,
          noiseStore,
          channelTypes: { logged: () => new LoggedChannel(log) },
        }),
      ),
    );
    for (const manager of managers) await manager.send(burst());
    await clock.advanceAsync(10_000, 10_000);
    await new Promise(setImmediate);
    expect(log.map((a) => [a.labels.service, a.digest?.total])).toEqual([
      ['a', 9],
      ['b', 6],
    ]);
    await Promise.all(managers.map((m) => m.close()));
    expect(log).toHaveLength(2);
  });
});

describe('a store that answers later', () => {
  it('close() waits for an add still in flight and sends its window', async () => {
    const memory = new MemoryNoiseStore();
    let answer: () => void = () => {};
    // The store answers an add only when told: close() starts before it has.
    const slow: NoiseStore = {
      claim: (...args) => memory.claim(...args),
      release: (...args) => memory.release(...args),
      forget: (key) => memory.forget(key),
      add: (...args) =>
        new Promise((resolve) => {
          answer = () => resolve(memory.add(...args));
        }),
      take: (...args) => Promise.resolve(memory.take(...args)),
    };
    const log: Alert[] = [];
    const manager = new AlertManager({ logger: quiet }).addChannel(new LoggedChannel(log), {
      group: { wait: '1h' },
      noiseStore: slow,
    });
    const sending = manager.send({ title: 'late', labels: {} });
    const closing = manager.close();
    answer();
    expect((await sending)[0]?.status).toBe('grouped');
    await closing;
    expect(log.map((a) => a.title)).toEqual(['late']);
    expect(manager.stats).toMatchObject({ totalAlerts: 1, totalGrouped: 1 });
    expect(manager.stats.digests.sent).toBe(1);
  });
});
