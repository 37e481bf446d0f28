export { SlackChannel } from './slack-channel.js';
export {
  slackChannelDefinition as channelDefinition,
  slackChannelDefinition,
} from './slack-channel-definition.js';
export {
  parseSlackChannelOptions,
  type ResolvedSlackChannelOptions,
  type SlackChannelOptions,
  type SlackMention,
  slackChannelOptionsSchema,
} from './slack-channel-options.js';
