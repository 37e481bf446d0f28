import { DeliveryError } from '@tocsin/core';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpEndpoint, type HttpEndpointOptions } from './http-endpoint.js';
import { jsonRetryAfter } from './response-error.js';

// The wait a remote names in its body (or a channel's default), when Retry-After is missing.

const servers: FakeHttpServer[] = [];
const endpoints: HttpEndpoint[] = [];
afterEach(async () => {
  for (const endpoint of endpoints.splice(0)) await endpoint.close();
  for (const server of servers.splice(0)) await server.close();
});

async function setUp(retryAfterIn: HttpEndpointOptions['retryAfterIn']) {
  const server = await startFakeHttpServer();
  servers.push(server);
  const endpoint = new HttpEndpoint({ channel: 'chat', url: `${server.url}/hook`, retryAfterIn });
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
  return error;
}

const signal = () => AbortSignal.timeout(10_000);

describe('retryAfterIn', () => {
  it('reads the body when Retry-After is missing or unreadable, rounding up', async () => {
    const { server, endpoint } = await setUp(jsonRetryAfter('parameters.retry_after'));
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
    const { server, endpoint } = await setUp(jsonRetryAfter('retry_after'));
    server.reply({ status: 429, headers: { 'retry-after': '9' }, body: { retry_after: 1 } });
    expect(await failure(endpoint.send('{}', signal()))).toMatchObject({ retryAfter: 9 });
  });

  it('is not asked about a final refusal, and gives a default wait by status', async () => {
    const asked: number[] = [];
    const { server, endpoint } = await setUp((_body, status) => {
      asked.push(status);
      return status === 429 ? 30 : undefined;
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
    const { server, endpoint } = await setUp(jsonRetryAfter('retry_after'));
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
