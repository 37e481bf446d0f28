import { startFakeHttpServer } from '@tocsin/test-kit';
import { fakeHttpHarness, testChannel } from '@tocsin/test-kit/vitest';
import { pagerDutyChannel, ROUTING_KEY } from './harness.js';
import { accepted, pagerDutyReplies } from './pagerduty-replies.js';

testChannel('PagerDutyChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: accepted });
  return fakeHttpHarness(
    server,
    pagerDutyChannel(server),
    {
      retryable: pagerDutyReplies.serverError,
      permanent: pagerDutyReplies.invalidRoutingKey(ROUTING_KEY),
      hang: pagerDutyReplies.hang,
    },
    [ROUTING_KEY],
  );
});
