import { isHttpUrl, lazy, loadZod, parseChannelOptions, proxyField } from '@tocsin/channel-kit';
import type { Alert } from '@tocsin/core';
import type { z } from 'zod';

/** Turns an alert into the request body: the value is sent as JSON, a string or bytes as they are. */
export type WebhookFormatter = (alert: Alert) => unknown;

/** `'tocsin'` (our JSON), `'alertmanager'` (Prometheus Alertmanager's webhook body) or a function. */
export type WebhookFormat = 'tocsin' | 'alertmanager' | WebhookFormatter;

/** Headers the channel sets itself; a `headers` entry may not replace them. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'content-length',
  'transfer-encoding',
  'host',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'idempotency-key',
  'tocsin-signature',
]);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Field values: visible ASCII, spaces, tabs and obs-text; never CR, LF or NUL.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

const FORMAT_ERROR = "`format` must be 'tocsin', 'alertmanager' or a function (alert) => body";

/**
 * Options of `WebhookChannel`. The same schema validates code options and config files.
 * Built on first use (zod is loaded then): plainly valid options never need it, see
 * `fastWebhookOptions`.
 */
export const webhookChannelOptionsSchema = lazy(() => {
  const z = loadZod();
  const urlSchema = z
    .string({ error: '`url` must be a string (an absolute https:// or http:// URL)' })
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        // Never echo the value: webhook URLs carry tokens.
        ctx.addIssue({
          code: 'custom',
          message: '`url` must be an absolute https:// or http:// URL; it could not be parsed',
        });
        return;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        ctx.addIssue({
          code: 'custom',
          message: `\`url\` must use https: or http:; got ${url.protocol}`,
        });
      }
    });

  const formatSchema = z.union(
    [
      z.enum(['tocsin', 'alertmanager'], { error: FORMAT_ERROR }),
      // Code only: a config file names one of the two layouts.
      z.custom<WebhookFormatter>((value) => typeof value === 'function', { error: FORMAT_ERROR }),
    ],
    { error: FORMAT_ERROR },
  );

  /** POST or PUT in any case (`post`, `Put`), normalised to upper case: the same rule in code and files. */
  const methodSchema = z
    .string({ error: "`method` must be 'POST' or 'PUT'" })
    .regex(/^([Pp][Oo][Ss][Tt]|[Pp][Uu][Tt])$/, "`method` must be 'POST' or 'PUT'")
    .transform((value) => value.toUpperCase() as 'POST' | 'PUT');

  return z.strictObject({
    /**
     * Where alerts are sent. https in production; plain http works too (a receiver on the
     * same host or network) but then the body and headers travel unencrypted. Credentials
     * in the URL (`https://user:pass@host/`) are sent as Basic authorization. Secret: shown
     * masked everywhere.
     */
    url: urlSchema.describe(
      'Receiver URL (https, or http on a trusted network); secret, shown masked',
    ),
    /** HTTP method. @default 'POST' */
    method: methodSchema
      .default('POST')
      .describe('HTTP method: POST or PUT, any case (default POST)'),
    /**
     * Extra request headers (`authorization`, `x-api-key`, ...). Values are treated as
     * secrets: never shown, only the names are. `content-type` and `user-agent` may be
     * replaced; `idempotency-key`, `tocsin-signature` and connection headers may not.
     */
    headers: z
      .record(z.string(), z.string({ error: '`headers` values must be strings' }))
      .default({})
      .describe('Extra request headers; values are secret (never shown)'),
    /**
     * Seconds one request may wait for the answer's headers, and then for each part of its
     * body. 1..120, clamped with a warning. Core's per-attempt timeout (`addChannel`'s
     * `timeout`) applies too, through the abort signal; the shorter one wins.
     * @default undefined (only core's per-attempt timeout applies)
     */
    timeout: z
      .number({ error: '`timeout` must be a number of seconds' })
      .optional()
      .describe('Seconds one request may take waiting for the answer (1..120)'),
    /** Body layout. @default 'tocsin' */
    format: formatSchema
      .default('tocsin')
      .describe("Body: 'tocsin' (default), 'alertmanager' (Alertmanager webhook v4) or a function"),
    /**
     * Signs each request with HMAC-SHA256 over `<unix seconds>.<body>`, sent as
     * `tocsin-signature: t=<seconds>,v1=<hex>`; check it with `verifyWebhookSignature`.
     * At least 16 characters. Secret.
     * @default undefined (unsigned)
     */
    secret: z
      .string({ error: '`secret` must be a string' })
      .min(16, '`secret` must be at least 16 characters long')
      .optional()
      .describe('HMAC-SHA256 signing secret (>= 16 characters); secret'),
    /** Routing name. @default 'webhook' */
    name: z
      .string({ error: '`name` must be a string' })
      .min(1, '`name` must be a non-empty string')
      .default('webhook')
      .describe("Routing name (default 'webhook')"),
    /**
     * Bytes of a response body read at most (the start of an error answer goes into the
     * error message); the rest is discarded and that connection closed.
     * @default 65536
     */
    maxResponseBytes: z
      .number({ error: '`maxResponseBytes` must be a number of bytes' })
      .int('`maxResponseBytes` must be a whole number of bytes')
      .min(0, '`maxResponseBytes` must be >= 0')
      .max(16 * 1024 * 1024, '`maxResponseBytes` must be <= 16 MiB')
      .default(65_536)
      .describe('Bytes of a response body read at most (default 65536)'),
    /**
     * Most keep-alive connections open to the receiver at once; further requests wait for
     * a free one.
     * @default 16
     */
    maxConnections: z
      .number({ error: '`maxConnections` must be a number' })
      .int('`maxConnections` must be a whole number')
      .min(1, '`maxConnections` must be >= 1')
      .max(1024, '`maxConnections` must be <= 1024')
      .default(16)
      .describe('Most connections open to the receiver at once (default 16)'),
    /** An HTTP(S) proxy URL, or `'env'` for HTTPS_PROXY/NO_PROXY. @default none */
    proxy: proxyField(),
    /**
     * Largest request body in bytes. A digest over it keeps its largest entries and says
     * how many were left out; then long texts are cut with a marker. Never a failure.
     * @default 1048576 (1 MiB)
     */
    maxBodyBytes: z
      .number({ error: '`maxBodyBytes` must be a number of bytes' })
      .int('`maxBodyBytes` must be a whole number of bytes')
      .min(4096, '`maxBodyBytes` must be >= 4096 (4 KiB)')
      .max(16 * 1024 * 1024, '`maxBodyBytes` must be <= 16 MiB')
      .default(1024 * 1024)
      .describe(
        'Largest body in bytes, 4096..16777216 (default 1 MiB); a digest keeps its largest entries, then texts are cut',
      ),
  });
});

