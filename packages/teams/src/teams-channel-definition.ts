import { defineChannel } from '@tocsin/core';
import { TeamsChannel } from './teams-channel.js';
import { type TeamsChannelOptions, teamsChannelOptionsSchema } from './teams-channel-options.js';
import { teamsOptionsFromUrl } from './teams-url.js';

/** `type: teams` in a config file: core validates, types and builds Teams channels from this. */
export const teamsChannelDefinition = defineChannel({
  type: 'teams',
  // A getter: the schema (and zod) is built only when config loading asks for it.
  get schema() {
    return teamsChannelOptionsSchema();
  },
  secrets: ['webhookUrl'],
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
