import { parseMatchers } from '../routing/label-matchers.js';
import { lazy, zod } from '../zod.js';
import { DURATION_HINT, parseDuration } from './duration.js';
import {
  durationField,
  got,
  jsonSchemaOverrides,
  levelField,
  shown,
  stringMapField,
  textField,
} from './schema-fields.js';

/*
 * The file form of routing by labels and of silences: `matchers` on a channel, and
 * `alerts.silences`. Matchers are Alertmanager's text, checked here so a bad one is
 * reported at its path while loading.
 */

/** Label matchers as Alertmanager writes them: a list, or one string (`{service="api"}`). */
export const matchersSchema = lazy(() => {
  const z = zod();
  return z
    .union([z.string(), z.array(z.string())], {
      error: (issue) =>
        `expected matchers as Alertmanager writes them: a list such as ['service="api"', 'env!~"dev|test"']; ${got(issue.input)}`,
    })
    .superRefine((value, ctx) => {
      try {
        parseMatchers(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .describe(
      'Label matchers (=, !=, =~, !~) the alert must meet besides min_level: ["service=~\\"api|web\\"", "env!=\\"dev\\""]. `level` and `alertname` can be matched too.',
    );
});

const DATE_JSON_SCHEMA = {
  anyOf: [
    { type: 'string', format: 'date-time' },
    { type: 'number', description: 'epoch milliseconds' },
  ],
};

const dateField = () => {
  const schema = zod()
    .union([zod().string(), zod().number(), zod().date()], {
      error: (issue) =>
        `expected a date (an ISO string such as 2026-12-24T18:00:00Z); ${got(issue.input)}`,
    })
    .superRefine((value, ctx) => {
      if (!Number.isFinite(new Date(value as string).getTime()))
        ctx.addIssue({
          code: 'custom',
          message: `expected a date (an ISO string such as 2026-12-24T18:00:00Z); got ${shown(value)}`,
        });
    });
  jsonSchemaOverrides.set(schema, DATE_JSON_SCHEMA);
  return schema;
};

/** One silence in the file: matchers, and `until` or `duration`. */
export const silenceSchema = lazy(() => {
  const z = zod();
  return z
    .strictObject(
      {
        matchers: matchersSchema(),
        until: dateField().optional().describe('When it ends (ISO date and time).'),
        duration: z
          .union([z.number(), z.string()])
          .superRefine((value, ctx) => {
            if (parseDuration(value) === undefined)
              ctx.addIssue({
                code: 'custom',
                message: `expected a duration (${DURATION_HINT}); got ${shown(value)}`,
              });
          })
          .optional()
          .describe('How long from starts_at (or from loading): "2h".'),
        starts_at: dateField()
          .optional()
          .describe('When it starts. Default: when the config is loaded.'),
        comment: textField('a comment')
          .optional()
          .describe('Why; shown with each alert it silences.'),
        created_by: textField('a name').optional().describe('Who made it.'),
      },
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? `expected a silence { matchers, until | duration, comment }; ${got(issue.input)}`
            : undefined,
      },
    )
    .describe('A silence: alerts its matchers match are not sent while it lasts');
});

/** `alerts.silences`. */
export const silencesSchema = lazy(() =>
  zod()
    .array(silenceSchema(), {
      error: (issue) => `expected a list of silences; ${got(issue.input)}`,
    })
    .describe('Silences in force when the manager starts (more with manager.silence())'),
);

/** `alerts.inhibit_rules`, in Alertmanager's spelling. */
export const inhibitRulesSchema = lazy(() => {
  const z = zod();
  const rule = z
    .strictObject(
      {
        source_matchers: matchersSchema().describe('Matchers of the alerts that inhibit'),
        target_matchers: matchersSchema().describe('Matchers of the alerts that are inhibited'),
        equal: z
          .array(textField('a label name'), {
            error: (issue) => `expected a list of label names; ${got(issue.input)}`,
          })
          .optional()
          .describe('Labels that must have the same value in both'),
      },
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? `expected an inhibit rule { source_matchers, target_matchers, equal }; ${got(issue.input)}`
            : undefined,
      },
    )
    .describe(
      "While an alert matching source_matchers fires, alerts matching target_matchers with equal values of the `equal` labels are not sent (status 'inhibited')",
    );
  return z
    .array(rule, { error: (issue) => `expected a list of inhibit rules; ${got(issue.input)}` })
    .describe("Alertmanager's inhibit rules");
});

const rangeList = (what: string) =>
  zod()
    .array(textField(what), {
      error: (issue) => `expected a list of ${what}s; ${got(issue.input)}`,
    })
    .optional();

/** `alerts.time_intervals`, in Alertmanager's shape: `[{ name, time_intervals: [...] }]`. */
export const timeIntervalsSchema = lazy(() => {
  const z = zod();
  const interval = z
    .strictObject({
      times: z
        .array(
          z.strictObject({
            start_time: textField('a time (HH:MM)').describe('Start, HH:MM'),
            end_time: textField('a time (HH:MM)').describe(
              'End (not included), HH:MM; 24:00 for midnight',
            ),
          }),
        )
        .optional()
        .describe('Times of day: [{ start_time: "22:00", end_time: "24:00" }]'),
      weekdays: rangeList('weekday').describe('["monday:friday", "sunday"]'),
      days_of_month: rangeList('day').describe('["1:5", "-1"]: negative counts from the end'),
      months: rangeList('month').describe('["january:march", "12"]'),
      years: rangeList('year').describe('["2026:2027"]'),
      location: textField('a time zone').optional().describe('IANA time zone, default UTC'),
    })
    .describe('One window: every field given must hold');
  const named = z.strictObject({
    name: textField('a name').describe(
      'What channels call it in mute_time_intervals / active_time_intervals',
    ),
    time_intervals: z.array(interval).describe('The windows; a time inside any of them is inside'),
  });
  return z
    .array(named, {
      error: (issue) => `expected a list of { name, time_intervals }; ${got(issue.input)}`,
    })
    .describe(
      "Alertmanager's time_intervals: named recurring windows channels mute or activate by",
    );
});

/** A channel's `mute_time_intervals` / `active_time_intervals`: names from `alerts.time_intervals`. */
export const intervalNamesSchema = lazy(() =>
  zod().array(textField('a time interval name'), {
    error: (issue) => `expected a list of names from alerts.time_intervals; ${got(issue.input)}`,
  }),
);

/**
 * `alerts.heartbeats`: dead-man switches by name. Each field is checked here; that exactly one
 * of `every` and `cron` is given is checked once presets are merged (a preset may change
 * only `grace`), with the code's own checks, at the heartbeat's path.
 */
export const heartbeatsSchema = lazy(() => {
  const z = zod();
  const heartbeat = z
    .strictObject(
      {
        every: durationField()
          .optional()
          .describe('A ping is due this long after the last one: "5m". Give this or cron.'),
        cron: textField('a cron expression')
          .optional()
          .describe(
            'A ping is due at each time of this schedule: "0 2 * * *" (five fields, or six with seconds first; @daily, @hourly). Give this or every.',
          ),
        timezone: textField('a time zone')
          .optional()
          .describe('IANA time zone cron is read in: "Europe/Berlin". Default UTC.'),
        grace: durationField()
          .optional()
          .describe('How late a ping may be before the alert. Default 60 s.'),
        level: levelField().optional().describe('The alert level. Default error.'),
        labels: stringMapField('label names to values')
          .optional()
          .describe('Labels of the alert, besides heartbeat: <name>'),
        title: textField('a title')
          .optional()
          .describe('Title of the alert. Default: Heartbeat "<name>" missed.'),
      },
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? `expected a heartbeat { every | cron, timezone, grace, level, labels, title }; ${got(issue.input)}`
            : undefined,
      },
    )
    .describe(
      'A dead-man switch: when no ping comes by every (or the cron time) + grace, one alert is sent',
    );
  return z
    .record(z.string(), heartbeat, {
      error: (issue) => `expected a mapping of heartbeat names to settings; ${got(issue.input)}`,
    })
    .describe(
      'Heartbeats the manager makes when built from the config; the job gets one with manager.heartbeat(name) and pings it',
    );
});
