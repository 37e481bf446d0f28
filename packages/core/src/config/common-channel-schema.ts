import type { z } from 'zod';
import { lazy, zod } from '../zod.js';
import { intervalNamesSchema, matchersSchema } from './lifecycle-schema.js';
import { noiseShape } from './noise-schema.js';
import {
  booleanField,
  countField,
  durationField,
  got,
  levelField,
  numberField,
  textField,
} from './schema-fields.js';

/** Per-channel throttle: its own bucket (fields default to `alerts.throttle`), `shared`, or `false`. */
export const channelThrottleSchema = lazy(() => {
  const z = zod();
  return z
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
          .describe(
            'Take tokens from the one bucket shared with other channels (kstlib behaviour)',
          ),
        z.literal(false).describe('No throttle for this channel'),
      ],
      {
        error: (issue) =>
          `expected a mapping { rate, per, burst }, "shared" or false; ${typeof issue.input === 'string' ? 'got a string other than "shared"' : got(issue.input)}`,
      },
    )
    .describe(
      'Throttle for this channel: { rate, per, burst } (its own bucket), "shared" or false',
    );
});

/** Keys every channel instance takes, whatever its type; core checks them, the rest is the channel's. */
/** `circuit_breaker`: true (the defaults), false, or its settings. */
export const circuitBreakerSchema = lazy(() => {
  const z = zod();
  return z
    .union(
      [
        z.boolean(),
        z.strictObject({
          failure_threshold: countField('a whole number of failures')
            .optional()
            .describe('Channel failures in a row that open the circuit. 1..1000. Default 5.'),
          recovery_timeout: durationField()
            .optional()
            .describe('How long it stays open before a probe. 1 s..1 day. Default 60s.'),
          success_threshold: countField('a whole number of probes')
            .optional()
            .describe('Probes delivered in a row that close it. 1..100. Default 2.'),
        }),
      ],
      {
        error: (issue) =>
          `expected true, false or a mapping { failure_threshold, recovery_timeout, success_threshold }; ${got(issue.input)}`,
      },
    )
    .describe(
      'Circuit breaker: after repeated channel failures, alerts stop at once (circuit_open) until a probe succeeds. true: 5 failures, 60 s, 2 probes.',
    );
});

/** `fallback`: channel keys (or names) to try in turn when this one fails for good. */
export const fallbackSchema = lazy(() => {
  const z = zod();
  const name = textField('a channel key');
  return z
    .union([name, z.array(name).min(1, { error: 'expected at least one channel key' })], {
      error: (issue) => `expected a channel key or a list of them; ${got(issue.input)}`,
    })
    .describe(
      'Channels (keys) to try in turn when a delivery fails for good or the circuit is open; the result says which tier delivered it',
    );
});

export const commonChannelShape = lazy(() => ({
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
  matchers: matchersSchema().optional(),
  mute_time_intervals: intervalNamesSchema()
    .optional()
    .describe('Names from alerts.time_intervals during which this channel gets nothing (muted)'),
  active_time_intervals: intervalNamesSchema()
    .optional()
    .describe('Names from alerts.time_intervals outside which this channel gets nothing (muted)'),
  throttle: channelThrottleSchema().optional(),
  timeout: durationField()
    .optional()
    .describe('Seconds one delivery attempt may take. 1..120. Default: channels.timeout.'),
  max_retries: countField('a whole number of retries')
    .optional()
    .describe('Retries after a retryable failure. 0..5. Default: channels.max_retries.'),
  circuit_breaker: circuitBreakerSchema().optional(),
  fallback: fallbackSchema().optional(),
  fallback_only: booleanField()
    .optional()
    .describe(
      "true: the channel takes alerts only as another channel's fallback, or sent to it by name. Default false.",
    ),
  optional: booleanField()
    .optional()
    .describe(
      'true: failures of this channel alone do not make a send fail (tocsin send exits 0). Default false.',
    ),
  ...noiseShape(),
}));

/** What core checks of every instance: a `type` and the common keys; the rest goes to the definition. */
export function channelInstanceSchema(known: readonly string[]) {
  const types = `the type of an installed channel package (\`<type>\` for @tocsin/<type>)${
    known.length > 0 ? `, or one registered in code: ${known.join(', ')}` : ''
  }`;
  const z = zod();
  return z.looseObject(
    {
      type: z.string({
        error: (issue) =>
          issue.input === undefined
            ? `missing: expected the channel \`type\`: ${types}`
            : `expected the channel \`type\` as a string: ${types}; ${got(issue.input)}`,
      }),
      ...commonChannelShape(),
    },
    {
      error: (issue) =>
        `expected a channel: a mapping with a \`type\` (${types}); ${got(issue.input)}`,
    },
  );
}

/** The file-form of a per-channel throttle. */
export type ChannelThrottleFile = z.infer<ReturnType<typeof channelThrottleSchema>>;
