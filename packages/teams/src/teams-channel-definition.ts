import { defineLazyChannel } from '@tocsin/channel-kit';
import { TeamsChannel } from './teams-channel.js';
import { type TeamsChannelOptions, teamsChannelOptionsSchema } from './teams-channel-options.js';
import { teamsOptionsFromUrl } from './teams-url.js';

/** `type: teams` in a config file: core validates, types and builds Teams channels from this. */
export const teamsChannelDefinition = defineLazyChannel({
  type: 'teams',
  lazySchema: teamsChannelOptionsSchema,
  secrets: ['webhookUrl', 'proxy'],
  credentials: 'webhookUrl',
  description: 'Microsoft Teams: Adaptive Cards through a Workflows webhook (@tocsin/teams)',
  describeTarget: (options) => `POST ${String(options.webhookUrl ?? '')}`,
  schemes: ['teams'],
  fromUrl: teamsOptionsFromUrl,
  create: (options) => new TeamsChannel(options),
});

declare module '@tocsin/core' {
  interface ChannelTypes {
    teams: TeamsChannelOptions;
  }
}
