import { AcceptedAlert, epochOf, withTables } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import { durationText } from '../config/duration.js';
import type { ConditionSettings } from './conditions-options.js';
import type { Halt, Stage, Verdict } from './stage.js';

/** Which condition let an alert through: the value of its `condition` label. */
export type ConditionMet = 'new' | 'regression' | 'frequency';

/** What the stage remembers of one fingerprint (clock times, ms). */
interface Tracked {
  lastSeen: number;
  /** When `manager.resolve()` ended its incident, until its next alert. */
  resolvedAt: number | undefined;
  windowStart: number;
  windowCount: number;
}

/** The conditions stage, and how a resolve makes the next alert a regression. */
export interface ConditionsStage extends Stage {
  /** `manager.resolve()` ended the incident of `fingerprint` at clock time `now`. */
  resolved(fingerprint: string, now: number): void;
}

/**
 * Sentry's alert conditions, per fingerprint: an alert goes on only when its fingerprint is
 * new (first seen), regresses (seen again after `quietMs` without an alert, or after a
 * resolve), or is frequent (`count` alerts within `windowMs` of the first of them; the count
 * then starts again). Any other alert stops as `deduplicated`: it is one more of something
 * already told. The alert that goes on says which condition it met, in a `condition` label
 * and a first body line ("Regression: seen again after 3 h 5 min quiet"); its fingerprint
 * stays the same.
 *
 * Memory: one small record per fingerprint, at most `maxFingerprints`; past it the least
 * recently seen is forgotten (its next alert counts as new).
 */
export function conditionsStage(settings: ConditionSettings): ConditionsStage {
  const tracked = new Map<string, Tracked>();
  const { quietMs, frequency } = settings;
  const unmet: Halt = {
    status: 'deduplicated',
    error: `No alert condition met (${describe(settings)})`,
  };

  return {
    name: 'conditions',
    check(alert: Alert, now: number): Verdict {
      const fingerprint = alert.fingerprint;
      let record = tracked.get(fingerprint);
      let met: ConditionMet | undefined;
      let sentence = '';
      if (record === undefined) {
        record = { lastSeen: now, resolvedAt: undefined, windowStart: now, windowCount: 0 };
        if (tracked.size >= settings.maxFingerprints) {
          // Least recently seen first: a Map keeps insertion order, and each alert re-inserts.
          const oldest = tracked.keys().next().value as string;
          tracked.delete(oldest);
        }
        tracked.set(fingerprint, record);
        if (settings.new) {
          met = 'new';
          sentence = `New ${kind(alert)}: first seen.`;
        }
      } else {
        tracked.delete(fingerprint);
        tracked.set(fingerprint, record);
        if (quietMs !== undefined) {
          if (record.resolvedAt !== undefined) {
            met = 'regression';
            sentence = `Regression: seen again ${spoken(now - record.resolvedAt)} after it was resolved.`;
          } else if (now - record.lastSeen >= quietMs) {
            met = 'regression';
            sentence = `Regression: seen again after ${spoken(now - record.lastSeen)} quiet.`;
          }
        }
      }
      record.lastSeen = now;
      record.resolvedAt = undefined;
      if (frequency !== undefined) {
        if (now - record.windowStart >= frequency.windowMs) {
          record.windowStart = now;
          record.windowCount = 0;
        }
        if (++record.windowCount >= frequency.count) {
          if (met === undefined) {
            met = 'frequency';
            sentence = `Frequent: ${record.windowCount} in ${durationText(frequency.windowMs / 1000)}.`;
          }
          record.windowStart = now;
          record.windowCount = 0;
        }
      }
      return met === undefined ? unmet : { next: marked(alert, met, sentence) };
    },
    resolved(fingerprint: string, now: number): void {
      const record = tracked.get(fingerprint);
      if (record !== undefined) record.resolvedAt = now;
    },
  };
}

/** The alert with its `condition` label and a first body line saying why it goes out. */
function marked(alert: Alert, met: ConditionMet, sentence: string): Alert {
  const next = new AcceptedAlert(
    alert.id,
    alert.title,
    alert.formattedTitle,
    alert.body === '' ? sentence : `${sentence}\n\n${alert.body}`,
    alert.level,
    { ...alert.labels, condition: met },
    alert.source,
    epochOf(alert),
    alert.dedupKey,
    undefined,
    // The same fingerprint: the label is news about the alert, not a new kind of alert.
    alert.fingerprint,
  );
  return alert.tables === undefined ? next : withTables(next, alert.tables);
}

/** `error` for ERROR and CRITICAL, `warning`, else `alert`: "New error". */
function kind(alert: Alert): string {
  if (alert.level >= 25) return 'error';
  return alert.level >= 20 ? 'warning' : 'alert';
}

/** `3 h 5 min`, `45 s`, `2 d 4 h`: the two largest units, rounded down. */
export function spoken(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, ms);
  for (const [unit, size] of units) {
    if (rest < size && parts.length === 0) continue;
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}`);
    if (parts.length === 2 || (parts.length === 1 && count === 0)) break;
  }
  return parts.length === 0 ? `${Math.round(ms)} ms` : parts.join(' ');
}

function describe(settings: ConditionSettings): string {
  const parts: string[] = [];
  if (settings.new) parts.push('new');
  if (settings.quietMs !== undefined)
    parts.push(`regression after ${durationText(settings.quietMs / 1000)} quiet or a resolve`);
  if (settings.frequency !== undefined)
    parts.push(
      `${settings.frequency.count} in ${durationText(settings.frequency.windowMs / 1000)}`,
    );
  return parts.join(', ');
}
