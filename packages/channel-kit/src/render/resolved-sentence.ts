import { formatTimestamp, type Resolution } from '@tocsin/core';
import { formatDuration } from './format-duration.js';

/**
 * What a RESOLVED notice says about its incident, the same on every channel:
 * "Resolved after 12 min 30 s (37 alerts since 2025-01-02 03:04:05 UTC)"; resolved by the
 * entry's auto-resolve: "Resolved after 12 min 30 s: no new alert before the auto-resolve
 * timeout (37 alerts since …)". The duration runs from `startsAt` to `endsAt`. Plain text:
 * the caller escapes it.
 */
export function resolvedSentence(resolution: Resolution): string {
  const { startsAt, endsAt, count, by } = resolution;
  const after = `Resolved after ${formatDuration(endsAt.getTime() - startsAt.getTime())}`;
  const why = by === 'timeout' ? ': no new alert before the auto-resolve timeout' : '';
  const alerts = count === 1 ? '1 alert' : `${count} alerts`;
  return `${after}${why} (${alerts} since ${formatTimestamp(startsAt)} UTC)`;
}
