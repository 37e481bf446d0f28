import { parseChannelOptions, secondsField, withAliases } from '@tocsin/channel-kit';
import type { Transport } from 'nodemailer';
import { z } from 'zod';
import { emailAddressListSchema, emailAddressSchema } from './email-address.js';

/** Headers the channel writes itself; `headers` may not set them. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'sender',
  'return-path',
  'x-tocsin-alert-id',
  'x-tocsin-level',
  'x-tocsin-fingerprint',
]);
const HEADER_NAME = /^[!-9;-~]+$/;
const HEADER_VALUE = /^[^\r\n\u0000]*$/;

const caSchema = z.union(
  [z.string(), z.instanceof(Buffer), z.array(z.union([z.string(), z.instanceof(Buffer)]))],
  {
    error: '`transport.tls.ca` must be a PEM string, a Buffer or a list of them',
  },
);

/** The fields of the SMTP settings; `smtpTransportOptionsSchema` adds kstlib's names. */
const smtpFields = z.strictObject({
  /** `smtp`, the default (a config file may say so beside `type: resend`). */
  type: z
    .string({ error: "`transport.type` must be 'smtp' or 'resend'" })
    .regex(/^smtp$/i, "`transport.type` must be 'smtp' or 'resend'")
    .optional()
    .describe('smtp (the default) or resend'),
  /** SMTP server host name or IP. @default 'localhost' */
  host: z
    .string({ error: '`transport.host` must be a string (the SMTP server host name)' })
    .min(1, '`transport.host` must be a non-empty host name')
    .default('localhost')
    .describe('SMTP server host name or IP (default localhost)'),
  /** @default 465 with `secure`, else 587 */
  port: z
    .number({ error: '`transport.port` must be a number' })
    .int('`transport.port` must be a whole number')
    .min(1, '`transport.port` must be 1..65535')
    .max(65_535, '`transport.port` must be 1..65535')
    .optional()
    .describe('SMTP port (default 465 with secure, else 587)'),
  /** TLS from the first byte (port 465). For port 587 leave it off and use `requireTLS`. @default false */
  secure: z
    .boolean({ error: '`transport.secure` must be a boolean' })
    .default(false)
    .describe('TLS from the start (port 465)'),
  /** Refuse to send unless the server upgrades the connection with STARTTLS. @default false */
  requireTLS: z
    .boolean({ error: '`transport.requireTLS` must be a boolean' })
    .default(false)
    .describe('Require STARTTLS (port 587)'),
  /** Never use STARTTLS, even when offered (only for a trusted local relay). @default false */
  ignoreTLS: z
    .boolean({ error: '`transport.ignoreTLS` must be a boolean' })
    .default(false)
    .describe('Do not use STARTTLS even when offered'),
  /** Login. `pass` is a secret: it never appears in errors, logs, results or `toJSON()`. */
  auth: z
    .strictObject({
      user: z
        .string({ error: '`transport.auth.user` must be a string' })
        .min(1, '`transport.auth.user` must be non-empty'),
      pass: z.string({ error: '`transport.auth.pass` must be a string' }),
    })
    .optional()
    .describe('SMTP login { user, pass }; pass is secret'),
  /** kstlib's spelling of `auth.user`. */
  username: z
    .string({ error: '`transport.username` must be a string' })
    .min(1, '`transport.username` must be non-empty')
    .optional()
    .describe("SMTP user (kstlib's spelling of auth.user)"),
  /** kstlib's spelling of `auth.pass`. Secret. */
  password: z
    .string({ error: '`transport.password` must be a string' })
    .optional()
    .describe("SMTP password (kstlib's spelling of auth.pass); secret"),
  /** kstlib's switch: true requires STARTTLS (`requireTLS`), false never uses it (`ignoreTLS`). */
  useTls: z
    .boolean({ error: '`transport.useTls` must be a boolean' })
    .optional()
    .describe("kstlib's switch: true requires STARTTLS, false never uses it"),
  /** TLS settings: trust a private CA, check another name, or (never in production) skip checks. */
  tls: z
    .strictObject({
      ca: caSchema.optional(),
      servername: z.string({ error: '`transport.tls.servername` must be a string' }).optional(),
      rejectUnauthorized: z
        .boolean({ error: '`transport.tls.rejectUnauthorized` must be a boolean' })
        .optional(),
    })
    .optional()
    .describe('TLS options: ca (PEM), servername, rejectUnauthorized'),
  /** Keep connections open and reuse them (one pool per channel). @default true */
  pool: z
    .boolean({ error: '`transport.pool` must be a boolean' })
    .default(true)
    .describe('Pool connections (default true)'),
  /** Most pooled connections open at once. @default 5 */
  maxConnections: z
    .number({ error: '`transport.maxConnections` must be a number' })
    .int('`transport.maxConnections` must be a whole number')
    .min(1, '`transport.maxConnections` must be >= 1')
    .max(100, '`transport.maxConnections` must be <= 100')
    .default(5)
    .describe('Most pooled connections (default 5)'),
  /** Messages sent over one pooled connection before it is replaced. @default unlimited */
  maxMessages: z
    .number({ error: '`transport.maxMessages` must be a number' })
    .min(1, '`transport.maxMessages` must be >= 1')
    .optional()
    .describe('Messages per pooled connection before reconnecting (default unlimited)'),
  /** Seconds to wait for the TCP (and TLS) connection. @default 30 */
  connectionTimeout: secondsField('transport.connectionTimeout', 600)
    .default(30)
    .describe('Seconds to wait for the connection (default 30)'),
  /** Seconds to wait for the server's greeting once connected. @default 30 */
  greetingTimeout: secondsField('transport.greetingTimeout', 600)
    .default(30)
    .describe("Seconds to wait for the server's greeting (default 30)"),
  /** Seconds of silence on the socket before giving up. @default 60 */
  socketTimeout: secondsField('transport.socketTimeout', 3600)
    .default(60)
    .describe('Seconds of socket inactivity allowed (default 60)'),
  /** Host name sent in EHLO. @default the machine's host name */
  name: z
    .string({ error: '`transport.name` must be a string' })
    .min(1)
    .optional()
    .describe('Client name for EHLO'),
  /** Another name for `name` (config files said `client_name`). */
  clientName: z
    .string({ error: '`transport.clientName` must be a string' })
    .min(1)
    .optional()
    .describe('Client name for EHLO (another name for `name`)'),
});

