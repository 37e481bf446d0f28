/**
 * What one Google Chat message may hold: 32,000 bytes in all (a card at most 32 KB), 100
 * widgets per card (Chat ignores the section that passes it, and all after). The other
 * numbers are our own caps, so no one part crowds out the rest.
 */
export const GOOGLE_CHAT_LIMITS = Object.freeze({
  /** Bytes of the whole request body (a little under Chat's 32,000). */
  messageBytes: 31_000,
  /** Widgets per card. */
  widgets: 100,
  /** Characters of the header title and of `fallbackText`. */
  title: 200,
  /** Characters of the body before the message is fitted to `messageBytes`. */
  body: 20_000,
  /** Characters of a label's name, and of its value. */
  labelName: 100,
  labelValue: 500,
  /** Labels shown at most, and bytes they may take; the others are counted, not shown. */
  labels: 40,
  labelsBytes: 8_000,
  /** Characters of the source. */
  source: 300,
  /** Digest entries shown at most, characters of an entry's title, values counted. */
  digestEntries: 50,
  digestTitle: 200,
  digestCounts: 10,
});
