import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readRequestBytes } from '@tocsin/channel-kit';
import { HttpRefusal } from './http-refusal.js';

/**
 * A request's body as JSON: 415 unless it says it is JSON (or says nothing), 413 past
 * `maxBytes` (by Content-Length before reading, or as it arrives), 400 when empty or not JSON.
 * @throws HttpRefusal
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type))
    throw new HttpRefusal(
      415,
      `Content-Type ${JSON.stringify(type.slice(0, 100))} is not JSON: send application/json`,
    );
  let text: string;
  try {
    text = (await readRequestBytes(req, maxBytes)).toString();
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    // The rest of the body is not read: the connection closes after the answer.
    throw new HttpRefusal(
      413,
      `${error.message} (serve.max_body_bytes); send fewer alerts per request`,
      { connection: 'close' },
    );
  }
  if (text.trim() === '') throw new HttpRefusal(400, 'the body is empty: expected JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpRefusal(400, `the body is not JSON: ${(error as Error).message}`);
  }
}
