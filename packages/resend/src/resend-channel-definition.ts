import { describeMailTarget } from '@tocsin/channel-kit';
import { defineChannel } from '@tocsin/core';
import { ResendChannel } from './resend-channel.js';
import { type ResendChannelOptions, resendChannelOptionsSchema } from './resend-channel-options.js';
import { resendOptionsFromUrl } from './resend-url.js';

/** `type: resend` in a config file: core validates, types and builds Resend channels from this. */
export const resendChannelDefinition = defineChannel({
  type: 'resend',
  schema: resendChannelOptionsSchema,
  secrets: ['apiKey', 'proxy'],
  credentials: 'apiKey',
  description: 'Email through the Resend API (@tocsin/resend)',
  describeTarget: (options) => describeMailTarget('resend', options),
  schemes: ['resend'],
  fromUrl: resendOptionsFromUrl,
  create: (options) => new ResendChannel(options),
});

declare module '@tocsin/core' {
  interface ChannelTypes {
    resend: ResendChannelOptions;
  }
}
