import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { testChannel } from '@tocsin/test-kit/vitest';
import { ResendChannel } from '../src/index.js';
import { resendReplies } from './resend-replies.js';

const API_KEY = 're_contract_4f9c2b7d1e8a';

testChannel('ResendChannel', async () => {
  const server: FakeHttpServer = await startFakeHttpServer({ defaultReply: resendReplies.ok() });
  const channel = new ResendChannel({
    apiKey: API_KEY,
    from: 'Tocsin <alerts@example.com>',
    to: 'oncall@example.com',
    baseUrl: server.url,
  });
  return {
    channel,
    received: () => server.requests.length,
    failNext(kind) {
      if (kind === 'retryable') server.reply(resendReplies.serverError);
      else if (kind === 'permanent') server.reply(resendReplies.invalidApiKey);
      else server.reply(resendReplies.hang);
    },
    secrets: [API_KEY],
    teardown: () => server.close(),
  };
});
