import { errorFrom, FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import type { AddChannelOptions } from '../alert-manager-options.js';
import type { DigestEvent } from '../manager-events.js';

const quiet = { warn: () => {} };

function setup(options: AddChannelOptions) {
  const clock = new FakeClock();
  const channel = new MemoryChannel();
  const manager = new AlertManager({ logger: quiet, clock }).addChannel(channel, options);
  const events: DigestEvent[] = [];
  manager.on('digest', (event) => events.push(event));
  /** Move the clock, then let deliveries finish. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { clock, channel, manager, events, advance };
}

const error = errorFrom;

describe('grouping into digests', () => {
  it('holds a group for `wait`, then sends one failnozzle-style digest', async () => {
    const { channel, manager, events, advance } = setup({
      fingerprint: ['service'],
      group: { wait: '30s', interval: '5m' },
    });
    const results = await manager.send([
      error('Exception in view', 'service1', 'host1'),
      error('Exception in view', 'service1', 'host2'),
      error('Exception in view', 'service1', 'host2'),
      error('Could not retrieve file', 'service2', 'host3'),
      error('Exception in view', 'service1', 'host2'),
    ]);
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['grouped']));
    const digestId = results[0]?.digestId;
    expect(digestId).toBeDefined();
    expect(results.every((r) => r.digestId === digestId)).toBe(true);

    await advance(29_999);
    expect(channel.received).toHaveLength(0);
    await advance(1);
    expect(channel.received).toHaveLength(1);
    const sent = channel.received[0];
    expect(sent?.title).toBe('5 instances of 2 unique alerts (service1, service2)');
    expect(sent?.level).toBe(25);
    expect(sent?.id).toBe(digestId);
    expect(sent?.body).toContain(
      'Summary:\n4X Exception in view (in service1)\n1X Could not retrieve file (in service2)',
    );
    expect(sent?.body).toContain('Alert #1 of 2: 4X Exception in view (in service1)');
    expect(sent?.body).toContain('- on host2, 3X\n- on host1, 1X');
    const digest = sent?.digest;
    expect(digest).toMatchObject({ id: digestId, reason: 'wait', total: 5, otherAlerts: 0 });
    expect(digest?.entries.map((e) => [e.alert.title, e.count, e.counts])).toEqual([
      [
        'Exception in view',
        4,
        [
          ['host2', 3],
          ['host1', 1],
        ],
      ],
      ['Could not retrieve file', 1, [['host3', 1]]],
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      channel: 'memory',
      result: { status: 'sent', alertId: digestId },
    });
    expect(events[0]?.digest).toBe(digest);
    expect(manager.stats).toMatchObject({
      totalAlerts: 5,
      totalGrouped: 5,
      totalSent: 0,
      digests: { sent: 1, failed: 0, throttled: 0, pendingAlerts: 0 },
    });
  });

  it('sends later batches of a group at most once per `interval`', async () => {
    const { channel, manager, advance } = setup({ group: { wait: 30, interval: 300 } });
    await manager.send({ title: 'a' });
    await advance(30_000);
    expect(channel.received).toHaveLength(1);
    await advance(10_000);
    await manager.send({ title: 'b' });
    await manager.send({ title: 'c' });
    await advance(289_999); // 329.999 s: the interval since the first digest is not over
    expect(channel.received).toHaveLength(1);
    await advance(1);
    expect(channel.received).toHaveLength(2);
    expect(channel.received[1]?.digest?.reason).toBe('interval');
    expect(channel.received[1]?.title).toBe('2 instances of 2 unique alerts');
  });

  it('never holds a batch past `maxWait`, and sends at once at `maxAlerts`', async () => {
    const { channel, manager, advance } = setup({
      group: { wait: 30, interval: 600, maxWait: 60, maxAlerts: 3 },
    });
    await manager.send({ title: 'a' });
    await advance(30_000);
    await manager.send([{ title: 'b' }, { title: 'b2' }]);
    await advance(59_999);
    expect(channel.received).toHaveLength(1);
    await advance(1);
    expect(channel.received.map((a) => a.digest?.reason ?? 'alert')).toEqual(['alert', 'max_wait']);
    await manager.send([{ title: 'c' }, { title: 'd' }, { title: 'e' }]);
    await advance(0);
    expect(channel.received.at(-1)?.digest).toMatchObject({ reason: 'max_alerts', total: 3 });
  });

  it('sends a batch of one as the alert itself, and reports it as a digest', async () => {
    const { channel, manager, events, advance } = setup({ group: { wait: 10 } });
    const [result] = await manager.send({ title: 'lonely', body: 'details' });
    await advance(10_000);
    expect(channel.received[0]).toMatchObject({
      title: 'lonely',
      body: 'details',
      id: result?.alertId,
    });
    expect(channel.received[0]?.digest).toBeUndefined();
    expect(events[0]?.digest).toMatchObject({ id: result?.digestId, total: 1 });
    expect(events[0]?.result).toMatchObject({ status: 'sent', alertId: result?.alertId });
  });

  it('keeps groups apart by the `by` labels, one timer per group, not per alert', async () => {
    const { clock, channel, manager, advance } = setup({ group: { by: ['service'], wait: 5 } });
    for (let i = 0; i < 50; i++) await manager.send(error(`e${i % 3}`, `svc${i % 2}`, 'h'));
    expect(clock.pending).toBe(2);
    await advance(5000);
    const digests = channel.received.map((a) => [a.labels, a.digest?.total]);
    expect(digests).toEqual([
      [{ service: 'svc0' }, 25],
      [{ service: 'svc1' }, 25],
    ]);
  });

  it("gives each entry its batch's first alert of the fingerprint, whole, and each batch its own counts", async () => {
    // The manager's fingerprint rule: the entry groups the accepted alerts themselves.
    const clock = new FakeClock();
    const manager = new AlertManager({ logger: quiet, clock, fingerprint: ['service'] });
    manager.addChannel(new MemoryChannel(), { group: { wait: 1, interval: 1 } });
    const events: DigestEvent[] = [];
    manager.on('digest', (event) => events.push(event));
    const advance = async (ms: number) => {
      clock.advance(ms);
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 14, 2, s));
    const first = await manager.send([
      { ...error('Disk full', 'db', 'host1', 'sda1 at 100%'), timestamp: at(1), source: 'df' },
      { ...error('Disk full', 'db', 'host2', 'sdb1 at 100%'), timestamp: at(5) },
      { ...error('Timeout', 'api', 'host1'), dedupKey: 'api-timeout', timestamp: at(3) },
    ]);
    await advance(1000);
    const second = await manager.send([
      { ...error('Disk full', 'db', 'host3', 'sdc1 at 99%'), timestamp: at(9) },
    ]);
    await advance(1000);
    await manager.send([
      { ...error('Disk full', 'db', 'host3'), timestamp: at(10) },
      { ...error('Disk full', 'db', 'host4'), timestamp: at(11) },
    ]);
    await advance(1000);

    const [disk, timeout] = events[0]?.digest.entries ?? [];
    expect(disk?.alert).toMatchObject({
      id: first[0]?.alertId,
      title: 'Disk full',
      formattedTitle: 'Disk full',
      body: 'sda1 at 100%',
      level: 25,
      levelName: 'ERROR',
      labels: { service: 'db', host: 'host1' },
      source: 'df',
      dedupKey: undefined,
    });
    expect(disk?.alert.timestamp).toEqual(at(1));
    expect(disk?.alert.fingerprint).toBe(disk?.fingerprint);
    expect(JSON.parse(JSON.stringify(disk?.alert))).toMatchObject({
      timestamp: at(1).toISOString(),
      fingerprint: disk?.fingerprint,
    });
    expect(disk).toMatchObject({ count: 2, firstSeen: at(1), lastSeen: at(5) });
    expect(disk?.counts).toEqual([
      ['host1', 1],
      ['host2', 1],
    ]);
    expect(timeout?.alert).toMatchObject({ id: first[2]?.alertId, dedupKey: 'api-timeout' });
    expect(timeout?.fingerprint).toBe('api-timeout');
    // A batch of one goes as the alert itself; the next batch of the fingerprint counts anew.
    expect(events[1]?.result.alertId).toBe(second[0]?.alertId);
    const [later] = events[2]?.digest.entries ?? [];
    expect(later?.fingerprint).toBe(disk?.fingerprint);
    expect(later).toMatchObject({ count: 2, firstSeen: at(10), lastSeen: at(11) });
    expect(later?.alert.body).toBe('');
    expect(later?.counts).toEqual([
      ['host3', 1],
      ['host4', 1],
    ]);
  });

  it('counts at most 100 hosts apart per fingerprint; the rest under one other entry', async () => {
    const { manager, events, advance } = setup({ fingerprint: [], group: { wait: 1 } });
    await manager.send(
      Array.from({ length: 160 }, (_, i) => ({ title: 'e', labels: { host: `h${i % 150}` } })),
    );
    await advance(1000);
    const counts = events[0]?.digest.entries[0]?.counts ?? [];
    expect(counts).toHaveLength(101);
    // Most first: the 50 hosts past the first 100, then h0..h9 seen twice.
    expect(counts[0]).toEqual(['', 50]);
    expect(counts.slice(1, 11).map(([host, n]) => `${host}:${n}`)).toEqual(
      Array.from({ length: 10 }, (_, i) => `h${i}:2`).sort(),
    );
    expect(counts.reduce((sum, [, n]) => sum + n, 0)).toBe(160);
  });

  it('lets alerts at or above `bypassLevel` through at once', async () => {
    const { channel, manager } = setup({ group: { wait: 60, bypassLevel: 'critical' } });
    const results = await manager.send([
      { title: 'slow', level: 'error' },
      { title: 'now', level: 'critical' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['grouped', 'sent']);
    expect(channel.received.map((a) => a.title)).toEqual(['now']);
  });

  it('reports a digest that failed for good, with its reason, in the event and the stats', async () => {
    const { channel, manager, events, advance } = setup({ group: { wait: 1 }, maxRetries: 0 });
    channel.failNext({ retryable: false, message: 'remote said no' });
    await manager.send([{ title: 'a' }, { title: 'b' }]);
    await advance(1000);
    expect(events[0]?.result).toMatchObject({ status: 'failed', error: 'remote said no' });
    expect(manager.stats.digests).toMatchObject({ sent: 0, failed: 1 });
    expect(manager.stats.byChannel.memory?.lastError).toBe('remote said no');
  });

  it('close() sends every batch held, waits for it, then closes the channel', async () => {
    const { channel, manager, events } = setup({ group: { wait: 3600 } });
    channel.delayMs = 10;
    await manager.send([{ title: 'a' }, { title: 'b' }, { title: 'a' }]);
    expect(manager.stats.digests.pendingAlerts).toBe(3);
    await manager.close();
    expect(channel.received).toHaveLength(1);
    expect(channel.received[0]?.title).toBe('3 instances of 2 unique alerts (sent on close)');
    expect(channel.received[0]?.digest?.reason).toBe('close');
    expect(events[0]?.result.status).toBe('sent');
    expect(channel.closed).toBe(1);
    expect(manager.stats.digests.pendingAlerts).toBe(0);
  });

  it('close() leaves no group timer behind to keep what a group held alive', async () => {
    const { clock, channel, manager } = setup({ group: { by: ['service'], wait: 3600 } });
    await manager.send([error('a', 'svc1', 'h1'), error('b', 'svc2', 'h1')]);
    expect(clock.pending).toBe(2);
    await manager.close();
    expect(channel.received).toHaveLength(2);
    // What close() itself leaves on the clock, measured on an entry without grouping.
    const plain = setup({});
    await plain.manager.send([error('a', 'svc1', 'h1'), error('b', 'svc2', 'h1')]);
    await plain.manager.close();
    expect(clock.pending).toBe(plain.clock.pending);
  });

  it('removeChannel sends what the entry held', async () => {
    const { channel, manager } = setup({ group: { wait: 3600 } });
    await manager.send({ title: 'a' });
    manager.removeChannel('memory');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(channel.received.map((a) => a.title)).toEqual(['a']);
  });

  it('refuses `group` and `burst` together, and options of the wrong shape', () => {
    const m = new AlertManager({ logger: quiet });
    expect(() => m.addChannel(new MemoryChannel(), { group: {}, burst: {} })).toThrow(
      '`group` and `burst` cannot both be set on one entry',
    );
    expect(() => m.addChannel(new MemoryChannel(), { group: { by: 'service' as never } })).toThrow(
      '`group.by` must be a list of label names',
    );
    expect(() => m.addChannel(new MemoryChannel(), { group: { wait: 'later' } })).toThrow(
      '`group.wait` must be seconds',
    );
  });
});

describe('the threshold, buffer and cooldown policy (burst)', () => {
  it('sends at once at the threshold, buffers below it, and holds arrivals through the cooldown', async () => {
    const { channel, manager, advance } = setup({
      burst: { threshold: 5, buffer: '15m', cooldown: '15m' },
    });
    await manager.send(
      Array.from({ length: 5 }, (_, i) => ({ title: `err ${i % 2}`, level: 'error' as const })),
    );
    await advance(0);
    expect(channel.received.map((a) => a.title)).toEqual(['5 alerts (threshold exceeded)']);
    expect(channel.received[0]?.digest?.reason).toBe('threshold');

    // In the cooldown: even past the threshold, nothing goes until it ends.
    await advance(60_000);
    await manager.send(
      Array.from({ length: 7 }, () => ({ title: 'err 0', level: 'error' as const })),
    );
    await advance(839_999);
    expect(channel.received).toHaveLength(1);
    await advance(1);
    expect(channel.received.map((a) => a.title)).toEqual([
      '5 alerts (threshold exceeded)',
      '7 alerts (threshold exceeded)',
    ]);

    // Below the threshold, after the cooldown: the buffer goes `buffer` after its first alert.
    await advance(900_000);
    await manager.send({ title: 'err 1', level: 'error' });
    await manager.send({ title: 'err 2', level: 'error' });
    await advance(899_999);
    expect(channel.received).toHaveLength(2);
    await advance(1);
    expect(channel.received[2]?.title).toBe('2 alerts (buffered)');
    expect(manager.stats).toMatchObject({ totalGrouped: 14, digests: { sent: 3 } });
  });
});

describe('the plain-text digest', () => {
  it('stays bounded however many and however long the alerts: lines cut, entries listed up to a point', async () => {
    const { channel, manager, advance } = setup({ group: { wait: 1 } });
    await manager.send(
      Array.from({ length: 5000 }, (_, i) => ({
        title: `${i} ${'x'.repeat(3000)}`,
        body: 'b'.repeat(10_000),
        labels: { service: 's'.repeat(2000) },
      })),
    );
    await advance(1000);
    const digest = channel.received[0];
    expect(digest?.digest?.total).toBe(5000);
    // 200 summary lines of at most ~1 KB, 50 details of at most ~3 KB, plus the notes.
    expect(digest?.body.length).toBeLessThan(400_000);
    expect(digest?.body).toContain('... and 4800 more unique alerts');
    expect(digest?.body).toContain('(details of 4950 more unique alerts left out)');
    const line = digest?.body.split('\n').find((l) => l.startsWith('1X 0 '));
    expect(line).toBe(`1X 0 ${'x'.repeat(498)} [...] (in ${'s'.repeat(500)} [...])`);
    expect(digest?.title.length).toBeLessThan(600);
  });
});
