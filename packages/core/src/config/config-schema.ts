import { z } from 'zod';
import {
  BUILTIN_CHANNEL_SCHEMAS,
  BUILTIN_CHANNEL_TYPES,
  commonChannelShape,
  customChannelSchema,
} from './channel-schemas.js';
import { didYouMeanSuffix } from './did-you-mean.js';
import { booleanField, countField, durationField, got, numberField } from './schema-fields.js';

/** The scalar keys of `alerts.channels`: defaults for every channel. */
export const CHANNEL_DEFAULT_KEYS = ['timeout', 'max_retries'] as const;

const throttleSettingsShape = {
  rate: numberField('a number of alerts')
    .optional()
    .describe('Alerts allowed per `per` (bucket capacity). 1..1000, clamped. Default 10.'),
  per: durationField()
    .optional()
    .describe(
      'Period over which `rate` refills: seconds or "30s", "5m", "1h". 1 s..1 day, clamped. Default 60.',
    ),
  burst: numberField('a number of alerts')
    .optional()
    .describe('Tokens at start. 1..rate, clamped. Default: rate.'),
};

/** `alerts.throttle`: the settings every channel's bucket starts from. */
export const globalThrottleSchema = z
  .union(
    [
      z.strictObject({
        ...throttleSettingsShape,
        shared: booleanField()
          .optional()
          .describe(
            'true: channels without their own throttle share ONE bucket (kstlib behaviour). Default false: one bucket each.',
          ),
      }),
      z.literal(false).describe('No throttle unless a channel sets its own'),
    ],
    {
      error: (issue) =>
        `expected a mapping { rate, per, burst, shared } or false; ${got(issue.input)}`,
    },
  )
  .describe(
    'Token-bucket throttle settings; each channel gets its own bucket with them unless `shared: true`',
  );

function channelDefaultsShape() {
  return {
    timeout: durationField()
      .optional()
      .describe('Default seconds one delivery attempt may take. 1..120, clamped. Default 30.'),
    max_retries: countField('a whole number of retries')
      .optional()
      .describe('Default retries after a retryable failure. 0..5, clamped. Default 2.'),
  };
}

function channelInstanceSchema(customTypes: readonly string[]) {
  const known = [
    ...BUILTIN_CHANNEL_TYPES,
    ...customTypes.filter((type) => !Object.hasOwn(BUILTIN_CHANNEL_SCHEMAS, type)),
  ];
  const options = [
    ...Object.entries(BUILTIN_CHANNEL_SCHEMAS)
      .filter(([type]) => !customTypes.includes(type))
      .map(([, schema]) => schema),
    ...customTypes.map((type) => customChannelSchema(type)),
  ] as unknown as [z.ZodObject, ...z.ZodObject[]];
  const schema = z.discriminatedUnion('type', options, {
    error: (issue) => {
      const input = issue.input as unknown;
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        return `expected a channel: a mapping with a \`type\` (${known.join(', ')}); ${got(input)}`;
      }
      const type = (input as { type?: unknown }).type;
      if (type === undefined)
        return `missing: expected the channel \`type\`: ${known.join(', ')}, or a type registered in code with \`channelTypes\``;
      if (typeof type !== 'string')
        return `expected the channel \`type\` as a string: ${known.join(', ')}; ${got(type)}`;
      return `unknown channel type "${type.length > 30 ? `${type.slice(0, 30)}…` : type}": expected ${known.join(', ')}, or a type registered in code with \`channelTypes\`${didYouMeanSuffix(type, known)}`;
    },
  });
  channelUnions.add(schema);
  return schema;
}

/** The channel-instance unions, for the JSON Schema generator (it adds a branch for custom types). */
export const channelUnions = new WeakSet<object>();

/** A preset: a partial `alerts`, deep-merged over it. Checked loosely here, fully once chosen. */
export const presetSchema = z
  .strictObject({
    throttle: globalThrottleSchema.optional(),
    channels: z
      .object(channelDefaultsShape())
      .catchall(
        z
          .looseObject({ type: z.string().optional(), ...commonChannelShape })
          .describe(
            'Keys merged over the channel of the same name (or a whole new channel, with its type)',
          ),
      )
      .optional()
      .describe('Channel defaults and channel keys merged over alerts.channels'),
  })
  .describe('Settings deep-merged over alerts when this preset is chosen');

/** `alerts.presets`: named presets. */
export const presetsSchema = z
  .record(z.string(), presetSchema, {
    error: (issue) => `expected a mapping of preset names to settings; ${got(issue.input)}`,
  })
  .describe('Named overrides, chosen by loadConfig({ preset }), --preset or TOCSIN_PRESET');

/**
 * The whole file: `{ alerts: { throttle, channels, presets } }`, in the kstlib layout.
 * `customTypes` are channel types registered in code; their instances pass with the
 * common keys checked and any other keys kept.
 */
export function buildConfigSchema(customTypes: readonly string[] = []) {
  const channels = z
    .object(channelDefaultsShape())
    .catchall(channelInstanceSchema(customTypes))
    .describe(
      'Scalar keys (timeout, max_retries) are defaults for every channel; mapping keys are channel instances',
    );
  const alerts = z
    .strictObject({
      throttle: globalThrottleSchema.optional(),
      channels: channels.optional(),
      presets: presetsSchema.optional(),
    })
    .describe('Alerting settings (kstlib layout)');
  return z
    .strictObject({
      $schema: z.string().optional().describe('The JSON Schema this file follows (for editors)'),
      alerts,
    })
    .describe('Tocsin configuration');
}

/** The file as validated (snake_case, values not yet converted). */
export type ConfigFile = z.infer<ReturnType<typeof buildConfigSchema>>;
