import { loadZod } from '@tocsin/core';
import { httpsUrlProblem } from './https-url-problem.js';

/** What differs between the webhook channels' common fields: names and wording. */
export interface WebhookFieldsSettings {
  /** The default routing name: `teams`. */
  readonly name: string;
  /** The message when the URL is missing: '`webhookUrl` is required: the Teams workflow URL, as a string'. */
  readonly required: string;
  /** The URL's description in the JSON Schema. */
  readonly description: string;
  /** `timeout`'s description. @default 'Seconds one request may take (1..120)' */
  readonly timeout?: string | undefined;
}

/**
 * The fields every webhook channel's options share, with the same messages:
 * `webhookUrl` (a string or a URL; secret), `allowInsecureHttp`, `timeout`,
 * `maxConnections` and `name`. Check the URL with `webhookUrlCheck` on the object.
 */
export function webhookFields(settings: WebhookFieldsSettings) {
  const z = loadZod();
  return {
    webhookUrl: z
      .union([z.string(), z.instanceof(URL)], { error: settings.required })
      .describe(settings.description),
    /**
     * Allow a plain `http://` URL. Only for local tests and fakes: over http the URL,
     * which is the credential, travels in clear text.
     * @default false
     */
    allowInsecureHttp: z
      .boolean({ error: '`allowInsecureHttp` must be true or false' })
      .default(false)
      .describe('Accept an http:// webhook URL (local tests only; default false)'),
    timeout: timeoutField(settings.timeout),
    maxConnections: maxConnectionsField(),
    proxy: proxyField(),
    name: nameField(settings.name),
  };
}

/**
 * The object-level check of `webhookFields`' URL (it depends on `allowInsecureHttp`), for
 * `superRefine`: the issue lands on `webhookUrl` and never repeats the value.
 * @param secret what the URL carries, for the http: message: `the webhook signature`
 */
export function webhookUrlCheck(secret: string) {
  return (
    options: { webhookUrl: string | URL; allowInsecureHttp: boolean },
    ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void },
  ): void => {
    const problem = httpsUrlProblem(options.webhookUrl, {
      option: 'webhookUrl',
      secret,
      http: options.allowInsecureHttp,
    });
    if (problem !== undefined)
      ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: problem });
  };
}

/**
 * Seconds one request may wait for the answer, clamped to 1..120 by the channel; core's
 * per-attempt timeout applies too (the shorter wins).
 * @default undefined (only core's per-attempt timeout applies)
 */
export function timeoutField(description = 'Seconds one request may take (1..120)') {
  return loadZod()
    .number({ error: '`timeout` must be a number of seconds' })
    .optional()
    .describe(description);
}

/** Keep-alive connections at most, 1..64. @default 4 */
export function maxConnectionsField(
  description = 'Keep-alive connections at most (1..64, default 4)',
) {
  return loadZod()
    .number({ error: '`maxConnections` must be a whole number' })
    .int('`maxConnections` must be a whole number')
    .min(1, '`maxConnections` must be at least 1')
    .max(64, '`maxConnections` must be at most 64')
    .default(4)
    .describe(description);
}

/** The routing name, non-empty. @default `name` */
export function nameField(name: string) {
  return loadZod()
    .string({ error: '`name` must be a string' })
    .min(1, '`name` must be a non-empty string')
    .default(name)
    .describe(`Routing name (default '${name}')`);
}

/**
 * `proxy`: an HTTP(S) proxy URL (`http://user:pass@proxy.internal:3128`; secret: it may hold
 * credentials), or `'env'` for `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` from the
 * environment. @default none: direct connections
 */
export function proxyField() {
  const z = loadZod();
  return z
    .string({ error: '`proxy` must be a proxy URL (http://host:port) or "env"' })
    .refine((value) => value === 'env' || /^https?:\/\/[^/\s]+/i.test(value), {
      error: '`proxy` must be an http:// or https:// proxy URL, or "env" for HTTPS_PROXY/NO_PROXY',
    })
    .optional()
    .describe(
      'HTTP(S) proxy for every request: its URL (http://host:3128), or "env" for HTTPS_PROXY, HTTP_PROXY and NO_PROXY. Default: none.',
    );
}

/** The parts of a proxy URL no message may show: its user and password. */
export function proxySecrets(proxy: string | undefined): string[] {
  if (proxy === undefined || proxy === 'env') return [];
  try {
    const url = new URL(proxy);
    return [url.password, url.username, decodeURIComponent(url.password), proxy].filter(
      (part) => part.length >= 4,
    );
  } catch {
    return [proxy];
  }
}
