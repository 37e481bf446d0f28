import { inspect } from 'node:util';
import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import { describe, expect, it, vi } from 'vitest';
import { AlertManager } from './alert-manager.js';
import { AlertThrottle } from './alert-throttle.js';
import type { SendContext } from './channel.js';
import { AlertValidationError } from './errors/alert-validation-error.js';

const quiet = { warn: () => {} };
const fast = { baseDelay: 0.001, maxDelay: 0.005 };
const manager = () => new AlertManager({ logger: quiet, retry: fast });

describe('AlertManager routing', () => {
  it('sends to every matching channel and returns results in alert order, then registration order', async () => {
    const [a, b] = [new MemoryChannel({ name: 'a' }), new MemoryChannel({ name: 'b' })];
    const m = manager().addChannel(a).addChannel(b, { minLevel: 'critical' });
    const results = await m.send([
      { title: 'one', level: 'critical' },
      { title: 'two', level: 'info' },
      { title: 'three', level: 30 },
    ]);
    expect(results.map((r) => `${r.channel}:${r.status}`)).toEqual([
      'a:sent',
      'b:sent',
      'a:sent',
      'a:sent',
      'b:sent',
    ]);
    expect(a.received.map((x) => x.title)).toEqual(['one', 'two', 'three']);
    expect(b.received.map((x) => x.title)).toEqual(['one', 'three']);
    expect(results[0]?.alertId).toBe(results[1]?.alertId);
  });

  it('delivers to channels concurrently', async () => {
    const m = manager()
      .addChannel(new MemoryChannel({ name: 'a', delayMs: 150 }))
      .addChannel(new MemoryChannel({ name: 'b', delayMs: 150 }));
    const started = performance.now();
    await m.send({ title: 't' });
    expect(performance.now() - started).toBeLessThan(280);
  });

  it('runs the level filter before the throttle, so filtered alerts spend no tokens', async () => {
    const throttle = new AlertThrottle({ rate: 1, per: 60, logger: quiet });
    const ch = new MemoryChannel();
    const m = manager().addChannel(ch, { minLevel: 'warning', throttle });
    await m.send([
      { title: 'low', level: 'info' },
      { title: 'low2', level: 'success' },
    ]);
    expect(throttle.available).toBe(1);
    const [result] = await m.send({ title: 'high', level: 'warning' });
    expect(result?.status).toBe('sent');
    expect(m.stats.byChannel.memory).toMatchObject({ filtered: 2, sent: 1 });
  });

  it('gives a throttled result, never blocking, when the bucket is empty', async () => {
    const ch = new MemoryChannel();
    const m = manager().addChannel(ch, { throttle: { rate: 2, per: 60 } });
    const results = await m.send([{ title: '1' }, { title: '2' }, { title: '3' }]);
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'throttled']);
    expect(results[2]).toMatchObject({ success: false, attempts: 0, error: 'Rate limit exceeded' });
    expect(ch.attempts).toBe(2);
  });

  it('shares one bucket between entries given the same AlertThrottle', async () => {
    const throttle = new AlertThrottle({ rate: 1, per: 60, logger: quiet });
    const m = manager()
      .addChannel(new MemoryChannel({ name: 'a' }), { throttle })
      .addChannel(new MemoryChannel({ name: 'b' }), { throttle });
    const results = await m.send({ title: 'x' });
    expect(results.map((r) => r.status)).toEqual(['sent', 'throttled']);
  });

  it('targets one channel by key, then alias, then name, skipping the level filter', async () => {
    const [a, b, c] = [
      new MemoryChannel({ name: 'slack' }),
      new MemoryChannel({ name: 'slack' }),
      new MemoryChannel({ name: 'email' }),
    ];
    const m = manager()
      .addChannel(a, { minLevel: 'critical' })
      .addChannel(b, { key: 'ops', alias: 'email', minLevel: 'critical' })
      .addChannel(c, { key: 'mail', minLevel: 'critical' });
    expect(m.channels).toEqual(['slack', 'ops', 'mail']);
    expect((await m.send({ title: 'k' }, { channel: 'ops' })).map((r) => r.channel)).toEqual([
      'ops',
    ]);
    // alias beats name: 'email' is b's alias and c's name
    expect((await m.send({ title: 'a' }, { channel: 'email' })).map((r) => r.channel)).toEqual([
      'ops',
    ]);
    // name matches every entry with it
    expect((await m.send({ title: 'n' }, { channel: 'slack' })).map((r) => r.channel)).toEqual([
      'slack',
    ]);
    expect(b.received.map((x) => x.title)).toEqual(['k', 'a']);
    await expect(m.send({ title: 'x' }, { channel: 'pager' })).rejects.toThrow(
      'No channel matches "pager" by key, alias or name (keys: slack, ops, mail)',
    );
  });

  it('keys two channels with one name apart, and never merges their stats', async () => {
    const m = manager()
      .addChannel(new MemoryChannel({ name: 'slack' }))
      .addChannel(new MemoryChannel({ name: 'slack' }));
    await m.send({ title: 'x' });
    expect(Object.keys(m.stats.byChannel)).toEqual(['slack', 'slack-2']);
    expect(m.stats.byChannel['slack-2']?.sent).toBe(1);
  });

  it('refuses a duplicate explicit key and removes by key', async () => {
    const m = manager().addChannel(new MemoryChannel(), { key: 'x' });
    expect(() => m.addChannel(new MemoryChannel(), { key: 'x' })).toThrow('already registered');
    expect(m.removeChannel('x')).toBe(true);
    expect(m.removeChannel('x')).toBe(false);
    expect(await m.send({ title: 'nobody' })).toEqual([]);
  });

  it('rejects an invalid alert with AlertValidationError naming the field, and delivers nothing of the batch', async () => {
    const ch = new MemoryChannel();
    const m = manager().addChannel(ch);
    const error = await m
      // @ts-expect-error: a label value must be a string, number or boolean
      .send([{ title: 'fine' }, { title: 'ok', labels: { host: {} } }])
      .catch((e: unknown) => e);
    expect(AlertValidationError.isInstance(error)).toBe(true);
    expect((error as AlertValidationError).field).toBe('[1].labels.host');
    await expect(m.send({ title: '   ' })).rejects.toThrow(
      'Invalid alert: `title` must be a non-empty string',
    );
    // @ts-expect-error: 'loud' is no level, for the compiler too
    await expect(m.send({ title: 't', level: 'loud' })).rejects.toThrow(
      '`level` must be one of INFO',
    );
    // @ts-expect-error: an alert is an object
    await expect(m.send('just a string')).rejects.toThrow(AlertValidationError);
    expect(ch.attempts).toBe(0);
  });

  it('checks channel options: levels by name, limits clamped with a warning naming the source', () => {
    const warnings: string[] = [];
    const m = new AlertManager({ logger: { warn: (w) => warnings.push(w) } });
    m.addChannel(new MemoryChannel(), { key: 'k', timeout: 500, maxRetries: 9 });
    expect(warnings).toEqual([
      'channel.timeout 500 (from addChannel("k") options) is above the maximum 120; using 120',
      'channel.max_retries 9 (from addChannel("k") options) is above the maximum 5; using 5',
    ]);
    // @ts-expect-error: 'loud' is no level
    expect(() => m.addChannel(new MemoryChannel(), { minLevel: 'loud' })).toThrow(
      '`minLevel` must be one of',
    );
    expect(() => m.addChannel(new MemoryChannel(), { timeout: Number.NaN })).toThrow('finite');
    expect(() => m.addChannel({} as never)).toThrow(TypeError);
  });
});

