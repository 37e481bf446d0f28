import { formatPath } from '../config/config-path.js';
import type { ConfigFile } from '../config/config-schema.js';
import { parseDuration } from '../config/duration.js';
import { fileSpelling } from '../config/file-options.js';
import type { ResolveContext } from '../config/resolve-config.js';
import { durationField, got, numberField, textField } from '../config/schema-fields.js';
import type { ChannelConfig } from '../config/tocsin-config.js';
import { lazy, zod } from '../zod.js';
import type { ReportOptions } from './report-options.js';
import { readReportSpec } from './report-spec.js';

/** A report of `alerts.reports`, in `scheduleReport`'s spelling; `collect` comes from code. */
export type ReportConfig = Omit<ReportOptions, 'collect' | 'name'>;

/** `alerts.reports`: scheduled reports by name (AlpineBits' daily report). */
export const reportsSchema = lazy(() => {
  const z = zod();
  const report = z
    .strictObject(
      {
        at: textField('a time of day or a cron expression').describe(
          'When: a time of day "08:00" (every day) or a cron schedule "0 8 * * 1-5" (six fields with seconds first; @daily)',
        ),
        time_zone: textField('a time zone')
          .optional()
          .describe('IANA time zone `at` is read in: "Europe/Berlin". Default UTC.'),
        channel: textField('a channel key').describe('The channel that receives the report'),
        top: numberField('a number of fingerprints')
          .optional()
          .describe('Fingerprints listed, most alerts first. 1..100. Default 10.'),
        collect_timeout: durationField()
          .optional()
          .describe('How long the collect() given in code may take. Default 10s.'),
      },
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? `expected a report { at, time_zone, channel, top, collect_timeout }; ${got(issue.input)}`
            : undefined,
      },
    )
    .describe(
      "A scheduled report: the period's alerts by level and status, the top fingerprints, and what collect() returns",
    );
  return z
    .record(z.string(), report, {
      error: (issue) => `expected a mapping of report names to settings; ${got(issue.input)}`,
    })
    .describe(
      'Reports the manager schedules when built from the config; their collect() functions come from fromConfig(source, { collect: { <name>: fn } })',
    );
});

type FileReports = NonNullable<ConfigFile['alerts']['reports']>;

/**
 * `alerts.reports` in `scheduleReport`'s spelling, each checked as the manager will (a bad
 * time, cron expression or time zone is an error at the report's path), and its `channel`
 * a channel of the file (by key or `name`).
 */
export function resolveReports(
  file: FileReports,
  channels: Readonly<Record<string, ChannelConfig>>,
  context: ResolveContext,
): Record<string, ReportConfig> {
  // No prototype: a report called `__proto__` is one like any other.
  const out: Record<string, ReportConfig> = Object.create(null);
  const known = new Set(Object.values(channels).flatMap((c) => [c.key, c.name ?? c.key]));
  for (const [name, report] of Object.entries(file)) {
    const at = ['reports', name];
    const options: ReportConfig = {
      at: report.at,
      channel: report.channel,
      ...(report.time_zone === undefined ? {} : { timeZone: report.time_zone }),
      ...(report.top === undefined ? {} : { top: Number(report.top) }),
      ...(report.collect_timeout === undefined
        ? {}
        : { collectTimeout: parseDuration(report.collect_timeout) as number }),
    };
    try {
      readReportSpec({ ...options, name });
    } catch (error) {
      context.issues.push({
        path: formatPath(context.originOf(at).path),
        message: fileSpelling((error as Error).message.replace(/^report "[^"]*": /, '')),
      });
      continue;
    }
    if (!known.has(report.channel)) {
      context.issues.push({
        path: formatPath(context.originOf([...at, 'channel']).path),
        message: `no channel is called "${report.channel}" (channels: ${Object.keys(channels).join(', ') || 'none'})`,
      });
      continue;
    }
    out[name] = options;
  }
  return out;
}
