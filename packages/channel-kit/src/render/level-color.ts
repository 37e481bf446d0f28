import type { AlertLevelName } from '@tocsin/core';

/** Banner colours per level, the same as Slack attachments use (hex, with `#`). */
export const LEVEL_COLORS: Readonly<Record<AlertLevelName, string>> = Object.freeze({
  INFO: '#36a64f',
  SUCCESS: '#36a64f',
  WARNING: '#ff9800',
  ERROR: '#e8590c',
  CRITICAL: '#ff0000',
});
