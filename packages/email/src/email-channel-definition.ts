import { describeMailTarget } from '@tocsin/channel-kit';
import { defineChannel } from '@tocsin/core';
import type { EmailAddress } from './email-address.js';
import { EmailChannel } from './email-channel.js';
import {
  type EmailChannelOptions,
  type EmailChannelSchemaOutput,
  emailChannelOptionsSchema,
  isResendTransport,
  type ResendTransportOptions,
  type ResolvedEmailChannelOptions,
} from './email-channel-options.js';
import { emailOptionsFromUrl } from './email-url.js';

/**
 * `type: email` in a config file: core validates, types and builds email channels from
 * this. kstlib's `transport: { type: resend }` builds a ResendChannel (@tocsin/resend).
 */
export const emailChannelDefinition = defineChannel({
  type: 'email',
  schema: emailChannelOptionsSchema,
  secrets: ['transport.auth.pass', 'transport.password', 'transport.apiKey'],
  // kstlib puts `credentials` in the transport: the SMTP password, or the Resend API key.
  credentials: {
    at: 'transport',
    fills: (transport) =>
      typeof transport.type === 'string' && transport.type.toLowerCase() === 'resend'
        ? 'apiKey'
        : transport.auth === undefined
          ? 'password'
          : 'auth.pass',
  },
  description:
    'Email over SMTP (nodemailer), or through Resend with transport type resend (@tocsin/email)',
  describeTarget: (options) => {
    const transport = (options.transport ?? {}) as Record<string, unknown>;
    const via =
      transport.type === 'resend'
        ? 'resend'
        : `smtp ${String(transport.host ?? '')}${transport.port === undefined ? '' : `:${String(transport.port)}`}`;
    return describeMailTarget(via, options);
  },
  schemes: ['smtp', 'smtps'],
  fromUrl: emailOptionsFromUrl,
  create: (options) =>
    isResendTransport(options.transport)
      ? resendChannel(options, options.transport)
      : new EmailChannel(options as ResolvedEmailChannelOptions),
});

/** kstlib's email over a Resend transport is our ResendChannel, with the same mail settings. */
async function resendChannel(options: EmailChannelSchemaOutput, transport: ResendTransportOptions) {
  let resend: typeof import('@tocsin/resend');
  try {
    resend = await import('@tocsin/resend');
  } catch {
    throw new TypeError(
      '`transport.type` resend needs the package @tocsin/resend, which is not installed: npm install @tocsin/resend',
    );
  }
  const { from, to, cc, bcc, replyTo, subjectPrefix, html, maxBodyBytes, name } = options;
  return new resend.ResendChannel({
    ...(transport.apiKey === undefined ? {} : { apiKey: transport.apiKey }),
    ...(transport.baseUrl === undefined ? {} : { baseUrl: transport.baseUrl }),
    from: mailbox(from),
    to: to.map(mailbox),
    ...(cc.length > 0 ? { cc: cc.map(mailbox) } : {}),
    ...(bcc.length > 0 ? { bcc: bcc.map(mailbox) } : {}),
    ...(replyTo === undefined ? {} : { replyTo: mailbox(replyTo) }),
    ...(subjectPrefix === undefined ? {} : { subjectPrefix }),
    html,
    maxBodyBytes,
    name,
  });
}

function mailbox(address: EmailAddress): string {
  return address.name === '' ? address.address : `${address.name} <${address.address}>`;
}

declare module '@tocsin/core' {
  interface ChannelTypes {
    email: EmailChannelOptions;
  }
}
