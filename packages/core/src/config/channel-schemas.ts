// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { z } from 'zod';
import {
  booleanField,
  countField,
  durationField,
  got,
  levelField,
  numberField,
  recipientsField,
  senderField,
  stringMapField,
  textField,
} from './schema-fields.js';

/*
 * The channel instances a config file may hold, in the file's spelling (snake_case, and
 * kstlib's names where kstlib had one: `sender`, `recipients`, `username`/`password`).
 * Structure and types are checked here; what only a channel package knows (is this a
 * Slack URL, is this mention valid) is checked by that package when the channel is built.
 */

/** Per-channel throttle: its own bucket (fields default to `alerts.throttle`), `shared`, or `false`. */
export const channelThrottleSchema = z
  .union(
    [
      z
        .strictObject({
          rate: numberField('a number of alerts')
            .optional()
            .describe('Alerts per `per` (bucket capacity). 1..1000.'),
          per: durationField()
            .optional()
            .describe(
              'Period over which `rate` refills, in seconds or "30s", "5m", "1h". 1 s..1 day.',
            ),
          burst: numberField('a number of alerts')
            .optional()
            .describe('Tokens at start. 1..rate. Default: rate.'),
        })
        .describe("This channel's own bucket; fields not given come from alerts.throttle"),
      z
        .literal('shared')
        .describe('Take tokens from the one bucket shared with other channels (kstlib behaviour)'),
      z.literal(false).describe('No throttle for this channel'),
    ],
    {
      error: (issue) =>
        `expected a mapping { rate, per, burst }, "shared" or false; ${typeof issue.input === 'string' ? 'got a string other than "shared"' : got(issue.input)}`,
    },
  )
  .describe('Throttle for this channel: { rate, per, burst } (its own bucket), "shared" or false');

/** Keys every channel instance takes, whatever its type. */
export const commonChannelShape = {
  name: textField('a name')
    .optional()
    .describe(
      'Alias that send(alert, { channel }) also matches; also the channel name in results. Default: the key.',
    ),
  enabled: booleanField()
    .optional()
    .describe('false leaves the channel out (handy in presets). Default true.'),
  min_level: levelField()
    .optional()
    .describe(
      'Lowest level this channel receives: info, success, warning, error, critical. Default info.',
    ),
  throttle: channelThrottleSchema.optional(),
  timeout: durationField()
    .optional()
    .describe('Seconds one delivery attempt may take. 1..120. Default: channels.timeout.'),
  max_retries: countField('a whole number of retries')
    .optional()
    .describe('Retries after a retryable failure. 0..5. Default: channels.max_retries.'),
};

const credentialsField = () =>
  textField('a credential name').describe(
    'Name looked up through the credential resolver (default: the environment)',
  );
const secretFileField = (of: string) =>
  z
    .string()
    .optional()
    .describe(`Path of a file holding ${of} (read once, trimmed), relative to the config file`);

export const slackChannelSchema = z
  .strictObject({
    type: z.literal('slack'),
    ...commonChannelShape,
    webhook_url: textField('the Slack webhook URL')
      .optional()
      .describe(
        'Slack webhook URL (https). Secret: prefer ${VAR}, !secret, webhook_url_file or credentials.',
      ),
    webhook_url_file: secretFileField('the webhook URL'),
    credentials: credentialsField().optional(),
    username: textField('a display name')
      .optional()
      .describe('Poster display name (legacy webhooks)'),
    icon_emoji: textField('an emoji shortcode such as ":bell:"')
      .optional()
      .describe('Poster icon, such as ":bell:" (legacy webhooks)'),
    channel_name: textField('a Slack channel such as "#alerts"')
      .optional()
      .describe('Slack channel override, such as "#alerts" (legacy webhooks)'),
    mention: z
      .union(
        [
          z.string(),
          z.strictObject({
            text: z.string().describe('"@here", "@channel", "@U…" or "@S…"'),
            min_level: levelField()
              .optional()
              .describe('Lowest level the mention fires at. Default critical.'),
          }),
        ],
        {
          error: (issue) =>
            `expected a mention such as "@here" or { text, min_level }; ${got(issue.input)}`,
        },
      )
      .optional()
      .describe(
        'Who to notify on serious alerts: "@here", "@channel", "@U…", "@S…" or { text, min_level }',
      ),
    webhook_type: z
      .enum(['incoming', 'workflow'])
      .optional()
      .describe("'incoming' (Block Kit) or 'workflow' (trigger variables). Default: from the URL."),
    allow_insecure_http: booleanField()
      .optional()
      .describe('Accept an http:// webhook URL (local tests only). Default false.'),
  })
  .check(
    requireOne(
      ['webhook_url', 'credentials'],
      'the Slack webhook URL: `webhook_url`, `webhook_url_file` or `credentials: <name>`',
    ),
  )
  .describe('Slack incoming webhook (@tocsin/slack)');

