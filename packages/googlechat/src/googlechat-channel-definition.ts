import { defineChannel } from '@tocsin/core';
import { GoogleChatChannel } from './googlechat-channel.js';
import {
  type GoogleChatChannelOptions,
  googleChatChannelOptionsSchema,
} from './googlechat-channel-options.js';
import { googleChatOptionsFromUrl } from './googlechat-url.js';

/** `type: googlechat` in a config file: core validates, types and builds Google Chat channels from this. */
export const googleChatChannelDefinition = defineChannel({
  type: 'googlechat',
  // A getter: the schema (and zod) is built only when config loading asks for it.
  get schema() {
    return googleChatChannelOptionsSchema();
  },
  secrets: ['webhookUrl'],
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
