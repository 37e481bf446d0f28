export { GoogleChatChannel } from './googlechat-channel.js';
export {
  googleChatChannelDefinition as channelDefinition,
  googleChatChannelDefinition,
} from './googlechat-channel-definition.js';
export {
  type GoogleChatChannelOptions,
  googleChatChannelOptionsSchema,
  parseGoogleChatChannelOptions,
  type ResolvedGoogleChatChannelOptions,
} from './googlechat-channel-options.js';
