import { AlertManager } from '@tocsin/core';
import { fixedAlert, quietLogger, refusedUrl } from '@tocsin/test-kit';
import { useFakeHttpChannel } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { WebhookChannel } from '../src/index.js';
import { webhookReplies } from './webhook-replies.js';

const fake = useFakeHttpChannel(
  { defaultReply: webhookReplies.ok },
  (server) => new WebhookChannel({ url: `${server.url}/hooks/in` }),
);

describe('retries through AlertManager', () => {
  it('429 with Retry-After: 1, then 200: sent after 2 attempts, at least 1 s later', async () => {
    fake.server.reply(webhookReplies.rateLimited(1));
    const manager = new AlertManager({ logger: quietLogger }).addChannel(fake.channel, {
      maxRetries: 2,
    });
    const started = performance.now();
    const [result] = await manager.send(fixedAlert());
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: 'sent', success: true, attempts: 2 });
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(result?.durationMs).toBeGreaterThanOrEqual(1000);
    expect(fake.server.requests).toHaveLength(2);
    expect(manager.stats.totalRetries).toBe(1);
  });

  it('a retried alert carries the same idempotency-key on every attempt', async () => {
    fake.server.reply(webhookReplies.serverError);
    const manager = new AlertManager({ logger: quietLogger, retry: { baseDelay: 0 } }).addChannel(
      fake.channel,
    );
    const [result] = await manager.send({ title: 'Disk full', level: 'error' });
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    const keys = fake.server.requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toEqual([result?.alertId, result?.alertId]);
    expect(keys[0]).toEqual(expect.any(String));
  });

  it('each alert gets its own idempotency-key', async () => {
    const manager = new AlertManager({ logger: quietLogger }).addChannel(fake.channel);
    await manager.send([{ title: 'one' }, { title: 'two' }]);
    const keys = new Set(fake.server.requests.map((request) => request.headers['idempotency-key']));
    expect(keys.size).toBe(2);
  });

  it.each([
    ['400', webhookReplies.badRequest],
    ['401', webhookReplies.unauthorized],
    ['404', webhookReplies.notFound],
    ['302', webhookReplies.redirect('/elsewhere')],
  ])('a permanent failure (%s) is tried once', async (_status, reply) => {
    fake.server.setDefault(reply);
    const manager = new AlertManager({ logger: quietLogger, retry: { baseDelay: 0 } }).addChannel(
      fake.channel,
      {
        maxRetries: 3,
      },
    );
    const [result] = await manager.send(fixedAlert());
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(fake.server.requests).toHaveLength(1);
  });

  it('a retryable failure that lasts uses every attempt, then fails with the last reason', async () => {
    fake.server.setDefault(webhookReplies.unavailable);
    const manager = new AlertManager({ logger: quietLogger, retry: { baseDelay: 0 } }).addChannel(
      fake.channel,
      {
        maxRetries: 2,
      },
    );
    const [result] = await manager.send(fixedAlert());
    expect(result).toMatchObject({ status: 'failed', attempts: 3 });
    expect(result?.error).toContain('answered 503 Service Unavailable');
    expect(fake.server.requests).toHaveLength(3);
  });

  it('a refused port is retried, then reported', async () => {
    await fake.channel.close();
    fake.channel = new WebhookChannel({ url: `${await refusedUrl()}/hooks/in` });
    const manager = new AlertManager({ logger: quietLogger, retry: { baseDelay: 0 } }).addChannel(
      fake.channel,
      {
        maxRetries: 1,
      },
    );
    const [result] = await manager.send(fixedAlert());
    expect(result).toMatchObject({ status: 'failed', attempts: 2 });
    expect(result?.error).toContain('ECONNREFUSED');
  });
});
