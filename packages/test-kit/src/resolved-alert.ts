import type { Alert, AlertInput, Resolution } from '@tocsin/core';
import { fixedAlert } from './fixed-alert.js';

/**
 * A RESOLVED notice as core hands it to a channel: `fixedAlert(input)` under the id
 * `resolved-0001`, carrying a resolution (an incident of 12 min 30 s and 37 alerts, ended by
 * `manager.resolve()`, unless `resolution` says otherwise).
 */
export function resolvedAlert(
  input: Partial<AlertInput> = {},
  resolution: Partial<Resolution> = {},
): Alert {
  const alert = fixedAlert({ id: 'resolved-0001', ...input });
  const startsAt = alert.timestamp;
  const resolved: Resolution = {
    startsAt,
    endsAt: new Date(startsAt.getTime() + 750_000),
    count: 37,
    by: 'resolve',
    ...resolution,
  };
  return {
    id: alert.id,
    title: alert.title,
    formattedTitle: alert.formattedTitle,
    body: alert.body,
    level: alert.level,
    levelName: alert.levelName,
    labels: alert.labels,
    source: alert.source,
    timestamp: alert.timestamp,
    dedupKey: alert.dedupKey,
    fingerprint: alert.fingerprint,
    resolved,
  };
}
