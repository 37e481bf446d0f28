import { createAlert, type Digest, type DigestEntry } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { fitDigestEntries } from './fit-digest-entries.js';

const at = new Date('2026-03-04T05:06:07Z');

function digest(counts: number[], otherAlerts = 0): Digest {
  const entries: DigestEntry[] = counts.map((count, i) => ({
    fingerprint: `f${i}`,
    alert: createAlert({ title: `alert ${i}`, level: 'error' }),
    counts: [],
    count,
    firstSeen: at,
    lastSeen: at,
  }));
  return {
    id: 'd1',
    reason: 'wait',
    groupLabels: {},
    countBy: 'host',
    total: counts.reduce((a, b) => a + b, otherAlerts),
    entries,
    otherAlerts,
    firstSeen: at,
    lastSeen: at,
  };
}

const title = (entry: DigestEntry) => `${entry.count}x ${entry.alert.title}`;

describe('fitDigestEntries', () => {
  it('keeps every entry that fits, each counted with one for its separator', () => {
    // "5x alert 0" and "3x alert 1" are 10 characters each: 11 + 11 = 22.
    expect(fitDigestEntries(digest([5, 3]), 10, 22, title, (t) => t.length)).toEqual({
      items: ['5x alert 0', '3x alert 1'],
      leftOut: '',
    });
  });

  it('stops at the first entry past the room, and says what it left out', () => {
    expect(fitDigestEntries(digest([5, 3, 2], 4), 10, 21, title, (t) => t.length)).toEqual({
      items: ['5x alert 0'],
      leftOut: 'and 2 more unique alerts (9 alerts) not shown',
    });
  });

  it('shows at most `max` entries, whatever the room', () => {
    const fitted = fitDigestEntries(digest([5, 3, 2]), 1, 1000, title, (t) => t.length);
    expect(fitted.items).toEqual(['5x alert 0']);
    expect(fitted.leftOut).toBe('and 2 more unique alerts (5 alerts) not shown');
  });
});
