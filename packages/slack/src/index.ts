export { SlackChannel } from './slack-channel.js';
export {
  type ResolvedSlackChannelOptions,
  type SlackChannelOptions,
  type SlackMention,
  slackChannelOptionsSchema,
} from './slack-channel-options.js';
