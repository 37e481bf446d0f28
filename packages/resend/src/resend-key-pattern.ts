/**
 * Resend's API key shape (`re_…`): masked in every message the channel makes, whichever
 * key a reply or a library echoes, not only the channel's own.
 */
export const RESEND_KEY_PATTERN = /\bre_[A-Za-z0-9_]{6,}/g;
