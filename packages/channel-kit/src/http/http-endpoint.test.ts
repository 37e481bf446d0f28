import { DeliveryError } from '@tocsin/core';
import { type FakeHttpServer, refusedUrl, startFakeHttpServer } from '@tocsin/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpEndpoint } from './http-endpoint.js';
import { jsonReason, jsonRetryAfter } from './response-error.js';

// The one request-and-answer path the HTTP channels share, against a real node:http server.

const TOKEN = 'tok-3f9a8b7c6d5e4f3a2b1c';
const servers: FakeHttpServer[] = [];
const endpoints: HttpEndpoint[] = [];
afterEach(async () => {
  for (const endpoint of endpoints.splice(0)) await endpoint.close();
  for (const server of servers.splice(0)) await server.close();
});

async function setUp(options: Partial<ConstructorParameters<typeof HttpEndpoint>[0]> = {}) {
  const server = await startFakeHttpServer();
  servers.push(server);
  const endpoint = new HttpEndpoint({
    channel: 'chat',
    url: `${server.url}/hooks/${TOKEN}`,
    headers: { authorization: `Bearer ${TOKEN}x` },
    reasonOf: jsonReason('error.message', 'message'),
    ...options,
  });
  endpoints.push(endpoint);
  return { server, endpoint };
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!DeliveryError.isInstance(error))
    throw new Error(`expected a DeliveryError, got ${String(error)}`);
  expect(`${error.message} ${JSON.stringify(error)} ${String(error.cause ?? '')}`).not.toContain(
    TOKEN,
  );
  return error;
}

const signal = () => AbortSignal.timeout(10_000);

describe('HttpEndpoint', () => {
  it('posts JSON with its headers and returns the 2xx answer', async () => {
    const { server, endpoint } = await setUp();
    server.reply({ status: 202, body: { ok: true } });
    const answer = await endpoint.send('{"a":1}', signal(), { 'idempotency-key': 'k1' });
    expect(answer).toEqual({ status: 202, text: '{"ok":true}' });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/hooks/${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}x`);
    expect(request?.headers['idempotency-key']).toBe('k1');
    expect(endpoint.maskedUrl).not.toContain(TOKEN);
  });

  it('a refusal carries the remote reason, the status and a hint; never the token', async () => {
    const { server, endpoint } = await setUp({ addressOption: 'webhookUrl' });
    server.reply(
      { status: 404, body: { message: `Unknown Webhook ${TOKEN}` } },
      { status: 400, body: { error: { message: 'bad card' }, message: 'other' } },
    );
    const error = await failure(endpoint.send('{}', signal()));
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 404,
      code: 'TOCSIN_REJECTED',
      reason: 'Unknown Webhook ***',
    });
    expect(error.message).toMatch(
      /answered 404 Not Found: Unknown Webhook \*\*\*; not retried: check `webhookUrl`$/,
    );
  });

  it('429 and 5xx are retryable, with Retry-After', async () => {
    const { server, endpoint } = await setUp();
    server.reply(
      { status: 429, headers: { 'retry-after': '7' }, body: { message: 'slow down' } },
      { status: 503, body: 'down' },
    );
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({
      retryable: true,
      retryAfter: 7,
      code: 'TOCSIN_RATE_LIMITED',
    });
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_REMOTE',
    });
  });

  it('a redirect is not followed; a refused connection and a slow answer are retryable', async () => {
    const { server, endpoint } = await setUp({ timeout: 0.3 });
    server.reply(
      { status: 302, headers: { location: `/else/${TOKEN}` } },
      { status: 200, delayMs: 2000 },
    );
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({
      retryable: false,
      statusCode: 302,
    });
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_TIMEOUT',
    });
    const refused = new HttpEndpoint({ channel: 'chat', url: `${await refusedUrl()}/${TOKEN}` });
    endpoints.push(refused);
    expect(await failure(refused.send('{}', signal()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_NETWORK',
    });
  });
});

// The wait a remote names in its body (or a channel's default), when Retry-After is missing.
describe('retryAfterIn', () => {
  it('reads the body when Retry-After is missing or unreadable, rounding up', async () => {
    const { server, endpoint } = await setUp({
      retryAfterIn: jsonRetryAfter('parameters.retry_after'),
    });
    server.reply(
      { status: 429, body: { ok: false, parameters: { retry_after: 2.2 } } },
      { status: 429, headers: { 'retry-after': 'soon' }, body: { parameters: { retry_after: 4 } } },
    );
    const first = await failure(endpoint.send('{}', signal()));
    expect(first).toMatchObject({ retryable: true, retryAfter: 3, code: 'TOCSIN_RATE_LIMITED' });
    expect(first.message).toContain('(retry after 3 s)');
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({ retryAfter: 4 });
  });

  it('the Retry-After header wins over the body', async () => {
    const { server, endpoint } = await setUp({ retryAfterIn: jsonRetryAfter('retry_after') });
    server.reply({ status: 429, headers: { 'retry-after': '9' }, body: { retry_after: 1 } });
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({ retryAfter: 9 });
  });

  it('is not asked about a final refusal, and gives a default wait by status', async () => {
    const asked: number[] = [];
    const { server, endpoint } = await setUp({
      retryAfterIn: (_body, status) => {
        asked.push(status);
        return status === 429 ? 30 : undefined;
      },
    });
    server.reply({ status: 400, body: 'bad' }, { status: 429 }, { status: 503 });
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({
      retryable: false,
      retryAfter: undefined,
    });
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({ retryAfter: 30 });
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({
      retryable: true,
      retryAfter: undefined,
    });
    expect(asked).toEqual([429, 503]);
  });

  it('a body that is not JSON, a negative or a non-number value give no wait', async () => {
    const { server, endpoint } = await setUp({ retryAfterIn: jsonRetryAfter('retry_after') });
    server.reply(
      { status: 429, body: 'slow down' },
      { status: 429, body: { retry_after: -1 } },
      { status: 429, body: { retry_after: '5' } },
    );
    for (let i = 0; i < 3; i++)
      expect(await failure(endpoint.send('{}', signal()))).toMatchObject({
        retryable: true,
        retryAfter: undefined,
      });
  });
});
