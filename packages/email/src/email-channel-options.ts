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
]);
const HEADER_NAME = /^[!-9;-~]+$/;
const HEADER_VALUE = /^[^\r\n\u0000]*$/;

const seconds = (name: string, max: number) =>
  z
    .number({ error: `\`${name}\` must be a number of seconds` })
    .positive(`\`${name}\` must be > 0 seconds`)
    .max(max, `\`${name}\` is in seconds and must be <= ${max}`);

const caSchema = z.union(
  [z.string(), z.instanceof(Buffer), z.array(z.union([z.string(), z.instanceof(Buffer)]))],
  {
    error: '`transport.tls.ca` must be a PEM string, a Buffer or a list of them',
  },
);

/** SMTP connection settings (nodemailer's SMTP transport, pooled by default). */
export const smtpTransportOptionsSchema = z.strictObject({
  /** SMTP server host name or IP. */
  host: z
    .string({ error: '`transport.host` must be a string (the SMTP server host name)' })
    .min(1, '`transport.host` must be a non-empty host name')
    .describe('SMTP server host name or IP'),
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
  /** Messages sent over one pooled connection before it is replaced. @default Infinity */
  maxMessages: z
    .number({ error: '`transport.maxMessages` must be a number' })
    .min(1, '`transport.maxMessages` must be >= 1')
    .default(Number.POSITIVE_INFINITY)
    .describe('Messages per pooled connection before reconnecting (default unlimited)'),
  /** Seconds to wait for the TCP (and TLS) connection. @default 30 */
  connectionTimeout: seconds('transport.connectionTimeout', 600)
    .default(30)
    .describe('Seconds to wait for the connection (default 30)'),
  /** Seconds to wait for the server's greeting once connected. @default 30 */
  greetingTimeout: seconds('transport.greetingTimeout', 600)
    .default(30)
    .describe("Seconds to wait for the server's greeting (default 30)"),
  /** Seconds of silence on the socket before giving up. @default 60 */
  socketTimeout: seconds('transport.socketTimeout', 3600)
    .default(60)
    .describe('Seconds of socket inactivity allowed (default 60)'),
  /** Host name sent in EHLO. @default the machine's host name */
  name: z
    .string({ error: '`transport.name` must be a string' })
    .min(1)
    .optional()
    .describe('Client name for EHLO'),
});

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

/** Options of `EmailChannel`. The same schema validates code options and config files. */
export const emailChannelOptionsSchema = z.strictObject({
  /** SMTP settings, or a nodemailer transport you made (which you then close yourself). */
  transport: z
    .union([transportInstanceSchema, smtpTransportOptionsSchema], {
      error: 'must be SMTP options ({ host, port, ... }) or a nodemailer transport',
    })
    .describe(
      'SMTP options { host, port, secure, requireTLS, auth, tls, pool, ... } or a nodemailer transport',
    ),
  /** Sender: `'alerts@example.com'`, `'Alerts <alerts@example.com>'` or `{ name, address }`. */
  from: emailAddressSchema.describe('Sender address'),
  /** Recipients: one address or a non-empty list. */
  to: emailAddressListSchema
    .refine((list) => list.length > 0, '`to` must name at least one recipient')
    .describe('Recipients: one address or a non-empty list'),
  /** @default [] */
  cc: emailAddressListSchema.default([]).describe('Cc recipients'),
  /** @default [] */
  bcc: emailAddressListSchema.default([]).describe('Bcc recipients (not shown to the others)'),
  replyTo: emailAddressSchema.optional().describe('Reply-To address'),
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

/** What `new EmailChannel(options)` takes. */
export type EmailChannelOptions = z.input<typeof emailChannelOptionsSchema>;
/** The options once validated, defaults applied. */
export type ResolvedEmailChannelOptions = z.output<typeof emailChannelOptionsSchema>;
/** SMTP settings once validated. */
export type ResolvedSmtpTransportOptions = z.output<typeof smtpTransportOptionsSchema>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option in backticks;
 * the message never repeats the password.
 */
export function parseEmailChannelOptions(options: unknown): ResolvedEmailChannelOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('EmailChannel options must be an object with `transport`, `from` and `to`');
  }
  const parsed = emailChannelOptionsSchema.safeParse(options);
  if (!parsed.success) throw optionError(parsed.error.issues);
  const data = parsed.data;
  for (const [name, value] of Object.entries(data.headers)) {
    if (!HEADER_NAME.test(name))
      throw new TypeError(`\`headers\` has an invalid header name: ${JSON.stringify(name)}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new TypeError(`\`headers.${name}\` is set by the channel itself and cannot be given`);
    }
    if (!HEADER_VALUE.test(value))
      throw new TypeError(`\`headers.${name}\` must not contain line breaks or NUL`);
  }
  return data;
}

type Issue = z.core.$ZodIssue;

function optionError(issues: readonly Issue[]): Error {
  let issue = issues[0];
  let path: PropertyKey[] = [...(issue?.path ?? [])];
  // A union failed: follow the branch that matched the value's type and failed deeper
  // (SMTP options for an object, the list for an array), so the message names the field.
  while (issue?.code === 'invalid_union') {
    const next = issue.errors
      .map((branch) => branch[0])
      .find((first) => first !== undefined && !isTypeMismatch(first));
    if (next === undefined) break;
    issue = next;
    path = [...path, ...next.path];
  }
  const where = formatPath(path);
  let message = issue?.message ?? 'is invalid';
  if (!message.includes('`')) message = `\`${where}\` ${message}`;
  return issue?.code === 'too_small' || issue?.code === 'too_big'
    ? new RangeError(message)
    : new TypeError(message);
}

function isTypeMismatch(issue: Issue): boolean {
  return (
    issue.path.length === 0 &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'custom')
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}
