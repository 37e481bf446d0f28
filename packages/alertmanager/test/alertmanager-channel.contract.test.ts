import { startFakeHttpServer } from '@tocsin/test-kit';
import { fakeHttpHarness, testChannel } from '@tocsin/test-kit/vitest';
import { alertmanagerReplies } from './alertmanager-replies.js';
import { alertmanagerChannel, TOKEN } from './harness.js';

testChannel('AlertmanagerChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: alertmanagerReplies.accepted });
  return fakeHttpHarness(
    server,
    alertmanagerChannel([server]),
    {
      retryable: alertmanagerReplies.serverError,
      permanent: alertmanagerReplies.noLabels,
      hang: alertmanagerReplies.hang,
    },
    [TOKEN],
  );
});
