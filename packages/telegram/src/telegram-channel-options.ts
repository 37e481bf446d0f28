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
import { type AlertLevel, parseAlertLevel } from '@tocsin/core';

/** A bot token as BotFather gives it: `<bot id>:<secret>`. */
export const BOT_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;
/** A chat id (`-1001234567890`) or a public channel's `@username`. */
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/;

/**
 * Options of `TelegramChannel`: one bot, one chat. The same schema validates code options
 * and config files. Built on first use (zod is loaded then).
 */
export const telegramChannelOptionsSchema = lazy(() => {
  const z = loadZod();
  return z.strictObject({
    botToken: z
      .string({ error: '`botToken` is required: the bot token from @BotFather, as a string' })
      .regex(BOT_TOKEN, '`botToken` must look like <bot id>:<secret>, as @BotFather gives it')
      .describe('Bot token from @BotFather (<bot id>:<secret>); secret'),
    chatId: z
      .union([z.string(), z.number().int()], {
        error: '`chatId` is required: a chat id (-100…) or a public @channel name',
      })
      .transform(String)
      .refine((value) => CHAT_ID.test(value), {
        message: '`chatId` must be a chat id (digits, maybe negative) or a public @channel name',
      })
      .describe('The one chat to post in: its id (-1001234567890) or @channelname'),
    messageThreadId: z
      .number({ error: '`messageThreadId` must be a whole number' })
      .int('`messageThreadId` must be a whole number')
      .min(1, '`messageThreadId` must be >= 1')
      .optional()
      .describe("Topic (forum thread) to post in: the topic's message_thread_id"),
    silentBelow: z
      .union([z.number(), z.string()], { error: '`silentBelow` must be a level name or number' })
      .transform((value, ctx): AlertLevel => {
        try {
          return parseAlertLevel(value, 'silentBelow');
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      })
      .optional()
      .describe(
        'Alerts below this level are sent without a notification sound (default warning; info: never silent)',
      ),
    apiUrl: z
      .string({ error: '`apiUrl` must be a string' })
      .superRefine((value, ctx) => {
        const problem = httpsUrlProblem(value, {
          option: 'apiUrl',
          secret: 'the bot token',
          http: 'loopback',
          bare: true,
        });
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default('https://api.telegram.org')
      .describe('Bot API server (default https://api.telegram.org; http only for a loopback host)'),
    timeout: timeoutField(
      "Seconds one request may wait for the answer (1..120); core's per-attempt timeout applies too",
    ),
    proxy: proxyField(),
    name: nameField('telegram'),
  });
});

/** What `new TelegramChannel(options)` takes. */
export type TelegramChannelOptions = ChannelOptionsInput<typeof telegramChannelOptionsSchema>;

/** The options once validated, defaults applied. */
export type ResolvedTelegramChannelOptions = ChannelOptionsOutput<
  typeof telegramChannelOptionsSchema
>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option in backticks;
 * never the bot token.
 */
export const parseTelegramChannelOptions: (options: unknown) => ResolvedTelegramChannelOptions =
  channelOptionsParser(telegramChannelOptionsSchema, {
    channel: 'TelegramChannel',
    required: '`botToken` and `chatId`',
  });
