/**
 * How a RESOLVED notice looks where a channel has colour or emoji: Slack's brand green
 * (`#2eb67d`), the same for every channel that takes a hex colour, and a check mark. It is
 * not the SUCCESS level's colour, so a recovery reads as one.
 */
export const RESOLVED_COLOR = '#2eb67d';
export const RESOLVED_EMOJI = '✅';
/** The word every channel shows a RESOLVED notice by, in its title or banner. */
export const RESOLVED_TAG = 'RESOLVED';
