import { channelDefinition as alertmanager } from '@tocsin/alertmanager';
import type { AnyChannelDefinition } from '@tocsin/core';
import { channelDefinition as discord } from '@tocsin/discord';
import { channelDefinition as email } from '@tocsin/email';
import { channelDefinition as googlechat } from '@tocsin/googlechat';
import { channelDefinition as ntfy } from '@tocsin/ntfy';
import { channelDefinition as pagerduty } from '@tocsin/pagerduty';
import { channelDefinition as resend } from '@tocsin/resend';
import { channelDefinition as slack } from '@tocsin/slack';
import { channelDefinition as teams } from '@tocsin/teams';
import { channelDefinition as telegram } from '@tocsin/telegram';
import { channelDefinition as webhook } from '@tocsin/webhook';

/**
 * The channel definitions the CLI installs with itself: `tocsin schema` composes the JSON
 * Schema from them. Configs load them by their package's name (`@tocsin/<type>`, through
 * `searchPaths`), so a project's own copy of a channel package is used when it has one.
 */
export const CLI_CHANNEL_DEFINITIONS: readonly AnyChannelDefinition[] = [
  slack,
  webhook,
  email,
  resend,
  teams,
  pagerduty,
  discord,
  telegram,
  ntfy,
  googlechat,
  alertmanager,
];