/**
 * SMTP connection settings (nodemailer's SMTP transport, pooled by default). kstlib's
 * `username`/`password` become `auth`, its `useTls` becomes `requireTLS`/`ignoreTLS`.
 */
export const smtpTransportOptionsSchema = smtpFields
  .check(
    z.superRefine(
      (value: Record<string, unknown>, ctx) => {
        if (typeof value !== 'object' || value === null) return;
        const kstlib = value.username !== undefined || value.password !== undefined;
        if (value.auth !== undefined && kstlib) {
          ctx.addIssue({
            code: 'custom',
            path: ['username'],
            message: '`transport.auth` and `transport.username`/`password`: give one of them',
          });
        } else if (kstlib && value.username === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['username'],
            message: '`transport.username` is required with a password (the SMTP user name)',
          });
        } else if (kstlib && value.password === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['password'],
            message: '`transport.password` is required with a user name (or `credentials: <name>`)',
          });
        }
      },
      { when: () => true },
    ),
  )
  .transform(({ type: _type, username, password, useTls, clientName, ...smtp }) => ({
    ...smtp,
    ...(smtp.name === undefined && clientName !== undefined ? { name: clientName } : {}),
    ...(username === undefined ? {} : { auth: { user: username, pass: password ?? '' } }),
    requireTLS: smtp.requireTLS || useTls === true,
    ignoreTLS: smtp.ignoreTLS || useTls === false,
  }));

