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

/** PagerDuty's event severities. */
export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PagerDutySeverity = (typeof PAGERDUTY_SEVERITIES)[number];

/** Tocsin's level names, lower case, as `severityMap` keys. */
const LEVELS = ['info', 'success', 'warning', 'error', 'critical'] as const;

/** Where events go unless `baseUrl` says otherwise; the EU service is `https://events.eu.pagerduty.com`. */
export const DEFAULT_BASE_URL = 'https://events.pagerduty.com';

/**
 * Options of `PagerDutyChannel`. The same schema validates code options and config files.
 * Built on first use (zod is loaded then).
 */
export const pagerDutyChannelOptionsSchema = lazy(() => {
  const z = loadZod();
  const label = (field: string) =>
    z
      .string({ error: `\`${field}\` must be a label name` })
      .min(1, `\`${field}\` must be a non-empty label name`);
  return z.strictObject({
    /** The Events API v2 integration key of the service (32 characters). Secret. */
    routingKey: z
      .string({ error: '`routingKey` is required: the 32-character Events API v2 integration key' })
      .regex(
        /^[A-Za-z0-9]{32}$/,
        '`routingKey` must be the 32-character Events API v2 integration key (letters and digits)',
      )
      .describe('Events API v2 integration (routing) key, 32 characters; secret'),
    /** The Events API's origin; `/v2/enqueue` is added. @default 'https://events.pagerduty.com' */
    baseUrl: z
      .string({ error: '`baseUrl` must be a string' })
      .refine(isPlainHttpUrl, {
        message: '`baseUrl` must be an http(s) origin such as https://events.eu.pagerduty.com',
      })
      .default(DEFAULT_BASE_URL)
      .describe(
        'Events API origin (default https://events.pagerduty.com; EU: https://events.eu.pagerduty.com)',
      ),
    /** PagerDuty's `payload.source`, where the problem is. @default the host name */
    source: z
      .string({ error: '`source` must be a string' })
      .min(1, '`source` must be non-empty')
      .optional()
      .describe("Event source, the affected system (default this machine's host name)"),
    /** Tocsin level (lower case) to PagerDuty severity; unlisted levels keep the default mapping. */
    severityMap: z
      .partialRecord(z.enum(LEVELS), z.enum(PAGERDUTY_SEVERITIES), {
        error:
          '`severityMap` maps level names (info, success, warning, error, critical) to critical, error, warning or info',
      })
      .default({})
      .describe(
        'Level name -> PagerDuty severity (default critical->critical, error->error, warning->warning, info and success->info)',
      ),
    componentLabel: label('componentLabel')
      .default('component')
      .describe("Label whose value becomes payload.component (default 'component')"),
    groupLabel: label('groupLabel')
      .default('group')
      .describe("Label whose value becomes payload.group (default 'group')"),
    classLabel: label('classLabel')
      .default('class')
      .describe("Label whose value becomes payload.class (default 'class')"),
    /** The monitoring client's name, shown on the incident. */
    client: z
      .string({ error: '`client` must be a string' })
      .min(1, '`client` must be non-empty')
      .optional()
      .describe('Name of the monitoring client shown on the incident'),
    /** A link to the monitoring client, shown on the incident. */
    clientUrl: z
      .string({ error: '`clientUrl` must be a string' })
      .refine(isHttpUrl, { message: '`clientUrl` must be an absolute http(s) URL' })
      .optional()
      .describe('Link to the monitoring client shown on the incident'),
    timeout: timeoutField('Seconds one request may take waiting for the answer (1..120)'),
    maxConnections: maxConnectionsField('Most connections open to PagerDuty at once (default 4)'),
    proxy: proxyField(),
    name: nameField('pagerduty'),
  });
});

/** What `new PagerDutyChannel(options)` takes. */
export type PagerDutyChannelOptions = ChannelOptionsInput<typeof pagerDutyChannelOptionsSchema>;

/** The options once validated, defaults applied. */
export type ResolvedPagerDutyChannelOptions = ChannelOptionsOutput<
  typeof pagerDutyChannelOptionsSchema
>;

/**
 * Validate options.
 * @throws TypeError (RangeError for a number out of range) naming the option, never the key.
 */
export const parsePagerDutyChannelOptions: (options: unknown) => ResolvedPagerDutyChannelOptions =
  channelOptionsParser(pagerDutyChannelOptionsSchema, {
    channel: 'PagerDutyChannel',
    required: '`routingKey`',
  });
