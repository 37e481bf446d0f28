export { ResendChannel } from './resend-channel.js';
export {
  parseResendChannelOptions,
  type ResendChannelOptions,
  type ResendTag,
  type ResolvedResendChannelOptions,
  resendChannelOptionsSchema,
} from './resend-channel-options.js';
