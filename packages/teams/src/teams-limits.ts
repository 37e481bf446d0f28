/**
 * What one Teams message may hold. Teams refuses a message over about 28 KB; the whole
 * JSON body is kept under 28,000 bytes. The other numbers are our own caps, so that no one
 * part (a label, the source) can crowd out the rest.
 */
export const TEAMS_LIMITS = Object.freeze({
  /** Bytes of the whole request body. */
  messageBytes: 28_000,
  /** Characters of the title. */
  title: 256,
  /** Characters of the body before the card is fitted to `messageBytes`. */
  body: 24_000,
  /** Characters of a label's name, and of its value, in the FactSet. */
  factName: 100,
  factValue: 500,
  /** Bytes the FactSet may take of the message; labels past it are counted, not shown. */
  factsBytes: 8_000,
  /** Characters of the source. */
  source: 300,
  /** Digest entries shown at most, and characters of an entry's title. */
  digestEntries: 50,
  digestTitle: 200,
  /** Per-value counts shown for a digest entry. */
  digestCounts: 10,
});
