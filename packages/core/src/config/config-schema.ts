import type { z } from 'zod';
import { reportsSchema } from '../reports/reports-config.js';
import { lazy, zod } from '../zod.js';
import { channelInstanceSchema, commonChannelShape } from './common-channel-schema.js';
import {
  heartbeatsSchema,
  inhibitRulesSchema,
  silencesSchema,
  timeIntervalsSchema,
} from './lifecycle-schema.js';
import { fingerprintSchema, monitoringSchema } from './noise-schema.js';
import { alertmanagerRouteSchema, routesSchema } from './routes-schema.js';
import {
  booleanField,
  countField,
  durationField,
  got,
  numberField,
  settingsOrFalse,
  textField,
} from './schema-fields.js';
import { serveSchema } from './serve-config.js';
import { sharedSchema } from './shared-schema.js';

/** The scalar keys of `alerts.channels`: defaults for every channel. */
export const CHANNEL_DEFAULT_KEYS = ['timeout', 'max_retries'] as const;

const throttleSettingsShape = () => ({
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
});

/** `alerts.throttle`: the settings every channel's bucket starts from. */
export const globalThrottleSchema = lazy(() => {
  const z = zod();
  return z
    .union(
      [
        z.strictObject({
          ...throttleSettingsShape(),
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
});

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

/** `dead_letters`: the folder undelivered alerts go to (JSON Lines, rotated), or false for none. */
const deadLettersSchema = lazy(() =>
  settingsOrFalse({
    dir: textField('a folder').describe(
      'The folder for the JSON Lines files; relative to the config file. Made when missing.',
    ),
    max_file_bytes: countField('a whole number of bytes')
      .optional()
      .describe('A file past this size is rotated. 65536..1073741824. Default 10485760 (10 MiB).'),
    max_files: countField('a whole number of files')
      .optional()
      .describe('Files kept, the current one included. 1..100. Default 5.'),
  }).describe(
    'Where alerts that end undelivered (after retries and fallbacks) are kept for `tocsin replay`; false: nowhere (the default)',
  ),
);

/** `spool`: the durable spool's folder and sync policy, or false for none. */
const spoolSchema = lazy(() =>
  settingsOrFalse({
    dir: textField('a folder').describe(
      'The folder of the journal; relative to the config file. Made when missing. One process per folder.',
    ),
    sync: zod()
      .enum(['batched', 'always'])
      .optional()
      .describe(
        "batched: synced every sync_interval (a power loss can take that much); always: each send waits for a sync before delivery. Default 'batched'.",
      ),
    sync_interval: durationField()
      .optional()
      .describe('Seconds between syncs in batched mode. 0.01..60, clamped. Default 1.'),
    max_file_bytes: countField('a whole number of bytes')
      .optional()
      .describe(
        'The journal is compacted past this size. 65536..1073741824. Default 16777216 (16 MiB).',
      ),
    max_alerts: countField('a whole number of alerts')
      .optional()
      .describe(
        'Alerts tracked at once; past it, new alerts are delivered but not journaled. 1..1000000. Default 100000.',
      ),
  }).describe(
    'Journal each accepted alert before delivery, so a restart sends what a crash left undelivered; false: none (the default)',
  ),
);

/** `close_on_signals`: close gracefully on SIGTERM/SIGINT (`manager.closeOnSignals`). */
const closeOnSignalsSchema = lazy(() => {
  const z = zod();
  return z
    .union([
      z.boolean(),
      z.strictObject({
        timeout: durationField()
          .optional()
          .describe(
            'Seconds the close may take before the process ends anyway. 1..120. Default 10.',
          ),
        signals: z
          .array(z.enum(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2']))
          .min(1)
          .optional()
          .describe('The signals to close on. Default [SIGTERM, SIGINT].'),
      }),
    ])
    .describe(
      'On SIGTERM or SIGINT: refuse new alerts, send what groups hold, wait for deliveries (up to timeout), sync the spool, then end the process by the signal. Default false.',
    );
});

/** The channel-instance schemas, for the JSON Schema generator (it puts each definition's branch there). */
export const channelInstanceSchemas = new WeakSet<object>();

/** The keys of `alerts` besides `channels` and `presets`: a preset may set each of them too. */
const settingsShape = lazy(() => ({
  throttle: globalThrottleSchema().optional(),
  fingerprint: fingerprintSchema().optional(),
  monitoring: monitoringSchema().optional(),
  silences: silencesSchema().optional(),
  inhibit_rules: inhibitRulesSchema().optional(),
  time_intervals: timeIntervalsSchema().optional(),
  // Routes: their own block, so the lifecycle keys above can grow without touching it.
  routes: routesSchema().optional(),
  route: alertmanagerRouteSchema().optional(),
  heartbeats: heartbeatsSchema().optional(),
  reports: reportsSchema().optional(),
  dead_letters: deadLettersSchema().optional(),
  spool: spoolSchema().optional(),
  close_on_signals: closeOnSignalsSchema().optional(),
  serve: serveSchema().optional(),
  shared: sharedSchema().optional(),
  resolve_timeout: durationField()
    .optional()
    .describe(
      "How long after its last alert a fingerprint counts as firing (Alertmanager's resolve_timeout). 1 s..30 days. Default 5m.",
    ),
}));

/** A preset: a partial `alerts`, deep-merged over it. Checked loosely here, fully once chosen. */
export const presetSchema = lazy(() => {
  const z = zod();
  return z
    .strictObject({
      ...settingsShape(),
      channels: z
        .object(channelDefaultsShape())
        .catchall(
          z
            .looseObject({ type: z.string().optional(), ...commonChannelShape() })
            .describe(
              'Keys merged over the channel of the same name (or a whole new channel, with its type)',
            ),
        )
        .optional()
        .describe('Channel defaults and channel keys merged over alerts.channels'),
    })
    .describe('Settings deep-merged over alerts when this preset is chosen');
});

/** `alerts.presets`: named presets. */
export const presetsSchema = lazy(() => {
  const z = zod();
  return z
    .record(z.string(), presetSchema(), {
      error: (issue) => `expected a mapping of preset names to settings; ${got(issue.input)}`,
    })
    .describe('Named overrides, chosen by loadConfig({ preset }), --preset or TOCSIN_PRESET');
});

/**
 * The whole file: `{ alerts: { throttle, channels, presets } }`, in the kstlib layout.
 * Each channel instance is checked for its `type` and the keys common to every channel;
 * its other keys are checked by its definition (`known` lists the types, for messages).
 */
export function buildConfigSchema(known: readonly string[] = []) {
  const z = zod();
  const instance = channelInstanceSchema(known);
  channelInstanceSchemas.add(instance);
  const channels = z
    .object(channelDefaultsShape())
    .catchall(instance)
    .describe(
      'Scalar keys (timeout, max_retries) are defaults for every channel; mapping keys are channel instances',
    );
  const alerts = z
    .strictObject({
      ...settingsShape(),
      channels: channels.optional(),
      presets: presetsSchema().optional(),
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
