export { type ChannelHarness, testChannel } from './channel-contract.js';
export { type Closable, closeAfterEach } from './close-after-each.js';
export { failInCiWhenMissing } from './fail-in-ci.js';
export { type FakeHttpChannel, useFakeHttpChannel } from './fake-http-channel.js';
export { type FailureReplies, fakeHttpHarness } from './fake-http-harness.js';
