export { ResendChannel } from './resend-channel.js';
export {
  resendChannelDefinition as channelDefinition,
  resendChannelDefinition,
} from './resend-channel-definition.js';
export {
  parseResendChannelOptions,
  type ResendChannelOptions,
  type ResendTag,
  type ResolvedResendChannelOptions,
  resendChannelOptionsSchema,
} from './resend-channel-options.js';
