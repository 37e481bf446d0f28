import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readRequestBytes } from '@tocsin/channel-kit';

/**
 * The JSON of a request's body, read up to `maxBytes`. A body a framework already read
 * (express's `express.json()` sets `req.body`) is taken as it is: an object as parsed,
 * a string or Buffer parsed here.
 * @throws BodyTooLargeError past `maxBytes` (by Content-Length or as it arrives); Error when
 *   the body is not JSON
 */
export async function readRequestBody(
  req: IncomingMessage & { body?: unknown },
  maxBytes: number,
): Promise<unknown> {
  const given = req.body;
  if (typeof given === 'string' || Buffer.isBuffer(given)) return parseJson(given, maxBytes);
  if (given !== undefined && given !== null && typeof given === 'object' && req.readableEnded)
    return given;
  return parseJson(await readRequestBytes(req, maxBytes), maxBytes);
}

function parseJson(body: string | Buffer, maxBytes: number): unknown {
  if (Buffer.byteLength(body) > maxBytes) throw new BodyTooLargeError(maxBytes);
  const text = body.toString();
  if (text.trim() === '')
    throw new Error('the body is empty: expected Alertmanager’s webhook JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the body is not JSON: ${(error as Error).message}`);
  }
}
