import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpRefusal } from './http-refusal.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may post. With tokens: a request must carry `Authorization: Bearer <one of them>`
 * (401 without one, 403 with another), compared in constant time over digests so neither
 * the token nor its length shows. Without tokens: only loopback clients (403 for others).
 * @returns a check that throws the refusal, or returns when the request may go on
 */
export function bearerAuth(tokens: readonly string[]): (req: IncomingMessage) => void {
  if (tokens.length === 0)
    return (req) => {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
        throw new HttpRefusal(
          403,
          'this collector has no tokens, so only 127.0.0.1 may post: set serve.tokens (or TOCSIN_SERVE_TOKEN) to accept others',
        );
    };
  const expected = tokens.map(digest);
  return (req) => {
    const header = req.headers.authorization;
    const space = header === undefined ? -1 : header.indexOf(' ');
    // The scheme is case-insensitive (RFC 9110); the token is not.
    if (header === undefined || space < 0 || header.slice(0, space).toLowerCase() !== 'bearer')
      throw new HttpRefusal(401, 'missing credentials: send Authorization: Bearer <token>', {
        'www-authenticate': 'Bearer realm="tocsin"',
      });
    const given = digest(header.slice(space + 1).trim());
    let match = false;
    // Every token is compared, so the time does not tell which one came close.
    for (const one of expected) match = timingSafeEqual(given, one) || match;
    if (!match) throw new HttpRefusal(403, 'the bearer token is not one this collector accepts');
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
