import { randomBytes } from 'node:crypto';

/** Random per collector process, so ids from two collectors never meet. */
const PREFIX = `serve-${randomBytes(6).toString('hex')}-`;
let counter = 0;

/**
 * An id for an alert posted without one: the collector answers 202 with the ids before
 * delivery, so it names them itself (an id the client gave is kept).
 */
export function nextCollectorAlertId(): string {
  return PREFIX + (++counter).toString(36);
}