/**
 * kstlib's `transport: { type: resend }`: the email goes through Resend's API, and the
 * config loader builds a `ResendChannel` (@tocsin/resend) for it.
 */
export const resendTransportOptionsSchema = z
  .strictObject({
    type: z
      .string({ error: "`transport.type` must be 'smtp' or 'resend'" })
      .regex(/^resend$/i, "`transport.type` must be 'smtp' or 'resend'")
      .describe('resend: send through the Resend API (needs @tocsin/resend)'),
    apiKey: z
      .string({ error: '`transport.apiKey` must be a string (a Resend API key)' })
      .min(1, '`transport.apiKey` must be non-empty')
      .optional()
      .describe('Resend API key (re_...); secret. Default: RESEND_API_KEY'),
    baseUrl: z
      .string({ error: '`transport.baseUrl` must be a string' })
      .optional()
      .describe('Resend API base URL'),
  })
  .transform((value) => ({ ...value, type: 'resend' as const }));

/** Resend settings once validated. */
export type ResendTransportOptions = z.output<typeof resendTransportOptionsSchema>;

/** A nodemailer transport you built: `createTransport(...)`'s result or a transport object (`send(mail, cb)`). */
export type EmailTransportInstance = Transport | { sendMail: (...args: never[]) => unknown };

const transportInstanceSchema = z.custom<EmailTransportInstance>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as { sendMail?: unknown }).sendMail === 'function' ||
      typeof (value as { send?: unknown }).send === 'function'),
  { error: 'must be SMTP options ({ host, port, ... }) or a nodemailer transport' },
);

const recipientList = emailAddressListSchema().refine(
  (list) => list.length > 0,
  '`to` must name at least one recipient',
);

/** The fields of the options; `emailChannelOptionsSchema` adds the kstlib names' rules. */
const emailFields = z.strictObject({
  /**
   * SMTP settings, or a nodemailer transport you made (which you then close yourself). In a
   * config file, `{ type: resend, api_key }` sends through Resend instead (kstlib's ResendTransport).
   */
  transport: z
    .union([transportInstanceSchema, smtpTransportOptionsSchema, resendTransportOptionsSchema], {
      error: 'must be SMTP options ({ host, port, ... }) or a nodemailer transport',
    })
    .describe(
      'SMTP options { host, port, secure, requireTLS, auth, tls, pool, ... }, { type: resend, apiKey }, or a nodemailer transport',
    ),
  /** Sender: `'alerts@example.com'`, `'Alerts <alerts@example.com>'` or `{ name, address }`. */
  from: emailAddressSchema().optional().describe('Sender address'),
  /** kstlib's name for `from`. */
  sender: emailAddressSchema().optional().describe("kstlib's name for `from`"),
  /** Recipients: one address or a non-empty list. */
  to: recipientList.optional().describe('Recipients: one address or a non-empty list'),
  /** kstlib's name for `to`. */
  recipients: recipientList.optional().describe("kstlib's name for `to`"),
  /** @default [] */
  cc: emailAddressListSchema().default([]).describe('Cc recipients'),
  /** @default [] */
  bcc: emailAddressListSchema().default([]).describe('Bcc recipients (not shown to the others)'),
  replyTo: emailAddressSchema().optional().describe('Reply-To address'),
  /**
   * Goes before `[LEVEL]` in the subject; `''` for none. With the default, SUCCESS alerts
   * start `[SUCCESS]` instead.
   * @default '[ALERT]'
   */
  subjectPrefix: z
    .string({ error: '`subjectPrefix` must be a string' })
    .optional()
    .describe("Subject prefix (default '[ALERT]')"),
  /** Send an HTML part beside the text. @default true */
  html: z
    .boolean({ error: '`html` must be a boolean' })
    .default(true)
    .describe('Add an HTML part (default true)'),
  /** Largest alert body sent, in UTF-8 bytes; a longer one is cut with a visible marker. @default 102400 */
  maxBodyBytes: z
    .number({ error: '`maxBodyBytes` must be a number of bytes' })
    .int('`maxBodyBytes` must be a whole number of bytes')
    .min(1, '`maxBodyBytes` must be >= 1')
    .max(10 * 1024 * 1024, '`maxBodyBytes` must be <= 10 MiB')
    .default(100 * 1024)
    .describe('Largest body in bytes before it is cut (default 102400)'),
  /** Extra headers on every message (`X-Env: prod`). Values may not contain line breaks. @default {} */
  headers: z
    .record(z.string(), z.string({ error: '`headers` values must be strings' }))
    .default({})
    .describe('Extra headers on every message'),
  /** Routing name. @default 'email' */
  name: z
    .string({ error: '`name` must be a string' })
    .min(1, '`name` must be a non-empty string')
    .default('email')
    .describe("Routing name (default 'email')"),
  /**
   * Seconds one send may take at most, 1..120 (clamped with a warning). Core's per-attempt
   * timeout applies as well through the abort signal; the shorter one wins.
   * @default undefined (only core's per-attempt timeout applies)
   */
  timeout: z
    .number({ error: '`timeout` must be a number of seconds' })
    .optional()
    .describe('Seconds one send may take (1..120)'),
});

