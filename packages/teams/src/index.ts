export { TeamsChannel } from './teams-channel.js';
export {
  teamsChannelDefinition as channelDefinition,
  teamsChannelDefinition,
} from './teams-channel-definition.js';
export {
  parseTeamsChannelOptions,
  type ResolvedTeamsChannelOptions,
  type TeamsChannelOptions,
  teamsChannelOptionsSchema,
} from './teams-channel-options.js';
