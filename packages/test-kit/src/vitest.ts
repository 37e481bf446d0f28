export { type ChannelHarness, testChannel } from './channel-contract.js';
