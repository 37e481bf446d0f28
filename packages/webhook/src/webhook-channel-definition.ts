import { defineChannel } from '@tocsin/core';
import { WebhookChannel } from './webhook-channel.js';
import {
  type WebhookChannelOptions,
  webhookChannelOptionsSchema,
} from './webhook-channel-options.js';
import { webhookOptionsFromUrl } from './webhook-url.js';

/** `type: webhook` in a config file: core validates, types and builds webhook channels from this. */
export const webhookChannelDefinition = defineChannel({
  type: 'webhook',
  // A getter: the schema (and zod) is built only when config loading asks for it.
  get schema() {
    return webhookChannelOptionsSchema();
  },
  // Header values carry tokens (authorization, x-api-key): all of them are secret.
  secrets: ['url', 'secret', 'headers.*', 'proxy'],
  credentials: 'url',
  description:
    'HTTP webhook: JSON to any receiver, or an Alertmanager webhook body (@tocsin/webhook)',
  describeTarget: (options) => `${String(options.method ?? 'POST')} ${String(options.url ?? '')}`,
  // `webhook+https://host/path?query`: the receiver's URL; query keys `tocsin_*` are options.
  schemes: ['webhook+https', 'webhook+http'],
  fromUrl: webhookOptionsFromUrl,
  create: (options) => new WebhookChannel(options),
});

declare module '@tocsin/core' {
  interface ChannelTypes {
    webhook: WebhookChannelOptions;
  }
}
