import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from './alert-manager.js';
import { AlertThrottle } from './alert-throttle.js';
import type { DeliveryEvent } from './manager-events.js';

const quiet = { warn: () => {} };

function setup() {
  const clock = new FakeClock();
  const manager = new AlertManager({ clock, logger: quiet });
  const events: DeliveryEvent[] = [];
  const listener = (event: DeliveryEvent) => events.push(event);
  manager.on('delivery', listener);
  /** Move the clock in steps, letting retries and digests run. */
  const advance = async (ms: number) => {
    await clock.advanceAsync(ms, 100);
    await new Promise(setImmediate);
  };
  return { clock, manager, events, listener, advance };
}

describe('the delivery event', () => {
  it('tells each delivery once, sent or failed, with its attempts and time; not what a stage stopped', async () => {
    const { manager, events, advance } = setup();
    const ops = new MemoryChannel({ name: 'ops' });
    const pager = new MemoryChannel({ name: 'pager' });
    manager.addChannel(ops, { maxRetries: 2 }).addChannel(pager, {
      minLevel: 'critical',
      throttle: new AlertThrottle({ rate: 1, per: 60 }),
    });
    ops.failNext({ code: 'TOCSIN_REMOTE', retryAfter: 2 }, 3);

    const pending = manager.send({ title: 'Disk full', level: 'critical' });
    await advance(10_000);
    const first = await pending;
    await manager.send({ title: 'Disk full again', level: 'critical' });

    expect(first.map((r) => [r.channel, r.status, r.attempts])).toEqual([
      ['ops', 'failed', 3],
      ['pager', 'sent', 1],
    ]);
    // The second alert: sent on ops, throttled on pager (no delivery, no event).
    expect(events.map((e) => [e.channel, e.result.status, e.result.attempts])).toEqual([
      ['pager', 'sent', 1],
      ['ops', 'failed', 3],
      ['ops', 'sent', 1],
    ]);
    const failed = events[1] as DeliveryEvent;
    // Two Retry-After waits of 2 s: the duration is every attempt and the waits between.
    expect(failed.result.durationMs).toBeGreaterThanOrEqual(4000);
    expect(failed.alert.title).toBe('Disk full');
    const stats = manager.stats.byChannel;
    expect(events.filter((e) => e.channel === 'ops')).toHaveLength(
      stats.ops?.latency.samples ?? -1,
    );
    expect(events.filter((e) => e.channel === 'pager')).toHaveLength(
      stats.pager?.latency.samples ?? -1,
    );
    await manager.close();
  });

  it("tells a digest's delivery and a fallback tier's, each on its own entry", async () => {
    const { manager, events, advance } = setup();
    const primary = new MemoryChannel({ name: 'primary' });
    const backup = new MemoryChannel({ name: 'backup' });
    manager
      .addChannel(primary, { maxRetries: 0, group: { wait: '30s' }, fallback: 'backup' })
      .addChannel(backup, { fallbackOnly: true });
    primary.failNext({ code: 'TOCSIN_NETWORK' });

    const results = await manager.send([{ title: 'A' }, { title: 'B' }]);
    expect(results.map((r) => r.status)).toEqual(['grouped', 'grouped']);
    expect(events).toEqual([]);
    await advance(30_000);

    expect(events.map((e) => [e.channel, e.result.status])).toEqual([
      ['primary', 'failed'],
      ['backup', 'sent'],
    ]);
    expect(backup.received[0]?.title).toBe(events[1]?.alert.title);
    const stats = manager.stats;
    expect(stats.digests).toMatchObject({ sent: 1, failed: 0 });
    expect(stats.fallbacks).toMatchObject({ sent: 1 });
    await manager.close();
  });

  it('stops when the listener is removed', async () => {
    const { manager, events, listener } = setup();
    manager.addChannel(new MemoryChannel());
    await manager.send({ title: 'one' });
    manager.off('delivery', listener);
    await manager.send({ title: 'two' });
    expect(events.map((e) => e.alert.title)).toEqual(['one']);
    await manager.close();
  });
});
