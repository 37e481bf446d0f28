import { startFakeHttpServer } from '@tocsin/test-kit';
import { fakeHttpHarness, testChannel } from '@tocsin/test-kit/vitest';
import { chatReplies } from './googlechat-replies.js';
import { chatChannel, SPACE, secretsFor } from './harness.js';

testChannel('GoogleChatChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: chatReplies.created(SPACE) });
  return fakeHttpHarness(
    server,
    chatChannel(server),
    {
      retryable: chatReplies.unavailable,
      permanent: chatReplies.permissionDenied,
      hang: chatReplies.hang,
    },
    secretsFor(server),
  );
});
