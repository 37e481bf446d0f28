import { startFakeHttpServer } from '@tocsin/test-kit';
import { testChannel } from '@tocsin/test-kit/vitest';
import { secretsFor, slackChannel } from './harness.js';
import { slackReplies } from './slack-replies.js';

testChannel('SlackChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: slackReplies.ok });
  return {
    channel: slackChannel(server),
    received: () => server.requests.length,
    failNext(kind) {
      server.reply(
        kind === 'retryable'
          ? slackReplies.serverError
          : kind === 'permanent'
            ? slackReplies.noService
            : slackReplies.hang,
      );
    },
    secrets: secretsFor(server),
    teardown: () => server.close(),
  };
});
