import type { Digest, DigestEntry } from '@tocsin/core';

/** The entries of a digest one message shows, and what it leaves out. */
export interface DigestCut {
  /** The largest entries, most alerts first (core's order). */
  readonly shown: readonly DigestEntry[];
  /** Fingerprints not shown. */
  readonly leftOut: number;
  /** Alerts those fingerprints stand for, with the digest's `otherAlerts` (never listed). */
  readonly leftOutAlerts: number;
}

/**
 * Keep the largest entries of `digest` a message has room for: at most `max`, and only
 * while `fits(entry, index)` says the next one still fits (it is called in order and may
 * count what it accepts). Core already sorts entries most alerts first, so the first ones
 * are the largest; the rest are counted, never dropped silently.
 */
export function cutDigest(
  digest: Digest,
  max: number,
  fits?: (entry: DigestEntry, index: number) => boolean,
): DigestCut {
  const { entries } = digest;
  const limit = Math.max(0, Math.min(max, entries.length));
  let kept = 0;
  while (kept < limit && (fits === undefined || fits(entries[kept] as DigestEntry, kept))) kept++;
  return keepFirst(digest, kept);
}

/** The first `kept` entries of `digest`, and the count of the others. */
export function keepFirst(digest: Digest, kept: number): DigestCut {
  const { entries } = digest;
  const n = Math.max(0, Math.min(kept, entries.length));
  let leftOutAlerts = digest.otherAlerts;
  for (let i = n; i < entries.length; i++) leftOutAlerts += (entries[i] as DigestEntry).count;
  return { shown: entries.slice(0, n), leftOut: entries.length - n, leftOutAlerts };
}

/**
 * "and 4990 more unique alerts (12000 alerts) not shown": what a cut message says in place
 * of the entries it left out; `''` when nothing was.
 */
export function leftOutSentence(cut: Pick<DigestCut, 'leftOut' | 'leftOutAlerts'>): string {
  if (cut.leftOut > 0)
    return `and ${plural(cut.leftOut, 'more unique alert')} (${plural(cut.leftOutAlerts, 'alert')}) not shown`;
  if (cut.leftOutAlerts > 0)
    return `and ${plural(cut.leftOutAlerts, 'more alert')} of other kinds not shown`;
  return '';
}

/**
 * An entry's per-value counts as short text, most first: `host2 3X, host1 1X, other hosts
 * 2X`, at most `max` values and then `+N more`. Plain text: the caller escapes it.
 */
export function countsText(entry: DigestEntry, countBy: string, max = 10): string {
  const parts: string[] = [];
  for (const [value, count] of entry.counts.slice(0, max))
    parts.push(`${value === '' ? `other ${countBy}s` : value} ${count}X`);
  const more = entry.counts.length - max;
  if (more > 0) parts.push(`+${more} more`);
  return parts.join(', ');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