/** What `new WebhookChannel(options)` takes. */
export type WebhookChannelOptions = z.input<ReturnType<typeof webhookChannelOptionsSchema>>;

/** The options once validated, defaults applied. */
export type ResolvedWebhookChannelOptions = z.output<
  ReturnType<typeof webhookChannelOptionsSchema>
>;

/**
 * Validate options.
 * @throws TypeError (or RangeError for a number out of range) naming the option in backticks.
 * The message never repeats a value that may be secret.
 */
export function parseWebhookChannelOptions(options: unknown): ResolvedWebhookChannelOptions {
  const data =
    fastWebhookOptions(options) ??
    parseChannelOptions(webhookChannelOptionsSchema(), options, {
      channel: 'WebhookChannel',
      required: '`url`',
    });
  for (const [name, value] of Object.entries(data.headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new TypeError(
        `WebhookChannel: \`headers\` has an invalid header name: ${JSON.stringify(name)}`,
      );
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new TypeError(
        `WebhookChannel: \`headers.${name}\` is set by the channel itself and cannot be given`,
      );
    }
    // Never echo the value: it may be a token.
    if (!HEADER_VALUE.test(value)) {
      throw new TypeError(
        `WebhookChannel: \`headers.${name}\` must not contain line breaks or NUL`,
      );
    }
  }
  return data;
}

/** The schema's keys, in its order (zod's output follows it). */
const OPTION_KEYS = new Set([
  'url',
  'method',
  'headers',
  'timeout',
  'format',
  'secret',
  'name',
  'maxResponseBytes',
  'maxConnections',
  'maxBodyBytes',
]);

/**
 * The schema's output for plainly valid options, without zod (loading it would cost a
 * short script more than the rest of Tocsin); undefined for anything else (an odd
 * prototype, a method in lower case, any invalid value), which then goes through the
 * schema: zod stays the one judge of what is accepted and the author of every message.
 * options.test.ts checks the two agree on generated inputs.
 */
export function fastWebhookOptions(options: unknown): ResolvedWebhookChannelOptions | undefined {
  if (typeof options !== 'object' || options === null) return;
  if (Object.getPrototypeOf(options) !== Object.prototype) return;
  const keys = Object.keys(options);
  if (keys.length !== Reflect.ownKeys(options).length) return;
  for (const key of keys) if (!OPTION_KEYS.has(key)) return;
  const o = options as Record<string, unknown>;

  const { url, method = 'POST', format = 'tocsin', name = 'webhook' } = o;
  if (typeof url !== 'string' || !isHttpUrl(url)) return;
  if (method !== 'POST' && method !== 'PUT') return;
  const headers = plainHeaders(o.headers);
  if (headers === undefined) return;
  if (format !== 'tocsin' && format !== 'alertmanager' && typeof format !== 'function') return;
  if (typeof name !== 'string' || name === '') return;
  const { timeout, secret, maxResponseBytes = 65_536, maxConnections = 16 } = o;
  const { maxBodyBytes = 1024 * 1024 } = o;
  if (timeout !== undefined && !Number.isFinite(timeout)) return;
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < 16)) return;
  if (!isWhole(maxResponseBytes, 0, 16 * 1024 * 1024) || !isWhole(maxConnections, 1, 1024)) return;
  if (!isWhole(maxBodyBytes, 4096, 16 * 1024 * 1024)) return;

  // Optional keys without a default are in zod's output only when given (even as undefined).
  return {
    url,
    method,
    headers,
    ...('timeout' in o && { timeout: timeout as number | undefined }),
    format: format as WebhookFormat,
    ...('secret' in o && { secret: secret as string | undefined }),
    name,
    maxResponseBytes,
    maxConnections,
    maxBodyBytes,
  };
}

/** A copy of plain `{ name: value }` string headers (or `{}` for none); undefined for anything else. */
function plainHeaders(headers: unknown): Record<string, string> | undefined {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null) return;
  if (Object.getPrototypeOf(headers) !== Object.prototype) return;
  const keys = Object.keys(headers);
  if (keys.length !== Reflect.ownKeys(headers).length) return;
  const copy: Record<string, string> = {};
  for (const key of keys) {
    const value = (headers as Record<string, unknown>)[key];
    if (key === '__proto__' || typeof value !== 'string') return;
    copy[key] = value;
  }
  return copy;
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}
