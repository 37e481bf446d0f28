import {
  type ChannelOptionsInput,
  type ChannelOptionsOutput,
  channelOptionsParser,
  httpsUrlProblem,
  lazy,
  loadZod,
  nameField,
  proxyField,
  timeoutField,
} from '@tocsin/channel-kit';

/**
 * Options of `DiscordChannel`. The same schema validates code options and config files.
 * Built on first use (zod is loaded then).
 */
export const discordChannelOptionsSchema = lazy(() => {
  const z = loadZod();
  return z.strictObject({
    webhookUrl: z
      .string({ error: '`webhookUrl` is required: the Discord webhook URL, as a string' })
      .superRefine((value, ctx) => {
        const problem = httpsUrlProblem(value, {
          option: 'webhookUrl',
          secret: 'the webhook token',
          http: 'loopback',
        });
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe(
        'Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>; http only for a loopback host); secret',
      ),
    username: z
      .string({ error: '`username` must be a string' })
      .min(1, '`username` must be a non-empty string')
      .max(80, '`username` must be at most 80 characters')
      .optional()
      .describe("Poster name, 1..80 characters (default: the webhook's)"),
    avatarUrl: z
      .url({ protocol: /^https?$/, error: '`avatarUrl` must be an http(s) URL' })
      .optional()
      .describe("Poster avatar image URL (default: the webhook's)"),
    threadId: z
      .string({ error: '`threadId` must be a string of digits' })
      .regex(/^\d{1,30}$/, '`threadId` must be a string of digits (a thread id)')
      .optional()
      .describe('Thread to post in (a thread id, digits)'),
    timeout: timeoutField(
      "Seconds one request may wait for the answer (1..120); core's per-attempt timeout applies too",
    ),
    proxy: proxyField(),
    name: nameField('discord'),
  });
});

/** What `new DiscordChannel(options)` takes. */
export type DiscordChannelOptions = ChannelOptionsInput<typeof discordChannelOptionsSchema>;

/** The options once validated, defaults applied. */
export type ResolvedDiscordChannelOptions = ChannelOptionsOutput<
  typeof discordChannelOptionsSchema
>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option in backticks;
 * never the webhook URL.
 */
export const parseDiscordChannelOptions: (options: unknown) => ResolvedDiscordChannelOptions =
  channelOptionsParser(discordChannelOptionsSchema, {
    channel: 'DiscordChannel',
    required: '`webhookUrl`',
  });
