import { AlertManager, DeliveryError } from '@tocsin/core';
import {
  deliverWithRetries,
  deliveryFailure,
  type FakeReply,
  fixedAlert,
  quietLogger,
  refusedUrl,
  rejectionOf,
  sendContext,
} from '@tocsin/test-kit';
import { useFakeHttpChannel } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { secretsFor, slackChannel } from './harness.js';
import { slackReplies } from './slack-replies.js';

const fake = useFakeHttpChannel({ defaultReply: slackReplies.ok }, (server) =>
  slackChannel(server),
);

/** Send one alert straight to the channel with `reply` queued; return the DeliveryError. */
async function failure(reply: FakeReply): Promise<DeliveryError> {
  fake.server.reply(reply);
  const send = fake.channel.send(fixedAlert(), sendContext());
  const error = await deliveryFailure(send, secretsFor(fake.server));
  expect(error.channel).toBe('slack');
  return error;
}

describe('SlackChannel error mapping (fake Slack answers)', () => {
  it('200 ok: resolves, without a message id (incoming webhooks give none)', async () => {
    await expect(fake.channel.send(fixedAlert(), sendContext())).resolves.toEqual({});
    expect(fake.server.requests).toHaveLength(1);
  });

  it('400 invalid_payload: not retryable, Slack reason in the message', async () => {
    const error = await failure(slackReplies.invalidPayload);
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 400,
      code: 'TOCSIN_REJECTED',
      reason: 'invalid_payload',
    });
    expect(error.message).toContain('HTTP 400 invalid_payload');
    expect(error.retryAfter).toBeUndefined();
  });

  it('403 action_prohibited: not retryable', async () => {
    const error = await failure(slackReplies.forbidden);
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 403,
      code: 'TOCSIN_AUTH',
      reason: 'action_prohibited',
    });
    expect(error.message).toContain('HTTP 403 action_prohibited');
  });

  it('404 no_service: not retryable, tells to create a new webhook', async () => {
    const error = await failure(slackReplies.noService);
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 404,
      code: 'TOCSIN_REJECTED',
      reason: 'no_service',
    });
    expect(error.message).toContain('HTTP 404 no_service');
    expect(error.message).toContain('`webhookUrl`');
  });

  it('410 channel_is_archived: not retryable', async () => {
    const error = await failure(slackReplies.channelArchived);
    expect(error).toMatchObject({ retryable: false, statusCode: 410, code: 'TOCSIN_REJECTED' });
    expect(error.reason).toBe('channel_is_archived');
    expect(error.message).toContain('HTTP 410 channel_is_archived');
  });

  it('a Slack token echoed in an answer is masked in the message and the reason', async () => {
    const error = await failure({ status: 400, body: 'invalid_token xoxb-1234-5678-abcdef' });
    expect(error.message).not.toContain('xoxb-1234');
    expect(error.reason).toBe('invalid_token ***');
  });

  it('other 4xx (422): not retryable, status and reason in the message', async () => {
    const error = await failure({ status: 422, body: 'unprocessable' });
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 422,
      code: 'TOCSIN_REJECTED',
    });
    expect(error.message).toContain('HTTP 422 unprocessable');
  });

  it('429 with Retry-After in seconds: retryable, retryAfter from the header', async () => {
    const error = await failure(slackReplies.rateLimited(7));
    expect(error).toMatchObject({
      retryable: true,
      statusCode: 429,
      retryAfter: 7,
      code: 'TOCSIN_RATE_LIMITED',
      reason: 'rate_limited',
    });
    expect(error.message).toContain('rate_limited');
    expect(error.message).toContain('retry after 7 s');
  });

  it('429 with Retry-After as an HTTP date: retryable, retryAfter counted from now', async () => {
    const error = await failure(slackReplies.rateLimited(30, 'date'));
    expect(error.retryable).toBe(true);
    expect(error.retryAfter).toBeGreaterThanOrEqual(28);
    expect(error.retryAfter).toBeLessThanOrEqual(31);
  });

  it('429 without Retry-After: retryable, no retryAfter (core backs off)', async () => {
    const error = await failure({ status: 429, body: 'rate_limited' });
    expect(error).toMatchObject({ retryable: true, statusCode: 429 });
    expect(error.retryAfter).toBeUndefined();
  });

  it('500: retryable, Slack reason in the message', async () => {
    const error = await failure(slackReplies.serverError);
    expect(error).toMatchObject({
      retryable: true,
      statusCode: 500,
      code: 'TOCSIN_REMOTE',
      reason: 'rollup_error',
    });
    expect(error.message).toContain('HTTP 500 rollup_error');
  });

  it('503 with Retry-After: retryable, retryAfter honoured', async () => {
    const error = await failure({
      status: 503,
      body: 'service unavailable',
      headers: { 'retry-after': '4' },
    });
    expect(error).toMatchObject({ retryable: true, statusCode: 503, retryAfter: 4 });
  });

  it('408: retryable', async () => {
    const error = await failure({ status: 408, body: 'request timeout' });
    expect(error).toMatchObject({ retryable: true, statusCode: 408, code: 'TOCSIN_TIMEOUT' });
  });

  it('a dropped connection: retryable network error', async () => {
    const error = await failure(slackReplies.drop);
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toMatch(/(dropped|reset) before the answer/);
  });

  it('a refused port: retryable network error naming ECONNREFUSED', async () => {
    const refused = slackChannel(await refusedUrl());
    try {
      const error = await rejectionOf(refused.send(fixedAlert(), sendContext()));
      expect(DeliveryError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
      expect((error as Error).message).toContain('connection refused');
      expect((error as Error).message).toContain('ECONNREFUSED');
    } finally {
      await refused.close();
    }
  });

  it('a redirect: not followed, not retryable', async () => {
    const error = await failure(slackReplies.redirect('/services/T1/B1/other'));
    expect(error).toMatchObject({ retryable: false, code: 'TOCSIN_REJECTED' });
    expect(fake.server.requests).toHaveLength(1);
  });

  it('a workflow trigger answering { ok: false }: not retryable, its reason in the message', async () => {
    const workflow = slackChannel(fake.server, { webhookType: 'workflow' });
    fake.server.reply(slackReplies.workflowRejected('invalid_inputs'));
    try {
      const error = await rejectionOf(workflow.send(fixedAlert(), sendContext()));
      expect(error).toMatchObject({
        retryable: false,
        code: 'TOCSIN_REJECTED',
        reason: 'invalid_inputs',
      });
      expect((error as Error).message).toContain('invalid_inputs');
    } finally {
      await workflow.close();
    }
  });

  it('an abort from the caller: not retried, the request really cancelled (the server sees the socket close)', async () => {
    fake.server.reply(slackReplies.hang);
    const controller = new AbortController();
    const sending = fake.channel.send(fixedAlert(), sendContext(controller.signal));
    await fake.server.waitForRequests(1);
    controller.abort(new Error('shutting down'));
    const error = await rejectionOf(sending);
    expect(error).toMatchObject({ retryable: false, code: 'TOCSIN_ABORTED' });
    expect((error as Error).message).toContain('shutting down');
    await expect.poll(() => fake.server.openConnections, { timeout: 2000 }).toBe(0);
  });

  it('an already aborted signal: nothing is sent', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    const error = await rejectionOf(
      fake.channel.send(fixedAlert(), sendContext(controller.signal)),
    );
    expect(error).toMatchObject({ retryable: false, code: 'TOCSIN_ABORTED' });
    expect(fake.server.requests).toHaveLength(0);
  });

  it('an abort by AbortSignal.timeout(): a retryable TOCSIN_TIMEOUT', async () => {
    fake.server.reply(slackReplies.hang);
    const error = await rejectionOf(
      fake.channel.send(fixedAlert(), sendContext(AbortSignal.timeout(100))),
    );
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_TIMEOUT' });
  });

  it("the channel's own timeout: a slow answer fails as a retryable TOCSIN_TIMEOUT", async () => {
    const timed = slackChannel(fake.server, { timeout: 1 });
    fake.server.reply(slackReplies.slow(3000));
    const started = performance.now();
    try {
      const error = await rejectionOf(timed.send(fixedAlert(), sendContext()));
      expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_TIMEOUT' });
      expect((error as Error).message).toContain('within 1 s');
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      expect(performance.now() - started).toBeLessThan(2500);
    } finally {
      await timed.close();
    }
  });

  it('a send after close: not retryable, says the channel is closed', async () => {
    await fake.channel.close();
    const error = await rejectionOf(fake.channel.send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({ retryable: false, code: 'TOCSIN_CLOSED' });
  });
});

