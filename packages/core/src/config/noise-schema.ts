import type { z } from 'zod';
import { lazy, zod } from '../zod.js';
import { DURATION_HINT, parseDuration } from './duration.js';
import {
  DURATION_STRING_JSON_SCHEMA,
  durationField,
  got,
  interpolatable,
  jsonSchemaOverrides,
  levelField,
  numberField,
  shown,
  textField,
} from './schema-fields.js';

/*
 * The file form of an entry's noise control: `fingerprint`, `repeat_interval`, `group`
 * and `burst`, snake_case, durations as seconds or "30s"/"5m"/"4h". The loader turns them
 * into `addChannel`'s options; the hard limits apply there, with the path in the warning.
 */

/**
 * The message for a value that is not a mapping; other issues (an unknown key) fall through
 * to the loader, which suggests the key meant.
 */
function notAMapping(keys: string) {
  return (issue: z.core.$ZodRawIssue) =>
    issue.code === 'invalid_type' ? `expected a mapping ${keys}; ${got(issue.input)}` : undefined;
}

/** Label names that make alerts "the same" (a list; functions only in code). */
export const fingerprintSchema = lazy(() =>
  labelNamesField().describe(
    'Labels that make alerts "the same" for deduplication and grouping, besides level and title. Default: every label.',
  ),
);

function labelNamesField() {
  return zod().array(textField('a label name'), {
    error: (issue) => `expected a list of label names; ${got(issue.input)}`,
  });
}

const REPEAT_HINT = `expected a duration (${DURATION_HINT}), "never" or "until-resolved"`;
const REPEAT_WORDS: readonly unknown[] = ['never', 'until-resolved'];

export const repeatIntervalSchema = lazy(() => {
  const z = zod();
  const schema = interpolatable(
    z
      .union([z.number(), z.string()], { error: (issue) => `${REPEAT_HINT}; ${got(issue.input)}` })
      .superRefine((value, ctx) => {
        if (!REPEAT_WORDS.includes(value) && parseDuration(value) === undefined)
          ctx.addIssue({ code: 'custom', message: `${REPEAT_HINT}; got ${shown(value)}` });
      })
      .describe(
        'Deduplication: a fingerprint notified within this time is not sent again ("4h"); "never": once per fingerprint; "until-resolved": once per incident. A resolve ends the incident. 1 s..30 days.',
      ),
  );
  jsonSchemaOverrides.set(schema, {
    anyOf: [
      { const: 'never' },
      { const: 'until-resolved' },
      { type: 'number' },
      DURATION_STRING_JSON_SCHEMA,
    ],
  });
  return schema;
});

const countByField = () =>
  textField('a label name')
    .optional()
    .describe(
      'The label counted per value on each digest line (failnozzle\'s per-host counts). Default "host".',
    );

const bypassLevelField = () =>
  levelField()
    .optional()
    .describe('Alerts at or above this level skip the batch and go at once (e.g. critical).');

const pagerField = () =>
  zod()
    .strictObject(
      {
        limit: numberField('a number of alerts').describe(
          'More alerts than this in the window fire the page. 1..1000000.',
        ),
        flushes: numberField('a number of digests')
          .optional()
          .describe('Digests the window spans. 1..100. Default 3.'),
        channel: textField('a channel key').describe('The channel that gets the page'),
      },
      { error: notAMapping('{ limit, flushes, channel }') },
    )
    .optional()
    .describe(
      "failnozzle's pager window: one CRITICAL alert to `channel` when the last `flushes` digests carried more than `limit` alerts",
    );

export const groupSchema = lazy(() =>
  zod()
    .strictObject(
      {
        by: labelNamesField()
          .optional()
          .describe(
            "Labels whose values make a group (Alertmanager's group_by). Default: one group.",
          ),
        wait: durationField()
          .optional()
          .describe(
            "From a batch's first alert to its digest (group_wait). 0 s..1 day. Default 30s.",
          ),
        interval: durationField()
          .optional()
          .describe('Between digests of one group (group_interval). 1 s..1 day. Default 5m.'),
        max_wait: durationField()
          .optional()
          .describe('The longest a batch waits from its first alert. 1 s..1 day. Default: none.'),
        max_alerts: numberField('a number of alerts')
          .optional()
          .describe('A batch this big goes at once. 1..10000. Default 10000.'),
        count_by: countByField(),
        bypass_level: bypassLevelField(),
        pager: pagerField(),
      },
      {
        error: notAMapping(
          '{ by, wait, interval, max_wait, max_alerts, count_by, bypass_level, pager }',
        ),
      },
    )
    .describe('Grouping into digests: alerts of a group go out as one message'),
);

