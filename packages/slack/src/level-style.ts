import { LEVEL_COLORS } from '@tocsin/channel-kit';
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
 * check mark and ERROR (ours, between WARNING and CRITICAL) a red cross. Colours are core's
 * `LEVEL_COLORS`, the same the email banner uses.
 */
export const SLACK_LEVEL_STYLES: Readonly<Record<AlertLevelName, SlackLevelStyle>> = Object.freeze({
  INFO: { emoji: ':information_source:', color: LEVEL_COLORS.INFO },
  SUCCESS: { emoji: ':white_check_mark:', color: LEVEL_COLORS.SUCCESS },
  WARNING: { emoji: ':warning:', color: LEVEL_COLORS.WARNING },
  ERROR: { emoji: ':x:', color: LEVEL_COLORS.ERROR },
  CRITICAL: { emoji: ':rotating_light:', color: LEVEL_COLORS.CRITICAL },
});
