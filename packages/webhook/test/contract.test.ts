import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { fakeHttpHarness, testChannel } from '@tocsin/test-kit/vitest';
import { WebhookChannel } from '../src/index.js';
import { webhookReplies } from './webhook-replies.js';

const URL_TOKEN = 'T0kenInThePath8cd1f';
const QUERY_TOKEN = 'qs-secret-3a7e21';
const PASSWORD = 'pa55-in-url-9f2c';
const HEADER_TOKEN = 'hdr-secret-77b0d4e1';
const SIGNING_SECRET = 'signing-secret-5e1b9a0c';

testChannel('WebhookChannel', async () => {
  const server: FakeHttpServer = await startFakeHttpServer({ defaultReply: webhookReplies.ok });
  const url = new URL(server.url);
  url.username = 'alerts';
  url.password = PASSWORD;
  url.pathname = `/hooks/${URL_TOKEN}`;
  url.search = `?token=${QUERY_TOKEN}`;
  const channel = new WebhookChannel({
    url: url.href,
    headers: { authorization: `Token ${HEADER_TOKEN}` },
    secret: SIGNING_SECRET,
  });
  return fakeHttpHarness(
    server,
    channel,
    {
      retryable: webhookReplies.serverError,
      permanent: webhookReplies.badRequest,
      hang: webhookReplies.hang,
    },
    [URL_TOKEN, QUERY_TOKEN, PASSWORD, HEADER_TOKEN, SIGNING_SECRET, url.href],
  );
});
