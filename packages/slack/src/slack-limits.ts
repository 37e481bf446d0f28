/**
 * Slack's limits, in characters (UTF-16 units, as Slack counts them) and blocks: every
 * renderer and the final guard read them here. Past them Slack refuses the message.
 */
export const SLACK_LIMITS = {
  /** A header block's text. */
  header: 150,
  /** A section's text, or a context element's. */
  section: 3000,
  /** The notification (fallback) text we send; Slack allows 40,000, a notification needs less. */
  fallback: 3000,
  /** Blocks in one message, top level and attachments together. */
  blocks: 50,
  /** Characters of all the message's texts together. */
  message: 40_000,
  /** A digest entry's title in its section: short enough that many entries fit. */
  digestTitle: 500,
  /** Values of the digest's `countBy` label listed per entry. */
  digestCounts: 10,
} as const;
