import { defineLazyChannel } from '@tocsin/channel-kit';
import { GoogleChatChannel } from './googlechat-channel.js';
import {
  type GoogleChatChannelOptions,
  googleChatChannelOptionsSchema,
} from './googlechat-channel-options.js';
import { googleChatOptionsFromUrl } from './googlechat-url.js';

/** `type: googlechat` in a config file: core validates, types and builds Google Chat channels from this. */
export const googleChatChannelDefinition = defineLazyChannel({
  type: 'googlechat',
  lazySchema: googleChatChannelOptionsSchema,
  secrets: ['webhookUrl', 'proxy'],
  credentials: 'webhookUrl',
  description: 'Google Chat incoming webhook, cardsV2 messages (@tocsin/googlechat)',
  describeTarget: (options) => `POST ${String(options.webhookUrl ?? '')}`,
  schemes: ['googlechat'],
  fromUrl: googleChatOptionsFromUrl,
  create: (options) => new GoogleChatChannel(options),
});

declare module '@tocsin/core' {
  interface ChannelTypes {
    googlechat: GoogleChatChannelOptions;
  }
}