export const webhookChannelSchema = z
  .strictObject({
    type: z.literal('webhook'),
    ...commonChannelShape,
    url: textField('the receiver URL')
      .optional()
      .describe('Receiver URL (https, or http on a trusted network). Secret: shown masked.'),
    url_file: secretFileField('the URL'),
    credentials: credentialsField().optional(),
    method: z.enum(['POST', 'PUT', 'post', 'put']).optional().describe('POST (default) or PUT'),
    headers: stringMapField('header names to values')
      .optional()
      .describe('Extra request headers; values are secret'),
    format: z
      .enum(['tocsin', 'alertmanager'])
      .optional()
      .describe("Body layout: 'tocsin' (default) or 'alertmanager' (Alertmanager webhook v4)"),
    secret: textField('a signing secret')
      .optional()
      .describe('HMAC-SHA256 signing secret (>= 16 characters)'),
    secret_file: secretFileField('the signing secret'),
    max_response_bytes: countField('a number of bytes')
      .optional()
      .describe('Bytes of a response body read at most. Default 65536.'),
    max_connections: countField('a number of connections')
      .optional()
      .describe('Most connections open to the receiver at once. Default 16.'),
  })
  .check(
    requireOne(
      ['url', 'credentials'],
      'the receiver URL: `url`, `url_file` or `credentials: <name>`',
    ),
  )
  .describe('HTTP webhook (@tocsin/webhook)');