describe('SlackChannel through AlertManager', () => {
  it('429 with Retry-After: 1, then 200: sent after 2 attempts, at least 1 s apart', async () => {
    fake.server.reply(slackReplies.rateLimited(1), slackReplies.ok);
    const manager = new AlertManager({ logger: quietLogger }).addChannel(fake.channel, {
      maxRetries: 2,
    });
    const started = performance.now();
    const [result] = await manager.send(fixedAlert());
    expect(result).toMatchObject({ status: 'sent', success: true, attempts: 2 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(result?.durationMs).toBeGreaterThanOrEqual(1000);
    expect(fake.server.requests).toHaveLength(2);
    expect(manager.stats.totalRetries).toBe(1);
  });

  it('500 then 200: sent on the retry', async () => {
    fake.server.reply(slackReplies.serverError, slackReplies.ok);
    const result = await deliverWithRetries(fake.channel, fixedAlert());
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a dropped connection then 200: sent on the retry', async () => {
    fake.server.reply(slackReplies.drop, slackReplies.ok);
    const result = await deliverWithRetries(fake.channel, fixedAlert());
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
  });

  for (const [label, reply] of [
    ['400 invalid_payload', slackReplies.invalidPayload],
    ['403 action_prohibited', slackReplies.forbidden],
    ['404 no_service', slackReplies.noService],
    ['410 channel_is_archived', slackReplies.channelArchived],
  ] as const) {
    it(`${label} is tried once, even with retries left`, async () => {
      fake.server.setDefault(reply);
      const manager = new AlertManager({ logger: quietLogger, retry: { baseDelay: 0 } }).addChannel(
        fake.channel,
        {
          maxRetries: 5,
        },
      );
      const [result] = await manager.send(fixedAlert());
      expect(result).toMatchObject({ status: 'failed', success: false, attempts: 1 });
      expect(result?.error).toContain(label.split(' ')[1]);
      expect(fake.server.requests).toHaveLength(1);
    });
  }

  it('a reply slower than the timeout (1 s): failed as a timeout after ~1 s, the request aborted', async () => {
    fake.server.setDefault(slackReplies.slow(5000));
    const manager = new AlertManager({ logger: quietLogger }).addChannel(fake.channel, {
      timeout: 1,
      maxRetries: 0,
    });
    const started = performance.now();
    const [result] = await manager.send(fixedAlert());
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result?.error).toContain('no answer within 1 s');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    await expect.poll(() => fake.server.openConnections, { timeout: 2000 }).toBe(0);
  });

  it('a refused port: retried, then failed with the network reason', async () => {
    const refused = slackChannel(await refusedUrl());
    const manager = new AlertManager({ logger: quietLogger, retry: { baseDelay: 0 } }).addChannel(
      refused,
      {
        maxRetries: 2,
      },
    );
    const [result] = await manager.send(fixedAlert());
    expect(result).toMatchObject({ status: 'failed', attempts: 3 });
    expect(result?.error).toContain('connection refused');
    await manager.close();
  });
});