describe('AlertManager delivery', () => {
  it('retries retryable failures up to maxRetries, then fails with the reason', async () => {
    const ch = new MemoryChannel().failNext({ message: 'upstream 503' }, 10);
    const m = manager().addChannel(ch, { maxRetries: 3 });
    const [result] = await m.send({ title: 't' });
    expect(result).toMatchObject({ status: 'failed', attempts: 4, error: 'upstream 503' });
    expect(m.stats).toMatchObject({ totalFailed: 1, totalRetries: 3 });
  });

  it('succeeds after retryable failures, counting attempts and retries', async () => {
    const ch = new MemoryChannel().failNext({}, 2);
    const m = manager().addChannel(ch);
    const [result] = await m.send({ title: 't' });
    expect(result).toMatchObject({ status: 'sent', attempts: 3, messageId: 'memory-1' });
    expect(ch.contexts.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it('carries the recipients a remote refused into the result', async () => {
    const partial = {
      name: 'mail',
      send: async () => ({ messageId: '<m1>', rejected: ['gone@example.com'] }),
    };
    const [result] = await manager().addChannel(partial).send({ title: 't' });
    expect(result).toMatchObject({
      status: 'sent',
      messageId: '<m1>',
      rejected: ['gone@example.com'],
    });
  });

  it('reads a loosely typed receipt from a JavaScript channel without hanging the send', async () => {
    const loose = {
      name: 'loose',
      send: async () => ({ messageId: 42, rejected: 'not-a-list' }) as never,
    };
    const nothing = { name: 'nothing', send: async () => null as never };
    const results = await manager().addChannel(loose).addChannel(nothing).send({ title: 't' });
    expect(results[0]).toEqual(expect.objectContaining({ status: 'sent', messageId: '42' }));
    expect(results[0]).not.toHaveProperty('rejected');
    expect(results[1]).toMatchObject({ status: 'sent' });
    expect(results[1]).not.toHaveProperty('messageId');
  });

  it('resolves a send whose every channel filtered the alert out, with no results', async () => {
    const ch = new MemoryChannel();
    const m = manager().addChannel(ch, { minLevel: 'critical' });
    expect(await m.send({ title: 't', level: 'info' })).toEqual([]);
    expect(m.stats.totalFiltered).toBe(1);
    await m.close();
  });

  it('never retries a non-retryable failure', async () => {
    const ch = new MemoryChannel().failNext({
      retryable: false,
      statusCode: 400,
      message: 'bad payload',
    });
    const m = manager().addChannel(ch, { maxRetries: 5 });
    const [result] = await m.send({ title: 't' });
    expect(result).toMatchObject({ status: 'failed', attempts: 1, error: 'bad payload' });
  });

  it('honours Retry-After', async () => {
    const ch = new MemoryChannel().failNext({ retryAfter: 0.3 });
    const m = manager().addChannel(ch);
    const started = performance.now();
    const [result] = await m.send({ title: 't' });
    expect(result?.attempts).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });

  it('bounds each attempt by the timeout and aborts the signal the channel was given', async () => {
    const ch = new MemoryChannel().hangNext();
    const m = manager().addChannel(ch, { timeout: 1, maxRetries: 0 });
    const started = performance.now();
    const [result] = await m.send({ title: 't' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(result).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'memory: no answer within 1 s (attempt 1)',
    });
    expect(ch.contexts[0]?.signal.aborted).toBe(true);
    expect(ch.contexts[0]?.timeoutMs).toBe(1000);
  });

  it('follows an injected clock: a hung attempt times out when its time reaches the deadline', async () => {
    const clock = new FakeClock();
    const ch = new MemoryChannel().hangNext();
    const m = new AlertManager({ logger: quiet, clock }).addChannel(ch, {
      timeout: 60,
      maxRetries: 0,
    });
    const sending = m.send({ title: 't' });
    clock.advance(59_999);
    expect(ch.contexts[0]?.signal.aborted).toBe(false);
    clock.advance(1);
    const [result] = await sending;
    expect(result).toMatchObject({
      status: 'failed',
      error: 'memory: no answer within 60 s (attempt 1)',
    });
    // Durations are read from the same clock.
    expect(result?.durationMs).toBe(60_000);
  });

  it("does not look at a test's fake timers: real time and real timers drive a manager given no clock", async () => {
    vi.useFakeTimers();
    try {
      const ch = new MemoryChannel();
      const m = manager().addChannel(ch);
      const [result] = await m.send({ title: 't' });
      expect(result?.status).toBe('sent');
      expect(result?.durationMs).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a channel log and serialise its context while other attempts are in flight', async () => {
    const seen: string[] = [];
    const logging = {
      name: 'logging',
      async send(_alert: unknown, context: SendContext) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(JSON.stringify(context), inspect(context));
      },
    };
    const m = manager().addChannel(logging);
    const results = await Promise.all([m.send({ title: 'a' }), m.send({ title: 'b' })]);
    expect(results.flat().map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(JSON.parse(seen[0] as string)).toEqual({
      attempt: 1,
      timeoutMs: 30_000,
      signal: { aborted: false },
    });
    // Neither form shows the manager's state behind the context (list links, outcome).
    for (const text of seen) expect(text).not.toMatch(/prev|next|linked|outcome|Attempt/);
  });

  it("takes the attempt timeout from addChannel, else the channel's own timeout, else the default", async () => {
    const own = Object.assign(new MemoryChannel({ name: 'own' }), { timeout: 7 });
    const m = manager()
      .addChannel(own)
      .addChannel(own, { key: 'explicit', timeout: 3 })
      .addChannel(new MemoryChannel());
    await m.send({ title: 't' });
    expect(own.contexts.map((c) => c.timeoutMs).sort()).toEqual([3000, 7000]);
  });

  it('retries a timed-out attempt (timeouts are retryable)', async () => {
    const ch = new MemoryChannel().hangNext();
    const m = manager().addChannel(ch, { timeout: 1, maxRetries: 1 });
    const [result] = await m.send({ title: 't' });
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('turns anything a channel throws into a failed result, never a rejection', async () => {
    const broken = {
      name: 'broken',
      send() {
        throw new Error('kaboom https://user:pw@example.com/hook/tok?key=123');
      },
    };
    const refused = {
      name: 'refused',
      async send() {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
          code: 'ECONNREFUSED',
        });
      },
    };
    const m = manager().addChannel(broken).addChannel(refused, { maxRetries: 1 });
    const results = await m.send({ title: 't' });
    expect(results[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'broken: kaboom https://example.com/***/***?***',
    });
    expect(results[1]).toMatchObject({ status: 'failed', attempts: 2 });
  });
});

describe('AlertManager stats', () => {
  it('adds up: every accepted (alert, channel) pair is sent, failed, throttled or filtered', async () => {
    const ok = new MemoryChannel({ name: 'ok' });
    const bad = new MemoryChannel({ name: 'bad' }).failNext({ retryable: false }, 100);
    const m = manager()
      .addChannel(ok, { throttle: { rate: 3, per: 60 } })
      .addChannel(bad, { minLevel: 'error' });
    const alerts = Array.from({ length: 10 }, (_, i) => ({
      title: `a${i}`,
      level: i % 2 ? ('critical' as const) : ('info' as const),
    }));
    const results = await m.send(alerts);
    const s = m.stats;
    expect(s.totalAlerts).toBe(10);
    expect(s.totalSent + s.totalFailed + s.totalThrottled + s.totalFiltered).toBe(10 * 2);
    expect(results).toHaveLength(s.totalSent + s.totalFailed + s.totalThrottled);
    expect(s.byChannel.ok).toMatchObject({ sent: 3, throttled: 7, filtered: 0 });
    expect(s.byChannel.bad).toMatchObject({
      failed: 5,
      filtered: 5,
      lastError: 'bad: simulated failure',
    });
    expect(s.byChannel.ok?.latency.samples).toBe(3);
    expect(s.byChannel.ok?.latency.p50).toEqual(expect.any(Number));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('keeps latency over a bounded window and reports p50/p95', async () => {
    const m = new AlertManager({ logger: quiet, latencyWindow: 4 }).addChannel(new MemoryChannel());
    for (let i = 0; i < 6; i++) await m.send({ title: `${i}` });
    expect(m.stats.byChannel.memory?.latency.samples).toBe(4);
  });

  it('resetStats() zeroes every counter', async () => {
    const m = manager().addChannel(new MemoryChannel());
    await m.send({ title: 't' });
    m.resetStats();
    expect(m.stats).toMatchObject({ totalAlerts: 0, totalSent: 0 });
    expect(m.stats.byChannel.memory).toMatchObject({ sent: 0, latency: { samples: 0, p50: null } });
  });

  it('resetStats() during a delivery: its outcome counts in the totals as in its channel', async () => {
    const m = manager().addChannel(new MemoryChannel({ delayMs: 50 }));
    const sending = m.send({ title: 't' });
    m.resetStats();
    await sending;
    expect(m.stats).toMatchObject({ totalSent: 1, byChannel: { memory: { sent: 1 } } });
  });
});

describe('AlertManager.close', () => {
  it('close({ timeout }) ends retries still waiting as failed, counted, with the reason', async () => {
    const clock = new FakeClock();
    const ch = new MemoryChannel().failNext({ retryable: true, retryAfter: 60, message: 'busy' });
    const m = new AlertManager({ logger: quiet, clock }).addChannel(ch, { maxRetries: 3 });
    const sending = m.send({ title: 't' });
    await Promise.resolve();
    let closed = false;
    const closing = m.close({ timeout: 5 }).then(() => {
      closed = true;
    });
    await clock.advanceAsync(4_999);
    expect(closed).toBe(false);
    await clock.advanceAsync(1);
    const [result] = await sending;
    await closing;
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result?.error).toMatch(
      /busy; not retried: the manager closed \(close timeout passed\) before retry 1$/,
    );
    expect(m.stats).toMatchObject({ totalFailed: 1, totalSent: 0 });
    expect(ch.attempts).toBe(1);
  });

  it('close({ timeout }) takes seconds >= 0', () => {
    expect(() => manager().close({ timeout: -1 })).toThrow(RangeError);
  });

  it('waits for deliveries in flight, closes each channel once, then refuses sends', async () => {
    const slow = new MemoryChannel({ name: 'slow', delayMs: 200 });
    const m = manager().addChannel(slow).addChannel(slow, { key: 'again' });
    const sending = m.send({ title: 'in flight' });
    await Promise.resolve();
    const closing = m.close();
    await expect(m.send({ title: 'late' })).rejects.toThrow('AlertManager is closed');
    expect(slow.closed).toBe(0);
    const results = await sending;
    await closing;
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(slow.closed).toBe(1);
    await m.close();
    expect(slow.closed).toBe(1);
    expect(() => m.addChannel(new MemoryChannel())).toThrow('closed');
  });

  it('reports a channel whose close() fails, and still closes the others', async () => {
    const warnings: string[] = [];
    const good = new MemoryChannel({ name: 'good' });
    const bad = {
      name: 'bad',
      send: async () => undefined,
      close: async () => Promise.reject(new Error('pool stuck')),
    };
    const m = new AlertManager({ logger: { warn: (w) => warnings.push(w) } })
      .addChannel(bad)
      .addChannel(good);
    await m.close();
    expect(good.closed).toBe(1);
    expect(warnings).toEqual(['closing channel "bad" failed: pool stuck']);
  });
});
