import { type Alert, type AlertInput, createAlert } from '@tocsin/core';

/**
 * A critical alert with every field pinned (id, source and timestamp too), so that what a
 * channel sends is the same on every run and can be compared with a literal or a snapshot.
 * Fields of `input` replace the pinned ones.
 */
export function fixedAlert(input: Partial<AlertInput> = {}): Alert {
  return createAlert({
    id: 'alert-0001',
    title: 'Database connection lost',
    body: 'Primary unreachable for 30 s',
    level: 'critical',
    labels: { service: 'api', host: 'db-1' },
    source: 'health-check',
    timestamp: '2025-01-02T03:04:05.000Z',
    ...input,
  });
}
