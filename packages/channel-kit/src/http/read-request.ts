import type { IncomingMessage } from 'node:http';

/** A request body past the server's limit: answer 413 and close the connection. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the body is larger than ${maxBytes} bytes`);
  }
}

/**
 * A request's body, read up to `maxBytes`: refused by its Content-Length before a byte is
 * read, or as it arrives when it says nothing or lies. What servers of Tocsin's (the
 * Alertmanager receiver, `tocsin serve`) take in.
 * @throws BodyTooLargeError past `maxBytes`; the rest of the body is left unread
 */
export async function readRequestBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (Number(req.headers['content-length']) > maxBytes) throw new BodyTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
