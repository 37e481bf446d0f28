export { renderTelegramText } from './render-telegram-message.js';
export { TelegramChannel } from './telegram-channel.js';
export {
  telegramChannelDefinition as channelDefinition,
  telegramChannelDefinition,
} from './telegram-channel-definition.js';
export {
  parseTelegramChannelOptions,
  type ResolvedTelegramChannelOptions,
  type TelegramChannelOptions,
  telegramChannelOptionsSchema,
} from './telegram-channel-options.js';
export { TELEGRAM_LIMITS } from './telegram-limits.js';
