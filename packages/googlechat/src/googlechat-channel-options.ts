import { lazy, loadZod, parseChannelOptions } from '@tocsin/channel-kit';
import type { z } from 'zod';

/**
 * Options of `GoogleChatChannel`. The same schema validates code options and config files.
 * Built on first use (zod is loaded then).
 */
export const googleChatChannelOptionsSchema = lazy(() => {
  const z = loadZod();
  return z
    .strictObject({
      /**
       * The space's incoming webhook,
       * `https://chat.googleapis.com/v1/spaces/<space>/messages?key=…&token=…`. Its `key`
       * and `token` are the credential: the whole URL is secret and shown masked everywhere.
       */
      webhookUrl: z
        .union([z.string(), z.instanceof(URL)], {
          error: '`webhookUrl` is required: the Google Chat webhook URL, as a string',
        })
        .describe('Google Chat incoming webhook URL (https); secret, shown masked'),
      /** Allow a plain `http://` URL: local tests and fakes only. @default false */
      allowInsecureHttp: z
        .boolean({ error: '`allowInsecureHttp` must be true or false' })
        .default(false)
        .describe('Accept an http:// webhook URL (local tests only; default false)'),
      /**
       * Post every alert of one fingerprint in one thread (`threadKey`, with
       * `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`). @default false
       */
      threadByFingerprint: z
        .boolean({ error: '`threadByFingerprint` must be true or false' })
        .default(false)
        .describe('Reply in one thread per alert fingerprint (default false)'),
      /** Seconds to wait for the answer (1..120, clamped); core's per-attempt timeout applies too. */
      timeout: z
        .number({ error: '`timeout` must be a number of seconds' })
        .optional()
        .describe('Seconds one request may take (1..120)'),
      /** Keep-alive connections at most. @default 4 */
      maxConnections: z
        .number({ error: '`maxConnections` must be a whole number' })
        .int('`maxConnections` must be a whole number')
        .min(1, '`maxConnections` must be at least 1')
        .max(64, '`maxConnections` must be at most 64')
        .default(4)
        .describe('Keep-alive connections at most (1..64, default 4)'),
      /** Routing name. @default 'googlechat' */
      name: z
        .string({ error: '`name` must be a string' })
        .min(1, '`name` must be a non-empty string')
        .default('googlechat')
        .describe("Routing name (default 'googlechat')"),
    })
    .superRefine((options, ctx) => {
      const issue = (message: string) =>
        ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message });
      let url: URL;
      try {
        url = new URL(String(options.webhookUrl));
      } catch {
        // Never echo the value: the URL is the credential.
        issue('`webhookUrl` must be an absolute https:// URL; it could not be parsed');
        return;
      }
      if (url.protocol === 'http:' && !options.allowInsecureHttp)
        issue(
          '`webhookUrl` must use https:; http: sends the webhook key and token in clear text (set `allowInsecureHttp: true` only for local tests)',
        );
      else if (url.protocol !== 'https:' && url.protocol !== 'http:')
        issue(`\`webhookUrl\` must use https:; got ${url.protocol.slice(0, 20)}`);
      else if (url.username !== '' || url.password !== '')
        issue('`webhookUrl` must not contain credentials (user:password@)');
    });
});

type Schema = ReturnType<typeof googleChatChannelOptionsSchema>;

/** What `new GoogleChatChannel(options)` takes. */
export type GoogleChatChannelOptions = z.input<Schema>;

/** The options once validated, defaults applied. */
export type ResolvedGoogleChatChannelOptions = z.output<Schema>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option in backticks;
 * the message never repeats the webhook URL.
 */
export function parseGoogleChatChannelOptions(options: unknown): ResolvedGoogleChatChannelOptions {
  return parseChannelOptions(googleChatChannelOptionsSchema(), options, {
    channel: 'GoogleChatChannel',
    required: '`webhookUrl`',
  });
}
