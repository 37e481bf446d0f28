import { inspect } from 'node:util';
import { AlertManager } from '@tocsin/core';
import {
  type FakeHttpServer,
  fixedAlert,
  refusedUrl,
  sendContext,
  shownText,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { beforeEach, expect, it } from 'vitest';
import { WebhookChannel } from '../src/index.js';
import { webhookReplies } from './webhook-replies.js';

const PATH_TOKEN = 'B0A7c9d1e2f3PathToken';
const QUERY_TOKEN = 'q7x9QueryToken41';
const PASSWORD = 'urlPassw0rd-8d1c';
const BEARER = 'bearer-token-4f1d9a2b7c';
const API_KEY = 'apikey-51c0ffee77';
const SIGNING_SECRET = 'whsec-9a8b7c6d5e4f3a2b';
const SECRETS = [PATH_TOKEN, QUERY_TOKEN, PASSWORD, BEARER, API_KEY, SIGNING_SECRET];

const closeLater = closeAfterEach();
let server: FakeHttpServer;
beforeEach(async () => {
  server = closeLater(await startFakeHttpServer());
});

function secretChannel(base: string, options: Record<string, unknown> = {}): WebhookChannel {
  const url = new URL(base);
  url.username = 'svc';
  url.password = PASSWORD;
  url.pathname = `/hooks/${PATH_TOKEN}`;
  url.search = `?token=${QUERY_TOKEN}`;
  return closeLater(
    new WebhookChannel({
      url: url.href,
      headers: { authorization: `Bearer ${BEARER}`, 'x-api-key': API_KEY },
      secret: SIGNING_SECRET,
      ...options,
    }),
  );
}

it('the channel shows only a masked URL and header names', () => {
  const channel = secretChannel(server.url);
  const shown = [
    String(channel),
    JSON.stringify(channel),
    inspect(channel, { depth: 8, showHidden: true }),
    `${channel}`,
  ].join('\n');
  for (const secret of SECRETS) expect(shown).not.toContain(secret);
  expect(String(channel)).toBe(`WebhookChannel(webhook: POST ${server.url}/***/***?***)`);
  expect(JSON.parse(JSON.stringify(channel))).toEqual({
    type: 'webhook',
    name: 'webhook',
    url: `${server.url}/***/***?***`,
    method: 'POST',
    format: 'tocsin',
    headers: ['authorization', 'x-api-key'],
    signed: true,
    maxBodyBytes: 1048576,
  });
});

it('a receiver that echoes the request back cannot put a secret into the error', async () => {
  server.setDefault((request) => ({
    status: 401,
    body: `denied auth=${request.headers.authorization} key=${request.headers['x-api-key']} url=${request.url} sig=${request.headers['tocsin-signature']}`,
  }));
  const channel = secretChannel(server.url);
  const error = await channel.send(fixedAlert(), sendContext()).catch((e: unknown) => e);
  expect((error as Error).message).toMatch(
    /answered 401 Unauthorized: denied auth=\*\*\* key=\*\*\* url=\*\*\* sig=t=\d+,v1=[0-9a-f]+/,
  );
  for (const secret of SECRETS) expect(shownText(error)).not.toContain(secret);
});

it('network failures, timeouts and redirects keep the secrets out too', async () => {
  const refused = secretChannel(await refusedUrl());
  const dropped = secretChannel(server.url);
  const slow = secretChannel(server.url, { timeout: 1 });
  const redirected = secretChannel(server.url);
  server.reply(
    webhookReplies.drop,
    webhookReplies.slow(3000),
    webhookReplies.redirect(`${server.url}/x/${PATH_TOKEN}?k=${QUERY_TOKEN}`),
  );
  const errors = [
    await refused.send(fixedAlert(), sendContext()).catch((e: unknown) => e),
    await dropped.send(fixedAlert(), sendContext()).catch((e: unknown) => e),
    await slow.send(fixedAlert(), sendContext()).catch((e: unknown) => e),
    await redirected.send(fixedAlert(), sendContext()).catch((e: unknown) => e),
  ];
  const codes = errors.map((error) => (error as { code?: string }).code);
  expect(codes).toEqual(['TOCSIN_NETWORK', 'TOCSIN_NETWORK', 'TOCSIN_TIMEOUT', 'TOCSIN_REJECTED']);
  for (const error of errors) {
    for (const secret of SECRETS) expect(shownText(error)).not.toContain(secret);
  }
});

it('results, stats and log lines from AlertManager keep the secrets out', async () => {
  server.setDefault((request) => ({
    status: 500,
    body: `failed for ${request.url} ${String(request.headers.authorization)}`,
  }));
  const logged: string[] = [];
  const channel = secretChannel(server.url);
  const manager = new AlertManager({
    logger: { warn: (line) => logged.push(line) },
    retry: { baseDelay: 0 },
  }).addChannel(channel, { maxRetries: 1 });
  const results = await manager.send(fixedAlert());
  expect(results[0]).toMatchObject({ status: 'failed', attempts: 2 });
  await manager.close();
  const shown = [
    JSON.stringify(results),
    JSON.stringify(manager.stats),
    inspect(manager, { depth: 8 }),
    ...logged,
  ].join('\n');
  for (const secret of SECRETS) expect(shown).not.toContain(secret);
});

it('a format function whose error names a secret cannot leak it', async () => {
  const channel = secretChannel(server.url, {
    format: () => {
      throw new Error(`template needs ${API_KEY}`);
    },
  });
  const error = await channel.send(fixedAlert(), sendContext()).catch((e: unknown) => e);
  expect((error as Error).message).toBe(
    'webhook: the `format` function failed: template needs ***',
  );
});

it('option errors never repeat the URL or a header value', () => {
  const bad = [
    () => new WebhookChannel({ url: `ftp://svc:${PASSWORD}@example.com/${PATH_TOKEN}` }),
    () => new WebhookChannel({ url: `not a url ${PATH_TOKEN}` }),
    () =>
      new WebhookChannel({
        url: 'https://example.com/',
        headers: { 'x-api-key': `${API_KEY}\r\nx: y` },
      }),
  ];
  for (const make of bad) {
    let message = '';
    try {
      make();
    } catch (error) {
      message = shownText(error);
    }
    expect(message).not.toBe('');
    for (const secret of SECRETS) expect(message).not.toContain(secret);
  }
});
