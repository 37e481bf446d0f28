import type { z } from 'zod';
import { lazy, zod } from '../zod.js';
import { didYouMeanSuffix } from './did-you-mean.js';
import { intervalNamesSchema, matchersSchema } from './lifecycle-schema.js';
import { groupSchema, repeatIntervalSchema } from './noise-schema.js';
import { booleanField, durationField, got, textField } from './schema-fields.js';

/*
 * The file form of a routes tree: `alerts.routes` in our spelling, or `alerts.route`, one
 * Alertmanager root route with its common keys. resolve-routes.ts reads both into one tree.
 */

function channelNamesField() {
  return zod()
    .array(textField('a channel key'), {
      error: (issue) => `expected a list of channel keys; ${got(issue.input)}`,
    })
    .describe(
      'Channels (by key or name) this route sends to. Default: the channels of the parent route.',
    );
}

/** One route of `alerts.routes`. */
export const routeSchema: () => z.ZodType = lazy(() => {
  const z = zod();
  return z
    .strictObject(
      {
        matchers: matchersSchema()
          .optional()
          .describe(
            'Label matchers the alert must meet to take this route (as on a channel). Default: every alert.',
          ),
        channels: channelNamesField().optional(),
        continue: booleanField()
          .optional()
          .describe(
            'true: the routes after this one on the same level may match too. Default false.',
          ),
        group: z
          .union([groupSchema(), z.literal(false)])
          .optional()
          .describe(
            "Grouping for this route and its children (keys merge over the parent's); false: none. Default: the parent's, else each channel's own.",
          ),
        repeat_interval: repeatIntervalSchema().optional(),
        mute_time_intervals: intervalNamesSchema()
          .optional()
          .describe('Names from alerts.time_intervals during which this route sends nothing'),
        active_time_intervals: intervalNamesSchema()
          .optional()
          .describe('Names from alerts.time_intervals outside which this route sends nothing'),
        get routes() {
          return routesSchema().optional();
        },
      },
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? `expected a route { matchers, channels, continue, group, repeat_interval, routes }; ${got(issue.input)}`
            : undefined,
      },
    )
    .describe('A route: alerts its matchers match go to its channels, or to its child routes');
});

/** `alerts.routes` (and a route's `routes`). */
export const routesSchema: () => z.ZodType = lazy(() =>
  zod()
    .array(routeSchema(), {
      error: (issue) => `expected a list of routes; ${got(issue.input)}`,
    })
    .describe(
      "A routes tree, Alertmanager's shape: at each level the first route that matches takes the alert (more with `continue`)",
    )
    // Named in the JSON Schema's $defs (the tree refers to itself).
    .meta({ id: 'routes' }),
);

/** The keys of an Alertmanager route that Tocsin reads: all the common ones. */
export const ALERTMANAGER_ROUTE_KEYS = [
  'receiver',
  'group_by',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'matchers',
  'match',
  'match_re',
  'continue',
  'routes',
  'mute_time_intervals',
  'active_time_intervals',
] as const;

const labelMap = (what: string) =>
  zod()
    .record(zod().string(), zod().string(), {
      error: (issue) => `expected a mapping of label names to ${what}; ${got(issue.input)}`,
    })
    .optional();

/** `alerts.route`: one Alertmanager route block, as written in alertmanager.yml. */
export const alertmanagerRouteSchema: () => z.ZodType = lazy(() => {
  const z = zod();
  return z
    .looseObject(
      {
        receiver: textField('a channel key')
          .optional()
          .describe("The channel (by key or name) this route sends to. Default: the parent's."),
        group_by: z
          .array(textField('a label name'), {
            error: (issue) => `expected a list of label names; ${got(issue.input)}`,
          })
          .optional()
          .describe("Labels whose values make a group; ['...']: every label (no grouping)"),
        group_wait: durationField().optional().describe('Default 30s'),
        group_interval: durationField().optional().describe('Default 5m'),
        repeat_interval: durationField().optional().describe('Default 4h'),
        matchers: matchersSchema().optional(),
        match: labelMap('values').describe('Deprecated in Alertmanager: label="value" matchers'),
        match_re: labelMap('regular expressions').describe(
          'Deprecated in Alertmanager: label=~"regex" matchers',
        ),
        continue: booleanField().optional().describe('Default false'),
        mute_time_intervals: intervalNamesSchema().optional(),
        active_time_intervals: intervalNamesSchema().optional(),
        get routes() {
          return z
            .array(alertmanagerRouteSchema(), {
              error: (issue) => `expected a list of routes; ${got(issue.input)}`,
            })
            .optional();
        },
      },
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? `expected an Alertmanager route { receiver, group_by, matchers, routes, ... }; ${got(issue.input)}`
            : undefined,
      },
    )
    .superRefine((route, ctx) => {
      for (const key of Object.keys(route)) {
        if ((ALERTMANAGER_ROUTE_KEYS as readonly string[]).includes(key)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `not an Alertmanager route key Tocsin reads${didYouMeanSuffix(key, ALERTMANAGER_ROUTE_KEYS)}; supported: ${ALERTMANAGER_ROUTE_KEYS.join(', ')}`,
        });
      }
    })
    .describe(
      'An Alertmanager `route:` block (its common keys), read as a routes tree; receivers are Tocsin channels. Not with `routes`.',
    );
});
