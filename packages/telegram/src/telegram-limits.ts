/** Telegram's limits on `sendMessage`, and how the channel shares them out. */
export const TELEGRAM_LIMITS = Object.freeze({
  /** Characters of text after entities parsing: what the reader sees, tags not counted. */
  text: 4096,
  /** The title line. */
  title: 256,
  /** Labels shown; the rest are counted (`+3 more`). */
  labels: 10,
  labelKey: 40,
  labelValue: 100,
  source: 200,
  /** A digest entry's title and service. */
  digestTitle: 200,
  /** Hosts listed per digest entry. */
  digestCounts: 10,
});
