import { startFakeHttpServer } from '@tocsin/test-kit';
import { testChannel } from '@tocsin/test-kit/vitest';
import { secretsFor, teamsChannel } from './harness.js';
import { teamsReplies } from './teams-replies.js';

testChannel('TeamsChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: teamsReplies.accepted });
  return {
    channel: teamsChannel(server),
    received: () => server.requests.length,
    failNext(kind) {
      server.reply(
        kind === 'retryable'
          ? teamsReplies.unavailable
          : kind === 'permanent'
            ? teamsReplies.notFound
            : teamsReplies.hang,
      );
    },
    secrets: secretsFor(server),
    teardown: () => server.close(),
  };
});