/**
 * Options of `EmailChannel`. The same schema validates code options and config files;
 * kstlib's `sender`/`recipients` are accepted for `from`/`to`.
 */
export const emailChannelOptionsSchema = withAliases(
  emailFields.check(
    z.superRefine(
      (value: Record<string, unknown>, ctx) => {
        const transport = value?.transport as { type?: unknown } | undefined;
        const headers = value?.headers as object | undefined;
        if (transport?.type === 'resend' && headers && Object.keys(headers).length > 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['headers'],
            message: '`headers` are not supported with transport type resend',
          });
        }
      },
      { when: () => true },
    ),
  ),
  {
    from: { alias: 'sender', expected: 'the sender address' },
    to: { alias: 'recipients', expected: 'at least one recipient address' },
  },
);

/** Is this the Resend transport of a config file (then a ResendChannel is built)? */
export function isResendTransport(transport: unknown): transport is ResendTransportOptions {
  return (transport as { type?: unknown } | undefined)?.type === 'resend';
}

/** What `new EmailChannel(options)` takes. */
export type EmailChannelOptions = z.input<typeof emailChannelOptionsSchema>;
/** What the schema outputs: a config file's Resend transport included. */
export type EmailChannelSchemaOutput = z.output<typeof emailChannelOptionsSchema>;
/** The options `EmailChannel` runs with: validated, defaults applied, SMTP or your transport. */
export type ResolvedEmailChannelOptions = Omit<EmailChannelSchemaOutput, 'transport'> & {
  transport: Exclude<EmailChannelSchemaOutput['transport'], ResendTransportOptions>;
};
/** SMTP settings once validated. */
export type ResolvedSmtpTransportOptions = z.output<typeof smtpTransportOptionsSchema>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option in backticks;
 * the message never repeats the password.
 */
export function parseEmailChannelOptions(options: unknown): ResolvedEmailChannelOptions {
  const data = parseChannelOptions(emailChannelOptionsSchema, options, {
    channel: 'EmailChannel',
    required: '`transport`, `from` and `to`',
  });
  if (isResendTransport(data.transport)) {
    throw new TypeError(
      'EmailChannel: `transport.type` resend sends through Resend: use ResendChannel from @tocsin/resend (a config file does this for you)',
    );
  }
  const resolved = data as ResolvedEmailChannelOptions;
  for (const [name, value] of Object.entries(resolved.headers)) {
    if (!HEADER_NAME.test(name))
      throw new TypeError(`\`headers\` has an invalid header name: ${JSON.stringify(name)}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new TypeError(`\`headers.${name}\` is set by the channel itself and cannot be given`);
    }
    if (!HEADER_VALUE.test(value))
      throw new TypeError(`\`headers.${name}\` must not contain line breaks or NUL`);
  }
  return resolved;
}
