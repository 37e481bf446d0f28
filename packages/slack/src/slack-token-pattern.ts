/**
 * Slack's token shapes (`xoxb-…`, `xoxp-…`, …): masked in every message and cause the
 * channel makes, wherever a reply or a library echoes one.
 */
export const SLACK_TOKEN_PATTERN = /\bxox[abposr]-[A-Za-z0-9-]+/g;
