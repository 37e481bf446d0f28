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
export { type LocalSinks, startLocalSinks } from './testing/local-sinks.js';
export {
  MemoryChannel,
  type MemoryChannelOptions,
  type MemoryFailure,
} from './testing/memory-channel.js';
export { createSelfSignedCert, type SelfSignedCert } from './testing/self-signed-cert.js';
export {
  type SmtpFault,
  type SmtpSink,
  type SmtpSinkAddress,
  type SmtpSinkMessage,
  type SmtpSinkOptions,
  type SmtpSinkTransportOptions,
  startSmtpSink,
} from './testing/smtp-sink.js';
export { type TempDir, tempDir } from './testing/temp-dir.js';
