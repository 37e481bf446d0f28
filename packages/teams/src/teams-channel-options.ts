import {
  type ChannelOptionsInput,
  type ChannelOptionsOutput,
  channelOptionsParser,
  lazy,
  loadZod,
  webhookFields,
  webhookUrlCheck,
} from '@tocsin/channel-kit';

/**
 * Options of `TeamsChannel`. The same schema validates code options and config files.
 * Built on first use (zod is loaded then).
 */
export const teamsChannelOptionsSchema = lazy(() =>
  loadZod()
    .strictObject(
      /**
       * `webhookUrl` is the workflow's "HTTP POST URL" (Teams: Workflows, "Post to a channel
       * when a webhook request is received"). Its `sig` query value is the credential: the
       * whole URL is secret and shown masked everywhere.
       */
      webhookFields({
        name: 'teams',
        required: '`webhookUrl` is required: the Teams workflow URL, as a string',
        description: 'Teams Workflows webhook URL (https); secret, shown masked',
      }),
    )
    .superRefine(webhookUrlCheck('the webhook signature')),
);

/** What `new TeamsChannel(options)` takes. */
export type TeamsChannelOptions = ChannelOptionsInput<typeof teamsChannelOptionsSchema>;

/** The options once validated, defaults applied. */
export type ResolvedTeamsChannelOptions = ChannelOptionsOutput<typeof teamsChannelOptionsSchema>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option in backticks;
 * the message never repeats the webhook URL.
 */
export const parseTeamsChannelOptions: (options: unknown) => ResolvedTeamsChannelOptions =
  channelOptionsParser(teamsChannelOptionsSchema, {
    channel: 'TeamsChannel',
    required: '`webhookUrl`',
  });
