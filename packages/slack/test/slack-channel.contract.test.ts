import { slackReplies, startFakeHttpServer, testChannel } from '@tocsin/core/testing';
import { secretsFor, slackChannel } from './harness.js';

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
