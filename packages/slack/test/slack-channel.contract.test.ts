import { startFakeHttpServer } from '@tocsin/test-kit';
import { fakeHttpHarness, testChannel } from '@tocsin/test-kit/vitest';
import { secretsFor, slackChannel } from './harness.js';
import { slackReplies } from './slack-replies.js';

testChannel('SlackChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: slackReplies.ok });
  return fakeHttpHarness(
    server,
    slackChannel(server),
    {
      retryable: slackReplies.serverError,
      permanent: slackReplies.noService,
      hang: slackReplies.hang,
    },
    secretsFor(server),
  );
});
