import {
  type ChannelOptionsInput,
  type ChannelOptionsOutput,
  channelOptionsParser,
  isHttpUrl,
  isPlainHttpUrl,
  lazy,
  loadZod,
  maxConnectionsField,
  nameField,
  proxyField,
  timeoutField,
} from '@tocsin/channel-kit';

/** Most Alertmanager instances one channel pushes to: a cluster is 2 to 5 nodes. */
export const MAX_ALERTMANAGER_URLS = 16;

/** Labels that become annotations unless `annotationLabels` says otherwise: the links of an alert. */
export const DEFAULT_ANNOTATION_LABELS = ['runbook_url', 'dashboard_url'] as const;

/** A Prometheus label name: what Alertmanager accepts as one. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * `auth` of the channel and of the receiver: a bearer token, or a user and password
 * (HTTP basic auth). Built on first use, as the schemas that hold it.
 */
export const authSchema = lazy(() => {
  const z = loadZod();
  const secret = (field: string) =>
    z
      .string({ error: `\`auth.${field}\` must be a string` })
      .min(1, `\`auth.${field}\` must be non-empty`);
  return z
    .strictObject(
      {
        bearer: secret('bearer').optional().describe('Bearer token; secret'),
        username: secret('username')
          .refine((user) => !user.includes(':'), '`auth.username` must not contain ":"')
          .optional()
          .describe('User for basic auth (with `password`)'),
        password: secret('password').optional().describe('Password for basic auth; secret'),
      },
      { error: '`auth` must be { bearer } or { username, password }' },
    )
    .superRefine((auth, ctx) => {
      const basic = auth.username !== undefined || auth.password !== undefined;
      if (auth.bearer !== undefined && basic)
        ctx.addIssue({
          code: 'custom',
          path: ['bearer'],
          message:
            '`auth.bearer` and `auth.username`/`auth.password` are two ways to sign in: give one',
        });
      else if (auth.bearer === undefined && !basic)
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: '`auth` must be { bearer } or { username, password }',
        });
      else if (basic && (auth.username === undefined || auth.password === undefined))
        ctx.addIssue({
          code: 'custom',
          path: [auth.username === undefined ? 'username' : 'password'],
          message: '`auth.username` and `auth.password` go together: give both',
        });
    })
    .describe('Credentials: { bearer } or { username, password }; secret');
});

/** `{ bearer }` or `{ username, password }`. */
export type AlertmanagerAuth = { bearer: string } | { username: string; password: string };

/** `auth` as the schema outputs it (every field optional), as the one it stands for. */
export function authOf(
  auth:
    | { bearer?: string | undefined; username?: string | undefined; password?: string | undefined }
    | undefined,
): AlertmanagerAuth | undefined {
  if (auth === undefined) return undefined;
  if (auth.bearer !== undefined) return { bearer: auth.bearer };
  return { username: auth.username ?? '', password: auth.password ?? '' };
}

/**
 * Options of `AlertmanagerChannel`. The same schema validates code options and config files.
 * Built on first use (zod is loaded then).
 */
export const alertmanagerChannelOptionsSchema = lazy(() => {
  const z = loadZod();
  const url = z.string({ error: '`urls` must hold URLs as strings' }).refine(isPlainHttpUrl, {
    message:
      '`urls` must hold http(s) URLs without credentials, query or fragment (put credentials in `auth`)',
  });
  return z.strictObject({
    /** Every Alertmanager instance of the cluster (`http://am-1:9093`); each gets every alert. */
    urls: z
      .array(url, { error: '`urls` is required: the Alertmanager instances, as a list of URLs' })
      .min(1, '`urls` must hold at least one Alertmanager URL')
      .max(MAX_ALERTMANAGER_URLS, `\`urls\` may hold at most ${MAX_ALERTMANAGER_URLS} URLs`)
      .describe(
        'Alertmanager instances (http(s) URL, path prefix allowed); alerts go to <url>/api/v2/alerts of each',
      ),
    /** Credentials for every instance: `{ bearer }` or `{ username, password }`. Secret. */
    auth: authSchema().optional(),
    /** Each alert's `generatorURL`: a link back to what raised it. */
    generatorUrl: z
      .string({ error: '`generatorUrl` must be a string' })
      .refine(isHttpUrl, { message: '`generatorUrl` must be an absolute http(s) URL' })
      .optional()
      .describe("Link back to the alert's source, as each alert's generatorURL"),
    /**
     * The label that carries the alert's fingerprint (its `dedupKey` when it has one), or
     * `false` for none. @default 'fingerprint'
     */
    fingerprintLabel: z
      .union([
        z.string({ error: '`fingerprintLabel` must be a label name or false' }).regex(LABEL_NAME, {
          message: '`fingerprintLabel` must be a label name ([a-zA-Z_][a-zA-Z0-9_]*) or false',
        }),
        z.literal(false),
      ])
      .default('fingerprint')
      .describe(
        "Label carrying the alert's fingerprint or dedupKey, or false (default fingerprint)",
      ),
    /** Alert labels sent as annotations instead (links): @default ['runbook_url', 'dashboard_url'] */
    annotationLabels: z
      .array(z.string({ error: '`annotationLabels` must be label names' }), {
        error: '`annotationLabels` must be a list of label names',
      })
      .default([...DEFAULT_ANNOTATION_LABELS])
      .describe('Labels sent as annotations, not labels (default runbook_url, dashboard_url)'),
    timeout: timeoutField('Seconds one request may take waiting for the answer (1..120)'),
    maxConnections: maxConnectionsField('Most connections open to each instance (default 4)'),
    proxy: proxyField(),
    name: nameField('alertmanager'),
  });
});

/** What `new AlertmanagerChannel(options)` takes. */
export type AlertmanagerChannelOptions = ChannelOptionsInput<
  typeof alertmanagerChannelOptionsSchema
>;

/** The options once validated, defaults applied. */
export type ResolvedAlertmanagerChannelOptions = ChannelOptionsOutput<
  typeof alertmanagerChannelOptionsSchema
>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option, never a secret.
 */
export const parseAlertmanagerChannelOptions: (
  options: unknown,
) => ResolvedAlertmanagerChannelOptions = channelOptionsParser(alertmanagerChannelOptionsSchema, {
  channel: 'AlertmanagerChannel',
  required: '`urls`',
});
