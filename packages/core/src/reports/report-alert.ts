import type { AlertInput } from '../alert.js';
import { durationText } from '../config/duration.js';
import { TABLE_LIMITS } from '../limits.js';
import { plural } from '../plural.js';
import type { ReportTableInput } from './report-options.js';
import { type PeriodSummary, STATUS_NAMES } from './report-period.js';

/** Marks a report's own alert: reports do not list it among the top fingerprints. */
export const REPORT_SOURCE = 'tocsin.report';

/** Tocsin's three tables come first; the app's get the rest of the alert's table limit. */
const OWN_TABLES = 3;

/** What `collect()` gave: its tables, and a sentence when it failed or gave something odd. */
export interface Collected {
  readonly tables: readonly ReportTableInput[];
  readonly problem?: string | undefined;
}

/**
 * The report as one INFO alert: a title with the period's count, a body that says the
 * period and any trouble with `collect()`, then the tables (by level, by status, top
 * fingerprints, the app's metrics), which the body also ends with as text.
 */
export function reportAlert(
  name: string,
  timeZone: string,
  summary: PeriodSummary,
  collected: Collected,
): AlertInput {
  const { start, end, alerts, byStatus } = summary;
  const title = `Report "${name}": ${plural(alerts, 'alert')} from ${localTime(start, timeZone)} to ${localTime(end, timeZone)}`;
  const lines = [
    `Period: ${localTime(start, timeZone)} to ${localTime(end, timeZone)} (${timeZone}), ${durationText(Math.round((end - start) / 1000))}.`,
    `Alerts accepted: ${alerts}; sent ${byStatus.sent}, failed ${byStatus.failed} (outcomes count each alert once per channel).`,
  ];
  if (summary.statsReset)
    lines.push('The stats were reset during the period: the outcomes count from the reset.');
  if (collected.problem !== undefined) lines.push(collected.problem);

  // The most severe first.
  const levels = Object.entries(summary.byLevel).reverse();
  const tables: ReportTableInput[] = [
    {
      title: 'Alerts by level',
      columns: ['Level', 'Alerts'],
      rows: [
        ...levels.map(([level, count]) => [level, count]),
        ['Total', levels.reduce((sum, [, n]) => sum + n, 0)],
      ],
    },
    {
      title: 'Outcomes by status',
      columns: ['Status', 'Count'],
      rows: [
        ...STATUS_NAMES.filter((s) => s === 'sent' || s === 'failed' || byStatus[s] > 0).map(
          (s) => [s, byStatus[s]],
        ),
        ...(summary.digests.sent + summary.digests.failed > 0
          ? [
              ['digests sent', summary.digests.sent],
              ['digests failed', summary.digests.failed],
            ]
          : []),
      ],
    },
    topTable(summary),
  ];
  const room = TABLE_LIMITS.tables - OWN_TABLES;
  tables.push(...collected.tables.slice(0, room));
  if (collected.tables.length > room)
    lines.push(
      `collect() returned ${collected.tables.length} tables: the first ${room} are shown.`,
    );
  return {
    title,
    body: lines.join('\n'),
    level: 'info',
    labels: { report: name },
    source: REPORT_SOURCE,
    dedupKey: `report:${name}:${new Date(end).toISOString()}`,
    timestamp: end,
    tables,
  };
}

function topTable(summary: PeriodSummary): ReportTableInput {
  const rows: ReportTableInput['rows'][number][] = summary.top.map((entry) => [
    entry.count,
    entry.levelName,
    entry.title,
    entry.fingerprint,
  ]);
  if (summary.otherFingerprints > 0)
    rows.push([
      summary.otherAlerts,
      '',
      plural(summary.otherFingerprints, 'other fingerprint'),
      '',
    ]);
  if (summary.untracked > 0)
    rows.push([summary.untracked, '', 'fingerprints past the tracking limit', '']);
  return { title: 'Top fingerprints', columns: ['Count', 'Level', 'Alert', 'Fingerprint'], rows };
}

/** `2026-12-02 08:00` in `timeZone`. */
function localTime(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