export const burstSchema = lazy(() =>
  zod()
    .strictObject(
      {
        threshold: numberField('a number of alerts')
          .optional()
          .describe(
            'Alerts that make the buffer go at once ("threshold exceeded"). 1..10000. Default 5.',
          ),
        buffer: durationField()
          .optional()
          .describe(
            'The longest an alert waits in the buffer ("buffered"). 1 s..1 day. Default 15m.',
          ),
        cooldown: durationField()
          .optional()
          .describe(
            'Quiet time after each send; what arrives meanwhile waits for it. 0 s..1 day. Default 15m.',
          ),
        count_by: countByField(),
        bypass_level: bypassLevelField(),
        pager: pagerField(),
      },
      { error: notAMapping('{ threshold, buffer, cooldown, count_by, bypass_level, pager }') },
    )
    .describe("AlpineBits' threshold, buffer and cooldown policy (not with `group`)"),
);

export const conditionsSchema = lazy(() => {
  const z = zod();
  const bool = () => z.boolean({ error: (issue) => `expected true or false; ${got(issue.input)}` });
  return z
    .strictObject(
      {
        new: bool()
          .optional()
          .describe('Notify for the first alert of a fingerprint (a new error)'),
        regression: z
          .union(
            [
              bool(),
              z.strictObject({
                quiet: durationField()
                  .optional()
                  .describe(
                    'Quiet time after which its return is a regression. 1 s..30 days. Default 1h.',
                  ),
              }),
            ],
            { error: (issue) => `expected true, false or { quiet }; ${got(issue.input)}` },
          )
          .optional()
          .describe(
            'Notify when a fingerprint comes back after a quiet time, or after manager.resolve() of it',
          ),
        frequency: z
          .strictObject(
            {
              count: numberField('a number of alerts').describe(
                'Alerts within the window that notify. 1..1000000.',
              ),
              window: durationField().describe('The window, from the first of them. 1 s..30 days.'),
            },
            { error: notAMapping('{ count, window }') },
          )
          .optional()
          .describe('Notify when a fingerprint has `count` alerts within `window`'),
        max_fingerprints: numberField('a number of fingerprints')
          .optional()
          .describe(
            'Fingerprints remembered; past it the least recently seen is forgotten. 1..1000000. Default 10000.',
          ),
      },
      { error: notAMapping('{ new, regression, frequency, max_fingerprints }') },
    )
    .describe(
      "Sentry's alert conditions: notify only for a new fingerprint, a regression or a frequent one; other alerts are deduplicated",
    );
});

/** The noise-control and resolve keys of a channel instance. */
export function noiseShape() {
  const z = zod();
  return {
    fingerprint: fingerprintSchema().optional(),
    repeat_interval: repeatIntervalSchema().optional(),
    group: groupSchema().optional(),
    burst: burstSchema().optional(),
    conditions: conditionsSchema().optional(),
    send_resolved: z
      .boolean({ error: (issue) => `expected true or false; ${got(issue.input)}` })
      .optional()
      .describe(
        'Send a RESOLVED notice when an incident this channel notified ends (manager.resolve() or auto_resolve)',
      ),
    auto_resolve: durationField()
      .optional()
      .describe(
        "End an incident after this long without an alert of it (Alertmanager's resolve_timeout, per channel). 1 s..30 days.",
      ),
  };
}

/** `alerts.monitoring`: failnozzle's "just monitoring" markers. */
export const monitoringSchema = lazy(() => {
  const z = zod();
  return z
    .strictObject(
      {
        labels: z
          .record(z.string(), z.string(), {
            error: (issue) => `expected a mapping of label names to values; ${got(issue.input)}`,
          })
          .optional()
          .describe('Labels that mark an alert (all must match), e.g. { check: e2e }'),
        texts: z
          .array(textField('a text'), {
            error: (issue) => `expected a list of texts; ${got(issue.input)}`,
          })
          .optional()
          .describe('Texts that mark an alert when its title or body contains one'),
        channel: textField('a channel key').describe('The channel that receives marked alerts'),
      },
      { error: notAMapping('{ labels, texts, channel }') },
    )
    .describe(
      'End-to-end checks: marked alerts go only to `channel` (past its min_level) and are filtered on every other',
    );
});
