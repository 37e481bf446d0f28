export { DiscordChannel } from './discord-channel.js';
export {
  discordChannelDefinition as channelDefinition,
  discordChannelDefinition,
} from './discord-channel-definition.js';
export {
  type DiscordChannelOptions,
  discordChannelOptionsSchema,
  parseDiscordChannelOptions,
  type ResolvedDiscordChannelOptions,
} from './discord-channel-options.js';
export { DISCORD_LIMITS } from './discord-limits.js';
export {
  type DiscordEmbed,
  type DiscordEmbedField,
  type DiscordMessage,
  renderDiscordMessage,
} from './render-discord-message.js';
