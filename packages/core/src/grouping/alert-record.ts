import { AcceptedAlert, epochOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import type { AlertLevel } from '../alert-level.js';
import type { AlertRecord } from '../stages/noise-store.js';

/**
 * An alert as plain data, for a store shared by replicas to keep. What makes a notice (its
 * occurrences, a resolution) is not kept: a digest shows the alert's own fields.
 */
export function alertRecord(alert: Alert): AlertRecord {
  const record: {
    -readonly [K in keyof AlertRecord]: AlertRecord[K];
  } = {
    id: alert.id,
    title: alert.title,
    formattedTitle: alert.formattedTitle,
    body: alert.body,
    level: alert.level,
    labels: alert.labels,
    epoch: epochOf(alert),
    fingerprint: alert.fingerprint,
  };
  if (alert.source !== undefined) record.source = alert.source;
  if (alert.dedupKey !== undefined) record.dedupKey = alert.dedupKey;
  return record;
}

/** The alert a record stands for, as a digest's entry shows it. */
export function recordAlert(record: AlertRecord): Alert {
  return new AcceptedAlert(
    record.id,
    record.title,
    record.formattedTitle,
    record.body,
    record.level as AlertLevel,
    Object.freeze({ ...record.labels }),
    record.source,
    record.epoch,
    record.dedupKey,
    undefined,
    record.fingerprint,
  );
}
