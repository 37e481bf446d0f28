export { type ChannelConfig, channelConfig } from './channel-config.js';
export { optionsFromUrl, urlRefusal } from './channel-url.js';
export {
  type ConnectProxy,
  type ConnectProxyOptions,
  type ProxyConnect,
  startConnectProxy,
} from './connect-proxy.js';
export { deliverDigest, deliverRepeated, errorFrom } from './deliver-digest.js';
export { deliverWithRetries } from './deliver-with-retries.js';
export { deliveryFailure } from './delivery-failure.js';
export { FakeClock } from './fake-clock.js';
export {
  type FakeHttpServer,
  type FakeHttpServerOptions,
  type FakeReply,
  type RecordedRequest,
  startFakeHttpServer,
} from './fake-http-server.js';
export { fixedAlert } from './fixed-alert.js';
export { freePort } from './free-port.js';
export { type LocalSinks, startLocalSinks } from './local-sinks.js';
export {
  MemoryChannel,
  type MemoryChannelOptions,
  type MemoryFailure,
} from './memory-channel.js';
export { quietLogger } from './quiet-logger.js';
export { refusedUrl } from './refused-url.js';
export { rejectionOf } from './rejection-of.js';
export { resolvedAlert } from './resolved-alert.js';
export { retryAfterHeader } from './retry-after-header.js';
export { createSelfSignedCert, type SelfSignedCert } from './self-signed-cert.js';
export { sendContext } from './send-context.js';
export { shownText } from './shown-text.js';
export {
  type SmtpFault,
  type SmtpSink,
  type SmtpSinkAddress,
  type SmtpSinkMessage,
  type SmtpSinkOptions,
  type SmtpSinkTransportOptions,
  startSmtpSink,
} from './smtp-sink.js';
export {
  mustFailForMissing,
  type SystemBinary,
  systemBinary,
} from './system-binary.js';
export { type TempDir, tempDir } from './temp-dir.js';
export { type UntilOptions, until } from './until.js';
