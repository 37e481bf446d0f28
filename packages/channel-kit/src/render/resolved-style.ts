/**
 * How a RESOLVED notice looks where a channel has colour or emoji: Slack's green (the
 * colour of its `good` attachments), the same hue for every channel that takes hex, and a
 * check mark. Distinct from the SUCCESS level's colour, so a recovery reads as one.
 */
export const RESOLVED_COLOR = '#2eb67d';
export const RESOLVED_EMOJI = '✅';
/** The word every channel shows a resolved notice by, in its title or banner. */
export const RESOLVED_TAG = 'RESOLVED';
