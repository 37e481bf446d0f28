import { startFakeHttpServer } from '@tocsin/test-kit';
import { fakeHttpHarness, testChannel } from '@tocsin/test-kit/vitest';
import { secretsFor, teamsChannel } from './harness.js';
import { teamsReplies } from './teams-replies.js';

testChannel('TeamsChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: teamsReplies.accepted });
  return fakeHttpHarness(
    server,
    teamsChannel(server),
    {
      retryable: teamsReplies.unavailable,
      permanent: teamsReplies.notFound,
      hang: teamsReplies.hang,
    },
    secretsFor(server),
  );
});
