import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import type { Channel } from '../channel.js';
import { LogBridge } from './log-bridge.js';

const quiet = { warn: () => {} };

function setup(options: ConstructorParameters<typeof LogBridge>[1] = {}, entry = {}) {
  const channel = new MemoryChannel({ name: 'oncall' });
  const manager = new AlertManager({ logger: quiet }).addChannel(channel, entry);
  const lines: string[] = [];
  const bridge = new LogBridge(manager, { fallback: (line) => lines.push(line), ...options });
  return { channel, manager, bridge, lines };
}

describe('LogBridge', () => {
  it('turns records at or above minLevel into alerts, later, without waiting in write', async () => {
    const { channel, bridge } = setup({ minLevel: 'warn' });
    bridge.write({ level: 30, msg: 'listening' });
    bridge.write({ level: 40, msg: 'slow query' });
    bridge.write({ level: 50, msg: 'query failed' });
    expect(channel.received).toHaveLength(0); // nothing happens inside the logging call
    await bridge.flush();
    expect(channel.received.map((a) => [a.title, a.level])).toEqual([
      ['slow query', 20],
      ['query failed', 25],
    ]);
    expect(bridge.stats).toMatchObject({ queued: 2, dropped: 0, waiting: 0 });
  });

  it('drops the oldest past the bound and the next alert says how many', async () => {
    const { channel, bridge } = setup({ maxQueue: 100 });
    for (let i = 0; i < 350; i++) bridge.write({ level: 50, msg: `error ${i}` });
    await bridge.flush();
    expect(channel.received).toHaveLength(100);
    expect(channel.received[0]?.title).toBe('error 250');
    expect(channel.received[0]?.body).toMatch(/^\(250 earlier log alerts were dropped/);
    expect(channel.received[1]?.body).toBe('');
    expect(bridge.stats).toMatchObject({ queued: 350, dropped: 250 });
  });

  it('reports delivery failures to the fallback, and what the fallback logs back is not re-sent', async () => {
    let attempts = 0;
    const down: Channel = {
      name: 'down',
      send: async () => {
        attempts++;
        throw new Error('503 from https://hooks.example.com/secret-token');
      },
    };
    const manager = new AlertManager({ logger: quiet }).addChannel(down, { maxRetries: 0 });
    const lines: string[] = [];
    // The worst fallback: the same logger the bridge listens to.
    const bridge: LogBridge = new LogBridge(manager, {
      fallback: (line) => {
        lines.push(line);
        bridge.write({ level: 50, msg: line });
      },
    });
    bridge.write({ level: 50, msg: 'job failed' });
    await bridge.flush();
    await bridge.flush();
    expect(attempts).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('log alert "job failed" was not delivered to "down"');
    expect(lines[0]).not.toContain('secret-token');
    expect(bridge.stats).toMatchObject({ queued: 1, failed: 1, ignored: 1 });
  });

  it('ignores records Tocsin marked as its own', async () => {
    const { channel, bridge } = setup();
    bridge.write({ level: 50, msg: 'tocsin: a digest failed', tocsin: true });
    await bridge.flush();
    expect(channel.received).toHaveLength(0);
    expect(bridge.stats.ignored).toBe(1);
  });

  it('never throws from write, whatever the record', async () => {
    const { bridge, lines } = setup();
    const hostile = {
      level: 50,
      get msg(): string {
        throw new Error('getter exploded');
      },
    };
    expect(() => bridge.write(hostile)).not.toThrow();
    expect(() => bridge.write(null as never)).not.toThrow();
    expect(lines).toEqual([
      'a log record was not turned into an alert: getter exploded',
      expect.stringContaining('a log record was not turned into an alert'),
    ]);
  });

  it('close sends what the burst buffer holds and takes no more records', async () => {
    const { channel, bridge } = setup(
      {},
      { burst: { threshold: 5, buffer: '15m', cooldown: '15m' } },
    );
    bridge.write({ level: 50, msg: 'timeout' });
    bridge.write({ level: 50, msg: 'timeout' });
    await bridge.flush();
    expect(channel.received).toHaveLength(0); // held by the buffer
    await bridge.close(1000);
    expect(channel.received.map((a) => a.title)).toEqual(['2 alerts (sent on close)']);
    bridge.write({ level: 50, msg: 'after close' });
    expect(bridge.stats.ignored).toBe(1);
  });

  it("parses pino's lines only when they can become alerts, and carries drop counts over", async () => {
    const { channel, bridge, lines } = setup({ maxQueue: 10 });
    bridge.writeLine('{"level":30,"msg":"below the level, never parsed" BROKEN');
    for (let i = 0; i < 25; i++) bridge.writeLine(`{"level":50,"msg":"dropped ${i}" BROKEN`);
    for (let i = 0; i < 9; i++) bridge.writeLine(`{"level":50,"msg":"kept ${i}" BROKEN`);
    bridge.writeLine(JSON.stringify({ level: 'fatal', msg: 'disk gone', hostname: 'db-1' }));
    bridge.writeLine(JSON.stringify({ level: 50, msg: 'Tocsin talking', tocsin: true }));
    await bridge.flush();
    // 36 lines for 10 places: only the 8 broken ones kept were parsed (and reported), never the 26 dropped.
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(
      'a log line that is not JSON was ignored: {"level":50,"msg":"kept 1" BROKEN',
    );
    // The drops were due on the first kept line, which made no alert: the next alert says so.
    expect(channel.received.map((a) => [a.title, a.level, a.labels])).toEqual([
      ['disk gone', 30, { host: 'db-1' }],
    ]);
    expect(channel.received[0]?.body).toBe(
      '(26 earlier log alerts were dropped: the queue between the logger and Tocsin was full)',
    );
    expect(bridge.stats).toMatchObject({ dropped: 26, ignored: 1 });
  });

  it('flush and close are bounded in time, on the fake clock, when a delivery hangs', async () => {
    const clock = new FakeClock();
    const hung: Channel = {
      name: 'hung',
      send: (_alert, { signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    };
    const manager = new AlertManager({ logger: quiet, clock }).addChannel(hung, {
      maxRetries: 0,
      timeout: 60,
    });
    const lines: string[] = [];
    const bridge = new LogBridge(manager, { clock, fallback: (line) => lines.push(line) });
    bridge.write({ level: 50, msg: 'stuck' });
    let flushed = false;
    void bridge.flush(2000).then(() => {
      flushed = true;
    });
    await new Promise(setImmediate);
    await clock.advanceAsync(1999, 500);
    expect(flushed).toBe(false);
    await clock.advanceAsync(1, 1);
    await new Promise(setImmediate);
    expect(flushed).toBe(true);
    let closed = false;
    void bridge.close(3000).then(() => {
      closed = true;
    });
    // The queue and the manager's close get 3 s, and 1 s more for channels' close().
    for (let ms = 0; ms < 4000 && !closed; ms += 250) {
      await clock.advanceAsync(250, 250);
      await new Promise(setImmediate);
    }
    expect(closed).toBe(true);
    expect(clock.now()).toBeLessThanOrEqual(2000 + 4000);
    // The attempt itself is still hung (its own timeout is 60 s): the bridge stopped waiting, and says so.
    expect(lines).toEqual(['1 log alerts were not sent before the close timeout']);
  });

  it('refuses bad options, naming them', () => {
    const manager = new AlertManager({ logger: quiet });
    expect(() => new LogBridge(manager, { maxQueue: 0 })).toThrow(
      /`maxQueue` must be an integer from 1/,
    );
    expect(() => new LogBridge(manager, { labels: 'service' as never })).toThrow(
      /`labels` must be a list/,
    );
    expect(() => new LogBridge(manager, { minLevel: 'loud' })).toThrow(/`minLevel`/);
  });
});
