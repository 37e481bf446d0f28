import { defineLazyChannel, urlQuery } from '@tocsin/channel-kit';
import { TelegramChannel } from './telegram-channel.js';
import {
  type TelegramChannelOptions,
  telegramChannelOptionsSchema,
} from './telegram-channel-options.js';

/** `type: telegram` in a config file: core validates, types and builds Telegram channels from this. */
export const telegramChannelDefinition = defineLazyChannel({
  type: 'telegram',
  lazySchema: telegramChannelOptionsSchema,
  secrets: ['botToken', 'proxy'],
  credentials: 'botToken',
  description: 'Telegram Bot API: an HTML message per alert to one chat (@tocsin/telegram)',
  describeTarget: (options) => `chat ${String(options.chatId ?? '')} via the Bot API`,
  schemes: ['telegram'],
  fromUrl: telegramOptionsFromUrl,
  create: (options) => new TelegramChannel(options),
});

/**
 * `telegram://<bot token>@telegram?chats=<chat id>` (Shoutrrr's form) as options. The
 * token's colon makes it the URL's user and password; they are joined again. One chat
 * per channel: `chats` with several ids is refused (declare a channel per chat).
 * `thread_id`, `silent_below` and `api_url` (a local fake) are the options of those names.
 */
export function telegramOptionsFromUrl(url: URL): Record<string, unknown> {
  if (url.hostname !== 'telegram') throw new Error('the host: expected telegram');
  if (url.username === '' || url.password === '')
    throw new Error('the user: expected the bot token, telegram://<bot id>:<secret>@telegram');
  if (url.pathname !== '' && url.pathname !== '/') throw new Error('the path: expected none');
  const { chats, threadId, ...rest } = urlQuery(url, {
    chats: 'list',
    thread_id: 'integer',
    silent_below: 'string',
    api_url: 'string',
  });
  const list = (chats ?? []) as string[];
  if (list.length !== 1)
    throw new Error(
      'the query key "chats": expected exactly one chat id (one channel per chat: declare one URL per chat)',
    );
  return {
    botToken: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
    chatId: list[0],
    ...(threadId === undefined ? {} : { messageThreadId: threadId }),
    ...rest,
  };
}

declare module '@tocsin/core' {
  interface ChannelTypes {
    telegram: TelegramChannelOptions;
  }
}
