import type { Resolution } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { resolvedSentence } from './resolved-sentence.js';

const startsAt = new Date('2025-01-02T03:04:05.678Z');
const resolution = (more: Partial<Resolution> = {}): Resolution => ({
  startsAt,
  endsAt: new Date(startsAt.getTime() + 750_000),
  count: 37,
  by: 'resolve',
  ...more,
});

describe('resolvedSentence', () => {
  it('says how long the incident lasted, how many alerts it had and since when', () => {
    expect(resolvedSentence(resolution())).toBe(
      'Resolved after 12 min 30 s (37 alerts since 2025-01-02 03:04:05 UTC)',
    );
  });

  it('says "1 alert" for an incident of one', () => {
    expect(resolvedSentence(resolution({ count: 1 }))).toBe(
      'Resolved after 12 min 30 s (1 alert since 2025-01-02 03:04:05 UTC)',
    );
  });

  it('says when the auto-resolve timeout ended it', () => {
    const endsAt = new Date(startsAt.getTime() + 3 * 3_600_000 + 5 * 60_000);
    expect(resolvedSentence(resolution({ by: 'timeout', endsAt }))).toBe(
      'Resolved after 3 h 5 min: no new alert before the auto-resolve timeout (37 alerts since 2025-01-02 03:04:05 UTC)',
    );
  });
});
