import { AlertManager } from '@tocsin/core';
import { FakeClock, quietLogger } from '@tocsin/test-kit';
import { useFakeHttpChannel } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { WebhookChannel } from '../src/index.js';
import { webhookReplies } from './webhook-replies.js';

const fake = useFakeHttpChannel(
  { defaultReply: webhookReplies.ok },
  (server) => new WebhookChannel({ url: `${server.url}/hooks/in` }),
);

describe('a circuit breaker in front of a receiver that is down', () => {
  it('stops sending after 3 failures in a row; probes after the recovery time; closes when it answers again', async () => {
    fake.server.setDefault(webhookReplies.serverError);
    const clock = new FakeClock();
    const manager = new AlertManager({ logger: quietLogger, clock }).addChannel(fake.channel, {
      maxRetries: 0,
      circuitBreaker: { failureThreshold: 3, recoveryTimeout: 30, successThreshold: 1 },
    });
    const statuses: string[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(...(await manager.send({ title: `Disk full ${i}` })).map((r) => r.status));
    expect(statuses).toEqual([...Array(3).fill('failed'), ...Array(7).fill('circuit_open')]);
    // The receiver saw the three that failed, and nothing while the circuit was open.
    expect(fake.server.requests).toHaveLength(3);

    fake.server.setDefault(webhookReplies.ok);
    clock.advance(30_000);
    const [probe] = await manager.send({ title: 'Disk full: probe' });
    expect(probe?.status).toBe('sent');
    const [after] = await manager.send({ title: 'Disk full: after' });
    expect(after?.status).toBe('sent');
    expect(fake.server.requests.map((r) => (r.json() as { title: string }).title).slice(3)).toEqual(
      ['Disk full: probe', 'Disk full: after'],
    );
    expect(manager.stats.byChannel.webhook).toMatchObject({
      failed: 3,
      circuitOpen: 7,
      sent: 2,
      circuit: 'closed',
    });
  });

  it('a receiver that refuses the message (400) does not open it', async () => {
    fake.server.setDefault(webhookReplies.badRequest);
    const manager = new AlertManager({ logger: quietLogger }).addChannel(fake.channel, {
      maxRetries: 0,
      circuitBreaker: { failureThreshold: 2 },
    });
    for (let i = 0; i < 4; i++) await manager.send({ title: `Bad ${i}` });
    expect(fake.server.requests).toHaveLength(4);
    expect(manager.stats.byChannel.webhook?.circuit).toBe('closed');
  });
});
