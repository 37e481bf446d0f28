import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';

const quiet = { warn: () => {} };

function setup(repeatInterval: number | string, more: object = {}) {
  const clock = new FakeClock();
  const channel = new MemoryChannel();
  const manager = new AlertManager({
    logger: quiet,
    clock,
    retry: { baseDelay: 0.001, maxDelay: 0.001 },
    ...more,
  }).addChannel(channel, { repeatInterval, maxRetries: 0 });
  return { clock, channel, manager };
}

describe('deduplication (repeatInterval)', () => {
  it('sends a fingerprint once per interval; the next notification says how many were held', async () => {
    const { clock, channel, manager } = setup('5m');
    const disk = { title: 'Disk full', level: 'error', labels: { host: 'web-1' } } as const;
    const [first] = await manager.send(disk);
    expect(first?.status).toBe('sent');
    const held = [];
    const before = Date.now();
    for (let i = 0; i < 36; i++) {
      clock.advance(5000);
      held.push(...(await manager.send(disk)));
    }
    expect(held.every((r) => r.status === 'deduplicated' && r.attempts === 0)).toBe(true);
    expect(held[0]?.error).toBe('Already notified within the repeat interval');
    expect(held[0]?.fingerprint).toBe(first?.fingerprint);
    // Another fingerprint is not held by this one.
    const [other] = await manager.send({ ...disk, labels: { host: 'web-2' } });
    expect(other?.status).toBe('sent');

    clock.advance(300_000 - 36 * 5000);
    const [repeat] = await manager.send(disk);
    expect(repeat?.status).toBe('sent');
    expect(channel.received.map((a) => a.title)).toEqual(['Disk full', 'Disk full', 'Disk full']);
    const notice = channel.received[2];
    expect(notice?.occurrences?.count).toBe(37);
    const firstSeen = notice?.occurrences?.firstSeen.getTime() ?? 0;
    // Alert times come from the monotonic clock anchored on Date.now() each second.
    expect(firstSeen).toBeGreaterThanOrEqual(before - 1000);
    expect(firstSeen).toBeLessThanOrEqual(notice?.timestamp.getTime() ?? 0);
    expect(notice?.occurrences?.lastSeen).toEqual(notice?.timestamp);
    expect(channel.received[0]?.occurrences).toBeUndefined();

    expect(manager.stats).toMatchObject({
      totalAlerts: 39,
      totalSent: 3,
      totalDeduplicated: 36,
      byChannel: { memory: { sent: 3, deduplicated: 36 } },
    });
  });

  it("with 'never', notifies once per fingerprint for the manager's life", async () => {
    const { clock, channel, manager } = setup('never');
    await manager.send({ title: 'Migration ran', dedupKey: 'migration-42' });
    clock.advance(30 * 86_400_000);
    const [again] = await manager.send({ title: 'Migration ran again', dedupKey: 'migration-42' });
    expect(again?.status).toBe('deduplicated');
    expect(again?.error).toBe('Already notified (repeatInterval: never)');
    expect(channel.received).toHaveLength(1);
  });

  it('does not count a notification that was never delivered: the next one goes, with the count', async () => {
    const { clock, channel, manager } = setup('1h');
    channel.failNext({ retryable: false });
    const [failed] = await manager.send({ title: 'Queue stuck' });
    expect(failed?.status).toBe('failed');
    clock.advance(1000);
    const [next] = await manager.send({ title: 'Queue stuck' });
    expect(next?.status).toBe('sent');
    expect(channel.received[0]?.occurrences?.count).toBe(2);
    clock.advance(1000);
    const [third] = await manager.send({ title: 'Queue stuck' });
    expect(third?.status).toBe('deduplicated');
  });

  it('does not count a notification the throttle stopped', async () => {
    const clock = new FakeClock();
    const channel = new MemoryChannel();
    const manager = new AlertManager({ logger: quiet, clock }).addChannel(channel, {
      repeatInterval: '1h',
      throttle: { rate: 1, per: 60, burst: 1 },
    });
    await manager.send({ title: 'spends the token' });
    const [throttled] = await manager.send({ title: 'CPU high' });
    expect(throttled?.status).toBe('throttled');
    clock.advance(61_000);
    const [sent] = await manager.send({ title: 'CPU high' });
    expect(sent?.status).toBe('sent');
  });

  it('holds alerts of the fingerprint while its first notification is still in flight', async () => {
    const { channel, manager } = setup('1m');
    channel.delayMs = 20;
    const results = await Promise.all([
      manager.send({ title: 'same' }),
      manager.send({ title: 'same' }),
      manager.send({ title: 'same' }),
    ]);
    expect(results.flat().map((r) => r.status)).toEqual(['sent', 'deduplicated', 'deduplicated']);
  });

  it('keeps the count of a fingerprint still seen, and forgets one quiet for a whole interval', async () => {
    const { clock, channel, manager } = setup(60);
    for (const title of ['quiet', 'quiet', 'busy', 'busy']) await manager.send({ title });
    clock.advance(50_000);
    await manager.send({ title: 'busy' });
    clock.advance(40_000);
    // Any new fingerprint sweeps: 'quiet' (last seen 90 s ago) is forgotten with its count;
    // 'busy' (seen 40 s ago) keeps its count of 2 held.
    await manager.send({ title: 'sweeper' });
    await manager.send([{ title: 'quiet' }, { title: 'busy' }]);
    const last = channel.received.slice(-2);
    expect(last.map((a) => [a.title, a.occurrences?.count])).toEqual([
      ['quiet', undefined],
      ['busy', 3],
    ]);
  });

  it('clamps an interval below 1 s, with a warning', () => {
    const warnings: string[] = [];
    new AlertManager({ logger: { warn: (m) => warnings.push(m) } }).addChannel(
      new MemoryChannel(),
      { repeatInterval: '10ms' },
    );
    expect(warnings).toEqual([
      'channel.repeat_interval 0.01 (from addChannel("memory") options) is below the minimum 1; using 1',
    ]);
    expect(() =>
      new AlertManager().addChannel(new MemoryChannel(), { repeatInterval: 'soon' }),
    ).toThrow(
      '`repeatInterval` must be seconds as a number or a duration such as "30s", "5m", "4h"; got "soon"',
    );
  });
});
