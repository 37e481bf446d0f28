import { startFakeHttpServer } from '@tocsin/test-kit';
import { testChannel } from '@tocsin/test-kit/vitest';
import { ntfyChannel, TOKEN, TOPIC } from './harness.js';
import { ntfyReplies, published } from './ntfy-replies.js';

testChannel('NtfyChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: published });
  return {
    channel: ntfyChannel(server),
    received: () => server.requests.length,
    failNext(kind) {
      server.reply(
        kind === 'retryable'
          ? ntfyReplies.tooMany(1)
          : kind === 'permanent'
            ? ntfyReplies.forbidden
            : ntfyReplies.hang,
      );
    },
    secrets: [TOPIC, TOKEN],
    teardown: () => server.close(),
  };
});
