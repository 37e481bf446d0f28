import { startFakeHttpServer } from '@tocsin/test-kit';
import { testChannel } from '@tocsin/test-kit/vitest';
import { chatReplies } from './googlechat-replies.js';
import { chatChannel, SPACE, secretsFor } from './harness.js';

testChannel('GoogleChatChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: chatReplies.created(SPACE) });
  return {
    channel: chatChannel(server),
    received: () => server.requests.length,
    failNext(kind) {
      server.reply(
        kind === 'retryable'
          ? chatReplies.unavailable
          : kind === 'permanent'
            ? chatReplies.permissionDenied
            : chatReplies.hang,
      );
    },
    secrets: secretsFor(server),
    teardown: () => server.close(),
  };
});
