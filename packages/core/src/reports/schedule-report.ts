import type { AlertManager } from '../alert-manager.js';
import type { ReportOptions } from './report-options.js';
import type { ScheduledReport } from './scheduled-report.js';

/**
 * Send a report on a schedule (AlpineBits' daily report): at each time of `at` (`'08:00'`
 * or a cron schedule, read in `timeZone`), one INFO alert to `channel` with the period's
 * alerts by level, their outcomes by status, the `top` fingerprints with their counts, and
 * the tables `collect()` returns. The period starts again after each report. `close()` on
 * the returned report stops it; the manager's `close()` stops them all.
 * The same as `manager.scheduleReport(options)`.
 * @throws TypeError for bad options
 */
export function scheduleReport(manager: AlertManager, options: ReportOptions): ScheduledReport {
  return manager.scheduleReport(options);
}
