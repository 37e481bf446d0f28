import type { Digest, DigestEntry } from '@tocsin/core';
import { cutDigest, leftOutSentence } from './cut-digest.js';

/** The entries of a digest one message shows, rendered, and what it says of the rest. */
export interface FittedDigest<T> {
  /** Rendered entries, most alerts first. */
  readonly items: T[];
  /** "and 3 more unique alerts (40 alerts) not shown", or `''`. */
  readonly leftOut: string;
}

/**
 * Render the largest entries of `digest` while they fit `room`: at most `max`, each
 * counted as `size(item)` plus one for its separator, in whatever unit the channel's
 * limit is (bytes of JSON, characters). The rest are counted in `leftOut`.
 */
export function fitDigestEntries<T>(
  digest: Digest,
  max: number,
  room: number,
  render: (entry: DigestEntry) => T,
  size: (item: T) => number,
): FittedDigest<T> {
  const items: T[] = [];
  let used = 0;
  const cut = cutDigest(digest, max, (entry) => {
    const item = render(entry);
    used += size(item) + 1;
    if (used > room) return false;
    items.push(item);
    return true;
  });
  return { items, leftOut: leftOutSentence(cut) };
}
