import { isHttpUrl, parseChannelOptions, proxyField, withAliases } from '@tocsin/channel-kit';
import { z } from 'zod';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Resend's rule for tag names and values (as SES): ASCII letters, digits, `_` and `-`, at most 256. */
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;
/** Resend takes at most 50 addresses in each of `to`, `cc` and `bcc`. */
const MAX_RECIPIENTS = 50;

/** `ops@example.com` or `Ops <ops@example.com>`; one line, with an `@`. */
const mailbox = z
  .string()
  .trim()
  .min(1, 'must be a non-empty email address')
  .refine((value) => !CONTROL.test(value), 'must not contain line breaks or control characters')
  .refine(
    (value) => value.includes('@'),
    'must be an email address (`name@domain` or `Name <name@domain>`)',
  );

const recipients = (what: string) =>
  z
    .union([mailbox, z.array(mailbox).min(1, `must list at least one ${what}`).max(MAX_RECIPIENTS)])
    .transform((value): string[] => (Array.isArray(value) ? value : [value]));

const sender = z.union([
  mailbox,
  z.strictObject({
    name: z
      .string()
      .optional()
      .describe('Display name; line breaks and control characters are removed'),
    address: mailbox.describe('The sending address, on a domain verified in Resend'),
  }),
]);

const tagPart = z
  .string()
  .regex(TAG_PART, 'must be 1-256 ASCII letters, digits, `_` or `-` (Resend’s rule)');
const tag = z.strictObject({ name: tagPart, value: tagPart });

const baseUrl = z
  .string()
  .trim()
  .refine(isHttpUrl, 'must be an absolute http(s) URL such as `https://api.resend.com`');

/** The options' fields; `resendChannelOptionsSchema` adds the kstlib names' rules. */
const resendOptionsShape = z.strictObject({
  /**
   * Resend API key (`re_...`). Read from the `RESEND_API_KEY` environment variable when absent.
   * Never shown in errors, results, stats, logs or the channel's string forms.
   */
  apiKey: z
    .string({ error: 'must be a string (a Resend API key such as `re_...`)' })
    .trim()
    .min(1, 'must be a non-empty Resend API key')
    .optional()
    .describe('Resend API key; default: the RESEND_API_KEY environment variable'),
  /** Sender: `alerts@example.com`, `Alerts <alerts@example.com>` or `{ name, address }`. */
  from: sender
    .optional()
    .describe(
      'Sender address on a domain verified in Resend: an address, `Name <address>` or { name, address }',
    ),
  /** kstlib's name for `from`. */
  sender: sender.optional().describe("kstlib's name for `from`"),
  /** One address or up to 50. */
  to: recipients('recipient').optional().describe('Recipients: one address or a list of up to 50'),
  /** kstlib's name for `to`. */
  recipients: recipients('recipient').optional().describe("kstlib's name for `to`"),
  /** One address or up to 50. */
  cc: recipients('address')
    .optional()
    .describe('Carbon-copy recipients: one address or a list of up to 50'),
  /** One address or up to 50. */
  bcc: recipients('address')
    .optional()
    .describe('Blind carbon-copy recipients: one address or a list of up to 50'),
  /** Where replies go: one address or several. */
  replyTo: recipients('address').optional().describe('Reply-To: one address or a list'),
  /**
   * Goes before `[LEVEL]` in the subject; `''` leaves it out.
   * @default '[ALERT]' (SUCCESS alerts get `[SUCCESS]` alone)
   */
  subjectPrefix: z
    .string()
    .optional()
    .describe(
      "Subject prefix before [LEVEL]; '' for none (default '[ALERT]'; SUCCESS alerts get [SUCCESS] alone)",
    ),
  /**
   * Resend tags on every email, for filtering in Resend's dashboard and webhooks: a list of
   * `{ name, value }` or a record `{ name: value }`. Names and values: ASCII letters, digits, `_`, `-`.
   */
  tags: z
    .union([
      z.array(tag).max(50),
      z
        .record(tagPart, tagPart)
        .transform((record) => Object.entries(record).map(([name, value]) => ({ name, value }))),
    ])
    .optional()
    .describe(
      'Resend tags: [{ name, value }] or { name: value }; ASCII letters, digits, _ and - only',
    ),
  /**
   * Send the HTML part beside the plain text.
   * @default true
   */
  html: z
    .boolean()
    .default(true)
    .describe('Send an HTML part beside the plain text (default true)'),
  /**
   * Largest alert body kept, in UTF-8 bytes; a longer one is cut with a visible marker.
   * @default 102400 (100 KB)
   */
  maxBodyBytes: z
    .number()
    .int('must be a whole number of bytes')
    .positive('must be a positive number of bytes')
    .optional()
    .describe(
      'Largest alert body kept, in UTF-8 bytes; longer bodies are cut with a marker (default 102400)',
    ),
  /**
   * Resend API base URL: a regional endpoint, a proxy, or a local server in tests.
   * @default the RESEND_BASE_URL environment variable, else `https://api.resend.com`
   */
  baseUrl: baseUrl
    .optional()
    .describe(
      'Resend API base URL (regional endpoint, proxy, local test server); default RESEND_BASE_URL or https://api.resend.com',
    ),
  /**
   * Routing name of the channel.
   * @default 'resend'
   */
  name: z
    .string()
    .trim()
    .min(1, 'must be a non-empty string')
    .default('resend')
    .describe("Channel name (default 'resend')"),
  /**
   * Seconds one request to Resend may take before it is abandoned (and retried by core).
   * Clamped to the hard limits (1..120). When absent, only the AlertManager's per-attempt
   * timeout applies; when both are set, the shorter wins.
   */
  timeout: z
    .number()
    .optional()
    .describe('Seconds one request may take (1..120); default: the AlertManager timeout'),
  /** An HTTP(S) proxy URL, or `'env'` for HTTPS_PROXY/NO_PROXY. @default none */
  proxy: proxyField(),
});

/**
 * Options of `ResendChannel`. The same schema feeds the config loader and the generated
 * JSON Schema; kstlib's `sender` and `recipients` are accepted for `from` and `to`.
 */
export const resendChannelOptionsSchema = withAliases(resendOptionsShape, {
  from: { alias: 'sender', expected: 'the sender address' },
  to: { alias: 'recipients', expected: 'at least one recipient address' },
});

/** What `new ResendChannel(options)` accepts. */
export type ResendChannelOptions = z.input<typeof resendChannelOptionsSchema>;
/** The options after validation and defaults. */
export type ResolvedResendChannelOptions = z.output<typeof resendChannelOptionsSchema>;
/** One Resend tag. */
export type ResendTag = z.output<typeof tag>;

/**
 * Validate `ResendChannel` options.
 * @throws RangeError for a value out of range (an empty or over-long list), TypeError for
 * anything else; the message names the option in backticks and never echoes its value.
 */
export function parseResendChannelOptions(input: unknown): ResolvedResendChannelOptions {
  return parseChannelOptions(resendChannelOptionsSchema, input, {
    channel: 'ResendChannel',
    required: '`from` and `to`',
  });
}
