import type { IncomingMessage } from 'node:http';

/** A body past the receiver's limit: answered 413. */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
}

/**
 * The JSON of a request's body, read up to `maxBytes`. A body a framework already read
 * (express's `express.json()` sets `req.body`) is taken as it is: an object as parsed,
 * a string or Buffer parsed here.
 * @throws TooLargeError past `maxBytes` (by Content-Length or as it arrives); Error when
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
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return parseJson(Buffer.concat(chunks), maxBytes);
}

function parseJson(body: string | Buffer, maxBytes: number): unknown {
  if (Buffer.byteLength(body) > maxBytes) throw tooLarge(maxBytes);
  const text = body.toString();
  if (text.trim() === '')
    throw new Error('the body is empty: expected Alertmanager’s webhook JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the body is not JSON: ${(error as Error).message}`);
  }
}

function tooLarge(maxBytes: number): TooLargeError {
  return new TooLargeError(
    `the body is larger than ${maxBytes} bytes (maxBodyBytes); lower max_alerts in Alertmanager's webhook config`,
  );
}
