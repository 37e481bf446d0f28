import type { Channel } from '@tocsin/core';
import type { ChannelHarness } from './channel-contract.js';
import type { FakeHttpServer, FakeReply } from './fake-http-server.js';

/** The fake's answer for each failure the contract suite asks for. */
export type FailureReplies = Readonly<Record<'retryable' | 'permanent' | 'hang', FakeReply>>;

/**
 * The contract suite's harness for `channel` posting to `server`: a delivery is a request the
 * server received, `failNext` queues the matching reply of `failures`, teardown closes the server.
 */
export function fakeHttpHarness(
  server: FakeHttpServer,
  channel: Channel,
  failures: FailureReplies,
  secrets: readonly string[],
): ChannelHarness {
  return {
    channel,
    received: () => server.requests.length,
    failNext: (kind) => {
      server.reply(failures[kind]);
    },
    secrets,
    teardown: () => server.close(),
  };
}
