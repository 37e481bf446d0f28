import { AlertManager } from '@tocsin/core';
import {
  type FakeReply,
  fixedAlert,
  quietLogger,
  refusedUrl,
  rejectionOf,
  retryAfterHeader,
  sendContext,
} from '@tocsin/test-kit';
import { useFakeHttpChannel } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { WebhookChannel } from '../src/index.js';
import { webhookReplies } from './webhook-replies.js';

const fake = useFakeHttpChannel(
  { defaultReply: webhookReplies.ok },
  (server) => new WebhookChannel({ url: `${server.url}/hooks/in` }),
);

async function failureFor(reply: FakeReply) {
  fake.server.reply(reply);
  return rejectionOf(fake.channel.send(fixedAlert(), sendContext()));
}

describe('answers', () => {
  it('200 and 202 are success', async () => {
    fake.server.reply(webhookReplies.ok, webhookReplies.accepted);
    await expect(fake.channel.send(fixedAlert(), sendContext())).resolves.toEqual({});
    await expect(fake.channel.send(fixedAlert(), sendContext())).resolves.toEqual({});
    expect(fake.server.requests).toHaveLength(2);
  });

  it.each([
    [
      400,
      'TOCSIN_REJECTED',
      webhookReplies.badRequest,
      'answered 400 Bad Request: {"error":"bad request"}; not retried: the receiver refused the request',
    ],
    [
      401,
      'TOCSIN_AUTH',
      webhookReplies.unauthorized,
      'answered 401 Unauthorized: {"error":"invalid signature"}; not retried: check the credentials in `headers` or the signing `secret`',
    ],
    [
      404,
      'TOCSIN_REJECTED',
      webhookReplies.notFound,
      'answered 404 Not Found: {"error":"not found"}; not retried: check `url`',
    ],
  ])('%i is a permanent %s failure that says why', async (status, code, reply, text) => {
    const error = await failureFor(reply);
    expect(error).toMatchObject({
      name: 'DeliveryError',
      channel: 'webhook',
      retryable: false,
      statusCode: status,
      retryAfter: undefined,
      code,
    });
    expect(error.message).toBe(`webhook: POST ${fake.server.url}/***/*** ${text}`);
  });

  it.each([
    [408, 'TOCSIN_TIMEOUT', webhookReplies.requestTimeout],
    [425, 'TOCSIN_REMOTE', webhookReplies.tooEarly],
    [500, 'TOCSIN_REMOTE', webhookReplies.serverError],
    [503, 'TOCSIN_REMOTE', webhookReplies.unavailable],
  ])('%i is a retryable %s', async (status, code, reply) => {
    const error = await failureFor(reply);
    expect(error).toMatchObject({
      name: 'DeliveryError',
      retryable: true,
      code,
      statusCode: status,
      retryAfter: undefined,
    });
    expect(error.message).toContain(`answered ${status} `);
  });

  it('429 with Retry-After in seconds is retryable after that many seconds', async () => {
    const error = await failureFor(webhookReplies.rateLimited(7));
    expect(error).toMatchObject({
      retryable: true,
      statusCode: 429,
      retryAfter: 7,
      code: 'TOCSIN_RATE_LIMITED',
    });
    expect(error.message).toBe(
      `webhook: POST ${fake.server.url}/***/*** answered 429 Too Many Requests (retry after 7 s): {"error":"slow down"}`,
    );
  });

  it('429 with Retry-After as an HTTP date is retryable after the seconds left until then', async () => {
    const error = await failureFor(webhookReplies.rateLimited(30, 'date'));
    expect(error).toMatchObject({ retryable: true, statusCode: 429 });
    expect(error.retryAfter).toBeGreaterThanOrEqual(28);
    expect(error.retryAfter).toBeLessThanOrEqual(30);
  });

  it('503 with Retry-After carries it; a date in the past means now', async () => {
    const soon = await failureFor({
      ...webhookReplies.unavailable,
      headers: { 'retry-after': '2' },
    });
    expect(soon).toMatchObject({ retryable: true, statusCode: 503, retryAfter: 2 });
    const past = await failureFor({
      ...webhookReplies.unavailable,
      headers: { 'retry-after': retryAfterHeader(-60, 'date') },
    });
    expect(past.retryAfter).toBe(0);
  });

  it('a 302 redirect is not followed, and is a permanent failure that says so', async () => {
    const error = await failureFor(
      webhookReplies.redirect(`${fake.server.url}/moved/new-token-9d8c7b?sig=abc123`),
    );
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 302,
      code: 'TOCSIN_REJECTED',
    });
    expect(error.message).toBe(
      `webhook: POST ${fake.server.url}/***/*** answered 302 Found, a redirect to ${fake.server.url}/***/***?***; redirects are not followed: set \`url\` to the final address`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.server.requests.map((r) => r.url)).toEqual(['/hooks/in']);
  });

  it('reads at most maxResponseBytes of an error body, and cuts the message short', async () => {
    await fake.channel.close();
    fake.channel = new WebhookChannel({
      url: `${fake.server.url}/hooks/in`,
      maxResponseBytes: 1024,
    });
    const error = await failureFor({ status: 500, body: 'x'.repeat(2_000_000) });
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/answered 500 Internal Server Error: x{200}…$/);
  });

  it('a large success body is discarded and the alert counts as sent', async () => {
    await fake.channel.close();
    fake.channel = new WebhookChannel({ url: fake.server.url, maxResponseBytes: 1024 });
    fake.server.reply({ status: 200, body: 'y'.repeat(1_000_000) });
    await expect(fake.channel.send(fixedAlert(), sendContext())).resolves.toEqual({});
    await expect(fake.channel.send(fixedAlert(), sendContext())).resolves.toEqual({});
  });
});

