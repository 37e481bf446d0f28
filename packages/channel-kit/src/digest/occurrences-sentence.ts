import { formatTimestamp, type Occurrences } from '@tocsin/core';

/**
 * "Seen 37 times since 2026-12-01 14:02:00 UTC": what a notification sent after
 * deduplication says about the alerts it stands for. Plain text: the caller escapes it.
 */
export function occurrencesSentence(occurrences: Occurrences): string {
  const times = occurrences.count === 1 ? 'once' : `${occurrences.count} times`;
  return `Seen ${times} since ${formatTimestamp(occurrences.firstSeen)} UTC`;
}
