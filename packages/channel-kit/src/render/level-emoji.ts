import type { AlertLevelName } from '@tocsin/core';

/** An emoji per level, for titles and notifications that show no colour. */
export const LEVEL_EMOJI: Readonly<Record<AlertLevelName, string>> = Object.freeze({
  INFO: 'ℹ️',
  SUCCESS: '✅',
  WARNING: '⚠️',
  ERROR: '❌',
  CRITICAL: '🚨',
});
