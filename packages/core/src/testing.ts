export { type ChannelHarness, testChannel } from './testing/channel-contract.js';
export { FakeClock } from './testing/fake-clock.js';
export {
  type FakeHttpServer,
  type FakeHttpServerOptions,
  type FakeReply,
  type RecordedRequest,
  refusedUrl,
  resendReplies,
  retryAfterHeader,
  slackReplies,
  startFakeHttpServer,
  webhookReplies,
} from './testing/fake-http-server.js';
export {
  MemoryChannel,
  type MemoryChannelOptions,
  type MemoryFailure,
} from './testing/memory-channel.js';
