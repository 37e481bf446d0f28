import { defineChannel } from '@tocsin/core';
import { SlackChannel } from './slack-channel.js';
import { type SlackChannelOptions, slackChannelOptionsSchema } from './slack-channel-options.js';
import { slackOptionsFromUrl } from './slack-url.js';

/** `type: slack` in a config file: core validates, types and builds Slack channels from this. */
export const slackChannelDefinition = defineChannel({
  type: 'slack',
  schema: slackChannelOptionsSchema,
  secrets: ['webhookUrl', 'proxy'],
  credentials: 'webhookUrl',
  description: 'Slack incoming webhook or workflow trigger (@tocsin/slack)',
  describeTarget: (options) => String(options.webhookUrl ?? ''),
  schemes: ['slack'],
  fromUrl: slackOptionsFromUrl,
  create: (options) => new SlackChannel(options),
});

declare module '@tocsin/core' {
  interface ChannelTypes {
    slack: SlackChannelOptions;
  }
}