const smtpTransportSchema = z
  .strictObject({
    type: z.literal('smtp').optional().describe('smtp (the default)'),
    host: textField('a host name').optional().describe('SMTP server. Default localhost.'),
    port: numberField('a port number').optional().describe('Default 587 (465 when secure)'),
    secure: booleanField().optional().describe('TLS from the start (port 465)'),
    require_tls: booleanField()
      .optional()
      .describe('Refuse to send unless STARTTLS succeeds (port 587)'),
    use_tls: booleanField()
      .optional()
      .describe("kstlib's switch: true requires STARTTLS, false never uses it"),
    ignore_tls: booleanField()
      .optional()
      .describe('Never use STARTTLS, even when offered (trusted local relay only)'),
    username: textField('a user name')
      .optional()
      .describe('SMTP user (kstlib spelling; or auth.user)'),
    password: textField('a password')
      .optional()
      .describe('SMTP password. Secret: prefer !secret, ${VAR}, password_file or credentials.'),
    password_file: secretFileField('the password'),
    credentials: credentialsField()
      .optional()
      .describe('Credential name for the password, looked up through the resolver'),
    auth: z
      .strictObject({
        user: textField('a user name').describe('SMTP user'),
        pass: textField('a password').optional().describe('SMTP password (secret)'),
        pass_file: secretFileField('the password'),
      })
      .optional()
      .describe("nodemailer's spelling of username/password"),
    tls: z
      .strictObject({
        reject_unauthorized: booleanField()
          .optional()
          .describe('Verify the server certificate. Default true.'),
        servername: textField('a host name')
          .optional()
          .describe('Name to verify the certificate against'),
        ca: z
          .union([z.string(), z.array(z.string())])
          .optional()
          .describe('Extra trusted CA certificate(s), PEM'),
        ca_file: secretFileField('a CA certificate (PEM)'),
      })
      .optional()
      .describe('TLS settings'),
    pool: booleanField().optional().describe('Keep a pool of SMTP connections. Default true.'),
    max_connections: countField('a number of connections').optional().describe('Pool size'),
    max_messages: countField('a number of messages')
      .optional()
      .describe('Messages per connection before it is renewed'),
    connection_timeout: durationField()
      .optional()
      .describe('Time to establish the connection (seconds or "30s")'),
    greeting_timeout: durationField().optional().describe('Time to wait for the greeting'),
    socket_timeout: durationField()
      .optional()
      .describe('Idle time allowed on the socket. Default 60 s.'),
    client_name: textField('a host name')
      .optional()
      .describe('Name sent in EHLO. Default: this host name.'),
  })
  .check(atMostOne(['password', 'credentials']))
  .check(
    z.superRefine(
      (value: Record<string, unknown>, ctx) => {
        if (typeof value !== 'object' || value === null) return;
        if (
          value.auth !== undefined &&
          (value.username !== undefined || value.password !== undefined)
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['auth'],
            message: 'give either `auth: { user, pass }` or `username`/`password`, not both',
          });
        } else if (
          value.auth === undefined &&
          value.username === undefined &&
          (value.password !== undefined || value.credentials !== undefined)
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['username'],
            message: 'missing: a password needs the SMTP user name (`username`)',
          });
        }
      },
      { when: () => true },
    ),
  )
  .describe('SMTP server (nodemailer)');

const resendTransportSchema = z
  .strictObject({
    type: z.literal('resend'),
    api_key: textField('a Resend API key')
      .optional()
      .describe('Resend API key (re_...). Secret. Default: RESEND_API_KEY.'),
    api_key_file: secretFileField('the API key'),
    credentials: credentialsField().optional(),
    base_url: textField('a URL').optional().describe('Resend API base URL'),
  })
  .check(atMostOne(['api_key', 'credentials']))
  .describe("Resend API, as kstlib's ResendTransport (becomes a ResendChannel)");

const emailShape = {
  from: senderField()
    .optional()
    .describe('Sender: an address, "Name <address>" or { name, address }'),
  sender: senderField().optional().describe("kstlib's name for from"),
  to: recipientsField().optional().describe('Recipients: one address or a list'),
  recipients: recipientsField().optional().describe("kstlib's name for to"),
  cc: recipientsField().optional().describe('Carbon-copy recipients'),
  bcc: recipientsField().optional().describe('Blind carbon-copy recipients'),
  reply_to: recipientsField().optional().describe('Reply-To address(es)'),
  subject_prefix: z
    .string()
    .optional()
    .describe("Goes before [LEVEL] in the subject; '' for none. Default '[ALERT]'."),
  html: booleanField().optional().describe('Send an HTML part beside the text. Default true.'),
};

export const emailChannelSchema = z
  .strictObject({
    type: z.literal('email'),
    ...commonChannelShape,
    transport: z
      .discriminatedUnion('type', [smtpTransportSchema, resendTransportSchema], {
        error: (issue) =>
          issue.input === undefined || (typeof issue.input === 'object' && issue.input !== null)
            ? 'expected transport `type` smtp (the default) or resend'
            : `expected a mapping (the SMTP server or Resend settings); ${got(issue.input)}`,
      })
      .describe(
        'How mail is sent: an SMTP server (type: smtp, the default) or Resend (type: resend)',
      ),
    ...emailShape,
    headers: stringMapField('header names to values').optional().describe('Extra message headers'),
    max_body_bytes: countField('a number of bytes')
      .optional()
      .describe('Longest alert body kept; longer is cut with a marker. Default 102400.'),
  })
  .check(requireOne(['from', 'sender'], 'a sender address: `from` or `sender`'))
  .check(
    requireOne(
      ['to', 'recipients'],
      'at least one recipient address: `recipients` or `to`',
      'recipients',
    ),
  )
  .describe('Email (@tocsin/email; @tocsin/resend when transport.type is resend)');

