import { createHash, timingSafeEqual } from 'node:crypto';
import type { AlertmanagerAuth } from './alertmanager-channel-options.js';

/**
 * A check of a request's `Authorization` header against `auth`: always true without
 * `auth`. Compared in constant time (over digests, so the length does not show either).
 */
export function checkAuthorization(
  auth: AlertmanagerAuth | undefined,
): (header: string | undefined) => boolean {
  if (auth === undefined) return () => true;
  checkAuth(auth);
  const expected = digest(
    'bearer' in auth
      ? `Bearer ${auth.bearer}`
      : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
  );
  const scheme = 'bearer' in auth ? 'bearer' : 'basic';
  return (header) => {
    if (header === undefined) return false;
    // The scheme is case-insensitive (RFC 9110); the credentials are not.
    const space = header.indexOf(' ');
    if (space < 0 || header.slice(0, space).toLowerCase() !== scheme) return false;
    const given = `${scheme === 'bearer' ? 'Bearer' : 'Basic'} ${header.slice(space + 1).trim()}`;
    return timingSafeEqual(digest(given), expected);
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A TypeError naming the option, never its value. */
function checkAuth(auth: AlertmanagerAuth): void {
  const bad = (what: string) => new TypeError(`alertmanagerReceiver: \`auth${what}`);
  if (typeof auth !== 'object' || auth === null)
    throw bad('` must be { bearer } or { username, password }');
  if ('bearer' in auth) {
    if (typeof auth.bearer !== 'string' || auth.bearer === '')
      throw bad('.bearer` must be a non-empty string');
    return;
  }
  if (typeof auth.username !== 'string' || auth.username === '' || auth.username.includes(':'))
    throw bad('.username` must be a non-empty string without ":"');
  if (typeof auth.password !== 'string' || auth.password === '')
    throw bad('.password` must be a non-empty string');
}
