import { FakeClock, MemoryChannel } from '@tocsin/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertManager } from '../alert-manager.js';
import type { AddChannelOptions } from '../alert-manager-options.js';
import { sendFailures } from '../alert-result.js';
import type { AlertStats } from '../alert-stats.js';

const REFUSED = { code: 'TOCSIN_NETWORK', message: 'connect ECONNREFUSED' } as const;

function setup(slackOptions: AddChannelOptions = { fallback: ['email', 'sms'] }) {
  const clock = new FakeClock();
  const slack = new MemoryChannel({ name: 'slack' });
  const email = new MemoryChannel({ name: 'email' });
  const sms = new MemoryChannel({ name: 'sms' });
  const manager = new AlertManager({ clock, logger: { warn() {} } })
    .addChannel(slack, { maxRetries: 0, ...slackOptions })
    .addChannel(email, { maxRetries: 0, fallbackOnly: true })
    .addChannel(sms, { maxRetries: 0, fallbackOnly: true });
  return { clock, slack, email, sms, manager };
}

describe('fallback tiers', () => {
  it('sends to the next tier when the entry fails for good, and says which tier delivered it', async () => {
    const { slack, email, sms, manager } = setup();
    slack.failNext(REFUSED);
    const [result, ...others] = await manager.send({ title: 'Disk full', level: 'critical' });
    expect(others).toEqual([]); // fallback-only entries filter it: no results
    expect(result).toMatchObject({
      channel: 'slack',
      status: 'sent',
      success: true,
      tier: 1,
      deliveredBy: 'email',
      attempts: 2,
      error: 'connect ECONNREFUSED',
    });
    expect(email.received.map((a) => a.title)).toEqual(['Disk full']);
    expect(sms.received).toEqual([]);
    const stats = manager.stats;
    expect(stats).toMatchObject({ totalAlerts: 1, totalSent: 1, totalFailed: 0 });
    expect(stats.fallbacks).toEqual({ sent: 1, failed: 0, throttled: 0, circuitOpen: 0 });
    expect(stats.byChannel.slack).toMatchObject({
      sent: 1,
      failed: 0,
      lastError: 'connect ECONNREFUSED',
    });
    expect(stats.byChannel.email).toMatchObject({
      sent: 0,
      filtered: 1,
      fallback: { sent: 1, failed: 0 },
    });
  });

  it('walks every tier in order, and fails with each reason when none delivers', async () => {
    const { slack, email, sms, manager } = setup();
    slack.failNext(REFUSED);
    email.failNext({ code: 'TOCSIN_REMOTE', message: 'email: 451 try later' });
    sms.failNext({ code: 'TOCSIN_REJECTED', message: 'sms: 400 bad number', retryable: false });
    const [result] = await manager.send({ title: 'Disk full' });
    expect(result).toMatchObject({ status: 'failed', success: false, attempts: 3 });
    expect(result?.error).toBe(
      'connect ECONNREFUSED; fallback email: email: 451 try later; fallback sms: sms: 400 bad number',
    );
    expect(result?.tier).toBeUndefined();
    expect(sendFailures([result!])).toHaveLength(1);
    const stats = manager.stats;
    expect(stats).toMatchObject({ totalSent: 0, totalFailed: 1 });
    expect(stats.fallbacks).toMatchObject({ sent: 0, failed: 2 });
  });

  it('falls back at once while the circuit is open, with no request to the broken channel', async () => {
    const { slack, email, manager } = setup({
      fallback: 'email',
      circuitBreaker: { failureThreshold: 1 },
    });
    slack.failNext(REFUSED);
    await manager.send({ title: 'first' });
    const before = slack.attempts;
    const [result] = await manager.send({ title: 'second' });
    expect(slack.attempts).toBe(before);
    expect(result).toMatchObject({ status: 'sent', tier: 1, deliveredBy: 'email' });
    expect(result?.error).toMatch(/^Circuit open/);
    expect(email.received.map((a) => a.title)).toEqual(['first', 'second']);
    expect(manager.stats).toMatchObject({ totalSent: 2, totalCircuitOpen: 0 });
  });

  it('skips a tier whose channel took the alert itself, so nobody gets it twice', async () => {
    const clock = new FakeClock();
    const slack = new MemoryChannel({ name: 'slack' });
    const email = new MemoryChannel({ name: 'email' });
    const manager = new AlertManager({ clock })
      .addChannel(slack, { maxRetries: 0, fallback: 'email' })
      .addChannel(email, { maxRetries: 0, minLevel: 'critical' });
    slack.failNext(REFUSED).failNext(REFUSED);
    const critical = await manager.send({ title: 'down', level: 'critical' });
    expect(critical.map((r) => [r.channel, r.status])).toEqual([
      ['slack', 'failed'],
      ['email', 'sent'],
    ]);
    expect(email.received).toHaveLength(1);
    // A warning is below email's level: email takes it only as slack's fallback.
    const [warning] = await manager.send({ title: 'slow', level: 'warning' });
    expect(warning).toMatchObject({ status: 'sent', deliveredBy: 'email' });
    expect(email.received.map((a) => a.title)).toEqual(['down', 'slow']);
    // Sent to slack by name, the alert reached no one else: email takes it as a fallback.
    slack.failNext(REFUSED);
    const [named] = await manager.send(
      { title: 'by name', level: 'critical' },
      { channel: 'slack' },
    );
    expect(named).toMatchObject({ status: 'sent', deliveredBy: 'email' });
  });

  it('says so when a tier names no channel, and goes on to the next', async () => {
    const { slack, sms, manager } = setup({ fallback: ['pager', 'sms'] });
    slack.failNext(REFUSED);
    const [result] = await manager.send({ title: 'x' });
    expect(result).toMatchObject({ status: 'sent', tier: 2, deliveredBy: 'sms' });
    expect(sms.received).toHaveLength(1);
    slack.failNext(REFUSED);
    sms.failNext(REFUSED);
    const [failed] = await manager.send({ title: 'y' });
    expect(failed?.error).toContain('fallback pager: no channel has this key, alias or name');
  });

  it('keeps the tier throttle: a tier out of tokens is a reason, and the next tier is tried', async () => {
    const clock = new FakeClock();
    const slack = new MemoryChannel({ name: 'slack' });
    const email = new MemoryChannel({ name: 'email' });
    const sms = new MemoryChannel({ name: 'sms' });
    const manager = new AlertManager({ clock })
      .addChannel(slack, { maxRetries: 0, fallback: ['email', 'sms'] })
      .addChannel(email, { fallbackOnly: true, throttle: { rate: 1, per: 60, burst: 1, clock } })
      .addChannel(sms, { fallbackOnly: true });
    slack.failNext(REFUSED, 2);
    await manager.send({ title: 'one' });
    const [second] = await manager.send({ title: 'two' });
    expect(second).toMatchObject({ status: 'sent', tier: 2, deliveredBy: 'sms' });
    expect(second?.error).toBe('connect ECONNREFUSED'); // why slack itself did not deliver it
    expect(manager.stats.byChannel.email?.fallback).toMatchObject({ sent: 1, throttled: 1 });
  });

  it('sends a digest that failed to the tier as well', async () => {
    const clock = new FakeClock();
    const slack = new MemoryChannel({ name: 'slack' });
    const email = new MemoryChannel({ name: 'email' });
    const manager = new AlertManager({ clock })
      .addChannel(slack, { maxRetries: 0, fallback: 'email', group: { wait: '10s' } })
      .addChannel(email, { fallbackOnly: true });
    const digests: string[] = [];
    manager.on('digest', (event) =>
      digests.push(`${event.result.status}:${event.result.deliveredBy}`),
    );
    slack.failNext(REFUSED);
    await manager.send([{ title: 'a' }, { title: 'b' }]);
    await clock.advanceAsync(10_000);
    await manager.close();
    expect(digests).toEqual(['sent:email']);
    expect(email.received).toHaveLength(1);
    expect(manager.stats.digests).toMatchObject({ sent: 1, failed: 0 });
  });

  it('marks the results of an optional entry: its failure alone does not fail the send', async () => {
    const clock = new FakeClock();
    const chat = new MemoryChannel({ name: 'chat' });
    const pager = new MemoryChannel({ name: 'pager' });
    const manager = new AlertManager({ clock })
      .addChannel(chat, { maxRetries: 0, optional: true })
      .addChannel(pager, { maxRetries: 0 });
    chat.failNext(REFUSED);
    const results = await manager.send({ title: 'x' });
    expect(results.map((r) => [r.channel, r.status, r.optional])).toEqual([
      ['chat', 'failed', true],
      ['pager', 'sent', undefined],
    ]);
    expect(sendFailures(results)).toEqual([]);
    pager.failNext(REFUSED);
    expect(sendFailures(await manager.send({ title: 'y' })).map((r) => r.channel)).toEqual([
      'pager',
    ]);
  });

  it('rejects a bad `fallback` option', () => {
    const manager = new AlertManager();
    expect(() =>
      manager.addChannel(new MemoryChannel(), { fallback: [''] as unknown as string[] }),
    ).toThrow(/`fallback` must be an entry key/);
  });

  it('property: every alert ends in one status and the stats add up, whatever fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            slack: fc.boolean(),
            email: fc.boolean(),
            sms: fc.boolean(),
            level: fc.constantFrom('info', 'warning', 'critical'),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        async (plan) => {
          const clock = new FakeClock();
          const slack = new MemoryChannel({ name: 'slack' });
          const email = new MemoryChannel({ name: 'email' });
          const sms = new MemoryChannel({ name: 'sms' });
          const manager = new AlertManager({ clock, logger: { warn() {} } })
            .addChannel(slack, {
              maxRetries: 0,
              fallback: ['email', 'sms'],
              circuitBreaker: { failureThreshold: 3 },
            })
            .addChannel(email, { maxRetries: 0, minLevel: 'critical' })
            .addChannel(sms, { maxRetries: 0, fallbackOnly: true });
          let reachedSomeone = 0;
          for (const step of plan) {
            const before = slack.received.length + email.received.length + sms.received.length;
            if (step.slack) slack.failNext(REFUSED);
            if (step.email) email.failNext(REFUSED);
            if (step.sms) sms.failNext(REFUSED);
            const results = await manager.send({ title: 't', level: step.level });
            const slackResult = results.find((r) => r.channel === 'slack');
            const after = slack.received.length + email.received.length + sms.received.length;
            if (slackResult?.status === 'sent') reachedSomeone++;
            // A sent result means some channel received it; none received it twice.
            if (slackResult?.status === 'sent') expect(after).toBeGreaterThan(before);
            expect(after - before).toBeLessThanOrEqual(2);
            // A failure queued on a channel the alert never reached stays for a later step.
            await clock.advanceAsync(61_000);
          }
          const stats: AlertStats = manager.stats;
          for (const [key, entry] of Object.entries(stats.byChannel)) {
            const ended =
              entry.sent +
              entry.failed +
              entry.throttled +
              entry.filtered +
              entry.circuitOpen +
              entry.deduplicated +
              entry.grouped +
              entry.silenced +
              entry.inhibited +
              entry.muted;
            expect(ended, key).toBe(plan.length);
          }
          expect(stats.byChannel.slack?.sent).toBe(reachedSomeone);
          await manager.close();
        },
      ),
      { numRuns: 100 },
    );
  });
});
