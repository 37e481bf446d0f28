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
 * Options of `GoogleChatChannel`. The same schema validates code options and config files.
 * Built on first use (zod is loaded then).
 */
export const googleChatChannelOptionsSchema = lazy(() => {
  const z = loadZod();
  return z
    .strictObject({
      /**
       * `webhookUrl` is the space's incoming webhook,
       * `https://chat.googleapis.com/v1/spaces/<space>/messages?key=…&token=…`. Its `key`
       * and `token` are the credential: the whole URL is secret and shown masked everywhere.
       */
      ...webhookFields({
        name: 'googlechat',
        required: '`webhookUrl` is required: the Google Chat webhook URL, as a string',
        description: 'Google Chat incoming webhook URL (https); secret, shown masked',
      }),
      /**
       * Post every alert of one fingerprint in one thread (`threadKey`, with
       * `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`). @default false
       */
      threadByFingerprint: z
        .boolean({ error: '`threadByFingerprint` must be true or false' })
        .default(false)
        .describe('Reply in one thread per alert fingerprint (default false)'),
    })
    .superRefine(webhookUrlCheck('the webhook key and token'));
});

/** What `new GoogleChatChannel(options)` takes. */
export type GoogleChatChannelOptions = ChannelOptionsInput<typeof googleChatChannelOptionsSchema>;

/** The options once validated, defaults applied. */
export type ResolvedGoogleChatChannelOptions = ChannelOptionsOutput<
  typeof googleChatChannelOptionsSchema
>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option in backticks;
 * the message never repeats the webhook URL.
 */
export const parseGoogleChatChannelOptions: (options: unknown) => ResolvedGoogleChatChannelOptions =
  channelOptionsParser(googleChatChannelOptionsSchema, {
    channel: 'GoogleChatChannel',
    required: '`webhookUrl`',
  });
