import { defineLazyChannel, urlQuery } from '@tocsin/channel-kit';
import { DiscordChannel } from './discord-channel.js';
import {
  type DiscordChannelOptions,
  discordChannelOptionsSchema,
} from './discord-channel-options.js';

const DISCORD_WEBHOOKS = 'https://discord.com/api/webhooks';

/** `type: discord` in a config file: core validates, types and builds Discord channels from this. */
export const discordChannelDefinition = defineLazyChannel({
  type: 'discord',
  lazySchema: discordChannelOptionsSchema,
  secrets: ['webhookUrl', 'proxy'],
  credentials: 'webhookUrl',
  description: 'Discord webhook: an embed per alert, mentions disabled (@tocsin/discord)',
  describeTarget: (options) => `POST ${String(options.webhookUrl ?? '')}`,
  schemes: ['discord'],
  fromUrl: discordOptionsFromUrl,
  create: (options) => new DiscordChannel(options),
});

/**
 * `discord://<webhook id>/<token>?username=…&avatar_url=…&thread_id=…&base_url=…` (Apprise's
 * form) as options. `base_url` replaces `https://discord.com/api/webhooks` (a local fake).
 */
export function discordOptionsFromUrl(url: URL): Record<string, unknown> {
  const id = url.hostname;
  if (!/^\d{1,30}$/.test(id)) throw new Error('the host: expected the webhook id (digits)');
  const token = /^\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname)?.[1];
  if (token === undefined) throw new Error('the path: expected /<webhook token>');
  if (url.username !== '' || url.password !== '' || url.port !== '')
    throw new Error('the authority: expected discord://<webhook id>/<webhook token>');
  const { baseUrl, ...query } = urlQuery(url, {
    username: 'string',
    avatar_url: 'string',
    thread_id: 'string',
    base_url: 'string',
  });
  const base = typeof baseUrl === 'string' ? baseUrl.replace(/\/+$/, '') : DISCORD_WEBHOOKS;
  return { webhookUrl: `${base}/${id}/${token}`, ...query };
}

declare module '@tocsin/core' {
  interface ChannelTypes {
    discord: DiscordChannelOptions;
  }
}