export const resendChannelSchema = z
  .strictObject({
    type: z.literal('resend'),
    ...commonChannelShape,
    api_key: textField('a Resend API key')
      .optional()
      .describe('Resend API key (re_...). Secret. Default: RESEND_API_KEY.'),
    api_key_file: secretFileField('the API key'),
    credentials: credentialsField().optional(),
    ...emailShape,
    tags: z
      .union(
        [
          z.array(z.strictObject({ name: z.string(), value: z.string() })),
          z.record(z.string(), z.string()),
        ],
        {
          error: (issue) =>
            `expected a list of { name, value } or a mapping of names to values; ${got(issue.input)}`,
        },
      )
      .optional()
      .describe('Resend tags: [{ name, value }] or { name: value }'),
    base_url: textField('a URL')
      .optional()
      .describe('Resend API base URL (regional endpoint, proxy, local test server)'),
    max_body_bytes: countField('a number of bytes')
      .optional()
      .describe('Longest alert body kept. Default 102400.'),
  })
  .check(requireOne(['from', 'sender'], 'a sender address: `from` or `sender`'))
  .check(
    requireOne(
      ['to', 'recipients'],
      'at least one recipient address: `recipients` or `to`',
      'recipients',
    ),
  )
  .check(atMostOne(['api_key', 'credentials']))
  .describe('Resend (@tocsin/resend)');

/** The built-in channel types, by `type`. */
export const BUILTIN_CHANNEL_SCHEMAS = {
  slack: slackChannelSchema,
  webhook: webhookChannelSchema,
  email: emailChannelSchema,
  resend: resendChannelSchema,
} as const;

export type BuiltinChannelType = keyof typeof BUILTIN_CHANNEL_SCHEMAS;
export const BUILTIN_CHANNEL_TYPES = Object.keys(BUILTIN_CHANNEL_SCHEMAS) as BuiltinChannelType[];

/** A channel whose type is registered in code (`channelTypes`): common keys checked, the rest passed on. */
export function customChannelSchema(type: string) {
  return z.looseObject({ type: z.literal(type), ...commonChannelShape });
}

/** File-form of each built-in instance. */
export type SlackChannelFile = z.infer<typeof slackChannelSchema>;
export type WebhookChannelFile = z.infer<typeof webhookChannelSchema>;
export type EmailChannelFile = z.infer<typeof emailChannelSchema>;
export type ResendChannelFile = z.infer<typeof resendChannelSchema>;
export type ChannelThrottleFile = z.infer<typeof channelThrottleSchema>;

/**
 * Exactly one of `keys` must be present. Runs even when other keys failed, so every
 * problem of an instance is reported at once.
 */
function requireOne(keys: readonly [string, string], what: string, at: string = keys[0]) {
  return z.superRefine(
    (value: Record<string, unknown>, ctx) => {
      if (typeof value !== 'object' || value === null) return;
      const present = keys.filter((key) => value[key] !== undefined);
      if (present.length === 0) {
        ctx.addIssue({ code: 'custom', path: [at], message: `missing: expected ${what}` });
      } else if (present.length > 1) {
        ctx.addIssue({
          code: 'custom',
          path: [keys[1]],
          message: `give either \`${keys[0]}\` or \`${keys[1]}\`, not both`,
        });
      }
    },
    { when: () => true },
  );
}

function atMostOne(keys: readonly [string, string]) {
  return z.superRefine(
    (value: Record<string, unknown>, ctx) => {
      if (typeof value !== 'object' || value === null) return;
      if (keys.every((key) => value[key] !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [keys[1]],
          message: `give either \`${keys[0]}\` or \`${keys[1]}\`, not both`,
        });
      }
    },
    { when: () => true },
  );
}
