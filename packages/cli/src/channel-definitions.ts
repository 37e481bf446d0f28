import type { AnyChannelDefinition } from '@tocsin/core';
import { channelDefinition as email } from '@tocsin/email';
import { channelDefinition as resend } from '@tocsin/resend';
import { channelDefinition as slack } from '@tocsin/slack';
import { channelDefinition as webhook } from '@tocsin/webhook';

/**
 * The channel definitions the CLI installs with itself: `tocsin schema` composes the JSON
 * Schema from them. Configs load them through core's package table (`searchPaths`), so a
 * project's own copy of a channel package is used when it has one.
 */
export const CLI_CHANNEL_DEFINITIONS: readonly AnyChannelDefinition[] = [
  slack,
  webhook,
  email,
  resend,
];
