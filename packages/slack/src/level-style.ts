import type { AlertLevelName } from '@tocsin/core';

/** How a level looks in Slack: the header's emoji and the attachment's colour bar. */
export interface SlackLevelStyle {
  /** Slack emoji shortcode, with the colons. */
  readonly emoji: string;
  /** Attachment colour (hex, with `#`). */
  readonly color: string;
}

/**
 * One entry per level. INFO, WARNING and CRITICAL use kstlib's emojis; SUCCESS gets a
 * check mark and ERROR (ours, between WARNING and CRITICAL) a red cross.
 */
export const SLACK_LEVEL_STYLES: Readonly<Record<AlertLevelName, SlackLevelStyle>> = Object.freeze({
  INFO: { emoji: ':information_source:', color: '#36a64f' },
  SUCCESS: { emoji: ':white_check_mark:', color: '#36a64f' },
  WARNING: { emoji: ':warning:', color: '#ff9800' },
  ERROR: { emoji: ':x:', color: '#e8590c' },
  CRITICAL: { emoji: ':rotating_light:', color: '#ff0000' },
});
