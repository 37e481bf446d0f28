import type { IncomingMessage } from 'node:http';
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
  if (Number(req.headers['content-length']) > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString();
  if (text.trim() === '') throw new HttpRefusal(400, 'the body is empty: expected JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpRefusal(400, `the body is not JSON: ${(error as Error).message}`);
  }
}

function tooLarge(maxBytes: number): HttpRefusal {
  // The rest of the body is not read: the connection closes after the answer.
  return new HttpRefusal(
    413,
    `the body is larger than ${maxBytes} bytes (serve.max_body_bytes); send fewer alerts per request`,
    { connection: 'close' },
  );
}
