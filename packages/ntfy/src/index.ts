export { NtfyChannel } from './ntfy-channel.js';
export {
  ntfyChannelDefinition as channelDefinition,
  ntfyChannelDefinition,
  ntfyOptionsFromUrl,
} from './ntfy-channel-definition.js';
export {
  DEFAULT_SERVER_URL,
  type NtfyChannelOptions,
  ntfyChannelOptionsSchema,
  parseNtfyChannelOptions,
  type ResolvedNtfyChannelOptions,
} from './ntfy-channel-options.js';
export {
  NTFY_LIMITS,
  NTFY_PRIORITIES,
  type NtfyMessage,
  type NtfyRenderSettings,
  renderNtfyMessage,
} from './render-ntfy-message.js';
