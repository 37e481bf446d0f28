import { startFakeHttpServer } from '@tocsin/test-kit';
import { fakeHttpHarness, testChannel } from '@tocsin/test-kit/vitest';
import { ntfyChannel, TOKEN, TOPIC } from './harness.js';
import { ntfyReplies, published } from './ntfy-replies.js';

testChannel('NtfyChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: published });
  return fakeHttpHarness(
    server,
    ntfyChannel(server),
    { retryable: ntfyReplies.tooMany(1), permanent: ntfyReplies.forbidden, hang: ntfyReplies.hang },
    [TOPIC, TOKEN],
  );
});
