import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import type { AddChannelOptions } from '../alert-manager-options.js';
import type { CircuitEvent } from '../manager-events.js';

function setup(options: AddChannelOptions = {}) {
  const clock = new FakeClock();
  const warnings: string[] = [];
  const channel = new MemoryChannel({ name: 'slack' });
  const manager = new AlertManager({ clock, logger: { warn: (m) => warnings.push(m) } }).addChannel(
    channel,
    { maxRetries: 0, circuitBreaker: true, ...options },
  );
  const events: CircuitEvent[] = [];
  manager.on('circuit', (event) => events.push(event));
  const send = async (title = 'Disk full') => (await manager.send({ title }))[0];
  return { clock, channel, manager, events, warnings, send };
}

describe('circuit breaker', () => {
  it('opens after 5 channel failures in a row: alerts then stop at once, with no request', async () => {
    const { channel, manager, events, warnings, send } = setup();
    channel.failNext({ code: 'TOCSIN_NETWORK', message: 'slack: connect ECONNREFUSED' }, 5);
    for (let i = 0; i < 5; i++) expect((await send())?.status).toBe('failed');
    expect(events).toEqual([
      {
        channel: 'slack',
        state: 'open',
        previous: 'closed',
        reason: '5 failures in a row (last: TOCSIN_NETWORK)',
      },
    ]);
    expect(warnings).toEqual([
      'channel "slack": circuit open, alerts stop until a probe succeeds: 5 failures in a row (last: TOCSIN_NETWORK)',
    ]);
    const stopped = await send();
    expect(stopped).toMatchObject({
      status: 'circuit_open',
      success: false,
      attempts: 0,
      error: 'Circuit open (last failure: TOCSIN_NETWORK): not sent; next probe in 60 s',
    });
    expect(channel.attempts).toBe(5);
    const stats = manager.stats;
    expect(stats.totalCircuitOpen).toBe(1);
    expect(stats.byChannel.slack).toMatchObject({ failed: 5, circuitOpen: 1, circuit: 'open' });
  });

  it("counts only the channel's faults in a row: a refused message or a success does not open it", async () => {
    const { channel, manager, send } = setup({ circuitBreaker: { failureThreshold: 3 } });
    channel
      .failNext({ code: 'TOCSIN_REMOTE' }, 2)
      .failNext({ code: 'TOCSIN_REJECTED', retryable: false }, 3)
      .failNext({ code: 'TOCSIN_TIMEOUT' }, 1);
    for (let i = 0; i < 6; i++) await send();
    // 2 faults, 3 refusals (not the channel's fault: they neither count nor reset), 1 fault.
    expect(manager.stats.byChannel.slack?.circuit).toBe('open');

    const other = setup({ circuitBreaker: { failureThreshold: 3 } });
    other.channel.failNext({ code: 'TOCSIN_AUTH', retryable: false }, 2);
    await other.send();
    await other.send();
    await other.send(); // delivered: the count starts again
    other.channel.failNext({ code: 'TOCSIN_AUTH', retryable: false }, 2);
    await other.send();
    await other.send();
    expect(other.manager.stats.byChannel.slack?.circuit).toBe('closed');
  });

  it('half-open after the recovery time: one probe at a time; two delivered close it, a failed one opens it again', async () => {
    const { clock, channel, events, send } = setup({
      circuitBreaker: { failureThreshold: 1, recoveryTimeout: '30s', successThreshold: 2 },
    });
    channel.failNext({ code: 'TOCSIN_REMOTE', statusCode: 503 });
    await send();
    clock.advance(29_999);
    expect((await send())?.error).toBe(
      'Circuit open (last failure: TOCSIN_REMOTE): not sent; next probe in 1 s',
    );
    clock.advance(1);
    // Two at once: the first is the probe, the second waits for it.
    channel.failNext({ code: 'TOCSIN_REMOTE' });
    const [probe, waiting] = await Promise.all([send('probe'), send('waiting')]);
    expect([probe?.status, waiting?.status]).toEqual(['failed', 'circuit_open']);
    expect(waiting?.error).toBe('Circuit half-open: not sent while a probe is in flight');
    expect(events.map((e) => e.state)).toEqual(['open', 'half_open', 'open']);

    clock.advance(30_000);
    expect((await send('first probe'))?.status).toBe('sent');
    expect(events.at(-1)?.state).toBe('half_open');
    expect((await send('second probe'))?.status).toBe('sent');
    expect(events.at(-1)).toMatchObject({ state: 'closed', reason: '2 probes delivered' });
    expect((await send('normal again'))?.status).toBe('sent');
    expect(channel.received.map((a) => a.title)).toEqual([
      'first probe',
      'second probe',
      'normal again',
    ]);
  });

  it('stops digests too, counted as digests stopped by the circuit', async () => {
    const { clock, channel, manager } = setup({
      circuitBreaker: { failureThreshold: 1, recoveryTimeout: '1h' },
      group: { wait: 10, interval: 60 },
    });
    channel.failNext({ code: 'TOCSIN_NETWORK' });
    await manager.send([{ title: 'a' }, { title: 'b' }]);
    await clock.advanceAsync(10_000);
    await new Promise((resolve) => setImmediate(resolve));
    await manager.send([{ title: 'c' }, { title: 'd' }]);
    await clock.advanceAsync(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(manager.stats.digests).toMatchObject({ failed: 1, circuitOpen: 1, sent: 0 });
    expect(manager.stats.totalGrouped).toBe(4);
  });

  it('rejects bad options, naming them; clamps to the limits with a warning', () => {
    const manager = new AlertManager({ logger: { warn: () => {} } });
    expect(() =>
      manager.addChannel(new MemoryChannel(), { circuitBreaker: 'on' as never }),
    ).toThrow(/`circuitBreaker` must be true, false or \{ failureThreshold/);
    expect(() =>
      manager.addChannel(new MemoryChannel(), { circuitBreaker: { recoveryTimeout: 'soon' } }),
    ).toThrow(/`circuitBreaker.recoveryTimeout` must be seconds/);
  });

  it('for any sequence of outcomes and clock steps: each alert ends in one status, no request while open, the stats add up', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('ok' as const) }),
      fc.record({ kind: fc.constant('fault' as const) }),
      fc.record({ kind: fc.constant('refused' as const) }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const { clock, channel, manager } = setup({
          circuitBreaker: { failureThreshold: 3, recoveryTimeout: 30, successThreshold: 2 },
        });
        // The model of the breaker, step by step.
        let state = 'closed' as 'closed' | 'open' | 'half_open';
        let failures = 0;
        let successes = 0;
        let openedAt = 0;
        let accepted = 0;
        for (const s of steps) {
          if (s.kind === 'advance') {
            clock.advance(s.ms);
            continue;
          }
          if (state === 'open' && clock.now() - openedAt >= 30_000) state = 'half_open';
          const attempts = channel.attempts;
          // The channel is told how to answer only when a request will reach it.
          if (state !== 'open' && s.kind === 'fault') channel.failNext({ code: 'TOCSIN_NETWORK' });
          if (state !== 'open' && s.kind === 'refused')
            channel.failNext({ code: 'TOCSIN_REJECTED', retryable: false });
          const result = (await manager.send({ title: 'x' }))[0];
          accepted++;
          if (state === 'open') {
            expect(result?.status).toBe('circuit_open');
            expect(channel.attempts).toBe(attempts);
            continue;
          }
          expect(result?.status).toBe(s.kind === 'ok' ? 'sent' : 'failed');
          const open = () => {
            state = 'open';
            openedAt = clock.now();
            failures = successes = 0;
          };
          if (state === 'half_open') {
            if (s.kind === 'fault') open();
            else if (s.kind === 'ok' && ++successes >= 2) {
              state = 'closed';
              failures = successes = 0;
            }
          } else if (s.kind === 'ok') failures = 0;
          else if (s.kind === 'fault' && ++failures >= 3) open();
          expect(manager.stats.byChannel.slack?.circuit).toBe(state);
        }
        const c = manager.stats.byChannel.slack;
        expect((c?.sent ?? 0) + (c?.failed ?? 0) + (c?.circuitOpen ?? 0)).toBe(accepted);
        expect(manager.stats.totalAlerts).toBe(accepted);
      }),
      { numRuns: 100 },
    );
  });
});
