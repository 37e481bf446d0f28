import {
  type ChannelOptionsInput,
  type ChannelOptionsOutput,
  channelOptionsParser,
  isHttpUrl,
  isPlainHttpUrl,
  lazy,
  loadZod,
  nameField,
  proxyField,
  timeoutField,
} from '@tocsin/channel-kit';

/** The public server, used unless `serverUrl` names a self-hosted one. */
export const DEFAULT_SERVER_URL = 'https://ntfy.sh';

/** ntfy's rule for topic names. */
const TOPIC = /^[-_A-Za-z0-9]{1,64}$/;

/**
 * Options of `NtfyChannel`. The same schema validates code options and config files.
 * Built on first use (zod is loaded then).
 */
export const ntfyChannelOptionsSchema = lazy(() => {
  const z = loadZod();
  const secret = (field: string) =>
    z
      .string({ error: `\`${field}\` must be a string` })
      .min(1, `\`${field}\` must be non-empty`)
      .regex(/^[^\r\n]*$/, `\`${field}\` must not contain line breaks`);
  return z
    .strictObject({
      topic: z
        .string({ error: '`topic` is required: the ntfy topic to publish to' })
        .regex(TOPIC, '`topic` must be 1 to 64 letters, digits, `-` or `_`')
        .describe(
          'Topic to publish to (1-64 of A-Z a-z 0-9 - _); secret: anyone who knows it can read it',
        ),
      serverUrl: z
        .string({ error: '`serverUrl` must be a string' })
        .refine(isPlainHttpUrl, {
          message: '`serverUrl` must be an http(s) URL without credentials, query or fragment',
        })
        .default(DEFAULT_SERVER_URL)
        .describe('ntfy server (default https://ntfy.sh); messages are posted to its root'),
      token: secret('token')
        .optional()
        .describe('Access token, sent as Authorization: Bearer; secret'),
      username: secret('username').optional().describe('User for basic auth (with `password`)'),
      password: secret('password').optional().describe('Password for basic auth; secret'),
      priority: z
        .number({ error: '`priority` must be a number from 1 to 5' })
        .int('`priority` must be a whole number from 1 to 5')
        .min(1, '`priority` must be from 1 to 5')
        .max(5, '`priority` must be from 1 to 5')
        .optional()
        .describe('Fixed priority 1 (min) to 5 (max); default from the level'),
      tags: z
        .array(
          z
            .string({ error: '`tags` must be strings' })
            .regex(/^[^,\r\n]{1,64}$/, '`tags` must be 1 to 64 characters, without commas'),
          { error: '`tags` must be a list of strings' },
        )
        .max(10, '`tags` may hold at most 10 tags')
        .default([])
        .describe('Tags (emoji shortcodes show as emojis) added after the level’s own'),
      click: z
        .string({ error: '`click` must be a string' })
        .refine(isHttpUrl, { message: '`click` must be an absolute http(s) URL' })
        .optional()
        .describe('URL opened when the notification is tapped; only ever from the options'),
      timeout: timeoutField('Seconds one request may take waiting for the answer (1..120)'),
      proxy: proxyField(),
      name: nameField('ntfy'),
    })
    .superRefine((options, ctx) => {
      if (options.token !== undefined && (options.username ?? options.password) !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['token'],
          message: '`token` and `username`/`password` are two ways to sign in: give one',
        });
      else if ((options.username === undefined) !== (options.password === undefined))
        ctx.addIssue({
          code: 'custom',
          path: [options.username === undefined ? 'username' : 'password'],
          message: '`username` and `password` go together: give both or neither',
        });
    });
});

/** What `new NtfyChannel(options)` takes. */
export type NtfyChannelOptions = ChannelOptionsInput<typeof ntfyChannelOptionsSchema>;

/** The options once validated, defaults applied. */
export type ResolvedNtfyChannelOptions = ChannelOptionsOutput<typeof ntfyChannelOptionsSchema>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option, never a secret.
 */
export const parseNtfyChannelOptions: (options: unknown) => ResolvedNtfyChannelOptions =
  channelOptionsParser(ntfyChannelOptionsSchema, {
    channel: 'NtfyChannel',
    required: '`topic`',
  });
