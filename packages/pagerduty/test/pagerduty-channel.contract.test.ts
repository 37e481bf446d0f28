import { startFakeHttpServer } from '@tocsin/test-kit';
import { testChannel } from '@tocsin/test-kit/vitest';
import { pagerDutyChannel, ROUTING_KEY } from './harness.js';
import { accepted, pagerDutyReplies } from './pagerduty-replies.js';

testChannel('PagerDutyChannel', async () => {
  const server = await startFakeHttpServer({ defaultReply: accepted });
  return {
    channel: pagerDutyChannel(server),
    received: () => server.requests.length,
    failNext(kind) {
      server.reply(
        kind === 'retryable'
          ? pagerDutyReplies.serverError
          : kind === 'permanent'
            ? pagerDutyReplies.invalidRoutingKey(ROUTING_KEY)
            : pagerDutyReplies.hang,
      );
    },
    secrets: [ROUTING_KEY],
    teardown: () => server.close(),
  };
});
