/** Where each built-in channel type lives: package, class, and its options schema. */
export interface BuiltinChannelPackage {
  readonly package: string;
  readonly className: string;
  readonly schemaName: string;
}

export const BUILTIN_CHANNEL_PACKAGES: Readonly<Record<string, BuiltinChannelPackage>> = {
  slack: {
    package: '@tocsin/slack',
    className: 'SlackChannel',
    schemaName: 'slackChannelOptionsSchema',
  },
  webhook: {
    package: '@tocsin/webhook',
    className: 'WebhookChannel',
    schemaName: 'webhookChannelOptionsSchema',
  },
  email: {
    package: '@tocsin/email',
    className: 'EmailChannel',
    schemaName: 'emailChannelOptionsSchema',
  },
  resend: {
    package: '@tocsin/resend',
    className: 'ResendChannel',
    schemaName: 'resendChannelOptionsSchema',
  },
};