describe('no answer', () => {
  it('a reply slower than the timeout fails through AlertManager (timeout 1), and the request is cancelled', async () => {
    fake.server.reply(webhookReplies.slow(4000));
    const manager = new AlertManager({ logger: quietLogger }).addChannel(fake.channel, {
      timeout: 1,
      maxRetries: 0,
    });
    const started = Date.now();
    const [result] = await manager.send(fixedAlert());
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result?.error).toMatch(/no answer within 1 s/);
    expect(Date.now() - started).toBeLessThan(2500);
    // The request was cancelled, not left running: closing the agent does not wait for
    // the 4 s answer, and the socket it used is not reused.
    const closing = Date.now();
    await fake.channel.close();
    expect(Date.now() - closing).toBeLessThan(500);
    expect(fake.server.requests).toHaveLength(1);
  });

  it('the channel `timeout` bounds a request even when the signal never aborts', async () => {
    await fake.channel.close();
    fake.channel = new WebhookChannel({ url: fake.server.url, timeout: 1 });
    fake.server.reply(webhookReplies.slow(5000));
    const started = Date.now();
    const error = await rejectionOf(fake.channel.send(fixedAlert(), sendContext()));
    expect(Date.now() - started).toBeLessThan(3500);
    expect(error).toMatchObject({ name: 'DeliveryError', retryable: true, code: 'TOCSIN_TIMEOUT' });
    expect(error.message).toBe(
      `webhook: POST ${fake.server.url}/ failed: no answer within 1 s (UND_ERR_HEADERS_TIMEOUT)`,
    );
  });

  it('an abort for another reason than a timeout is not retryable', async () => {
    fake.server.reply(webhookReplies.hang);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('manager is shutting down')), 50);
    const error = await rejectionOf(
      fake.channel.send(fixedAlert(), sendContext(controller.signal)),
    );
    expect(error).toMatchObject({ retryable: false, code: 'TOCSIN_ABORTED' });
    expect(error.message).toBe(
      `webhook: POST ${fake.server.url}/***/*** was aborted: manager is shutting down`,
    );
  });

  it('a dropped connection is retryable', async () => {
    const error = await failureFor(webhookReplies.drop);
    expect(error).toMatchObject({
      name: 'DeliveryError',
      retryable: true,
      code: 'TOCSIN_NETWORK',
    });
    expect(error.message).toMatch(
      new RegExp(
        `^webhook: POST ${fake.server.url}/\\*\\*\\*/\\*\\*\\* failed: connection (dropped|reset) before the answer \\((UND_ERR_SOCKET|ECONNRESET)\\)$`,
      ),
    );
  });

  it('a refused port is retryable', async () => {
    await fake.channel.close();
    const url = await refusedUrl();
    fake.channel = new WebhookChannel({ url: `${url}/hooks/in` });
    const error = await rejectionOf(fake.channel.send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
    expect(error.message).toBe(
      `webhook: POST ${url}/***/*** failed: connection refused (is anything listening?) (ECONNREFUSED)`,
    );
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('an unknown host is retryable', async () => {
    await fake.channel.close();
    fake.channel = new WebhookChannel({ url: 'http://tocsin-no-such-host.invalid/hooks/in' });
    const error = await rejectionOf(
      fake.channel.send(fixedAlert(), sendContext(AbortSignal.timeout(10_000))),
    );
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(
      /^webhook: POST http:\/\/tocsin-no-such-host\.invalid\/\*\*\*\/\*\*\* failed: host name/,
    );
  });

  it('a send after close() opens a new agent, which close() releases again', async () => {
    await fake.channel.send(fixedAlert(), sendContext());
    await fake.channel.close();
    await expect(fake.channel.send(fixedAlert(), sendContext())).resolves.toEqual({});
    expect(fake.server.requests).toHaveLength(2);
    expect(fake.server.connections).toBe(2);
  });
});
