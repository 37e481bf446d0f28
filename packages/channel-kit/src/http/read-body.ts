import type { Readable } from 'node:stream';

export interface BodyText {
  text: string;
  /** The body was longer than the limit: the rest was not read and the connection closed. */
  truncated: boolean;
}

/**
 * Read at most `limit` bytes of a response body as UTF-8 text. A longer body is cut off
 * and destroyed (undici then closes that connection rather than reading on). A body
 * that breaks off midway gives what arrived.
 */
export async function readBodyText(body: Readable, limit: number): Promise<BodyText> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = limit - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        truncated = true;
        break; // leaving the loop destroys the stream
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch {
    // Keep what arrived: the status line already said what matters.
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

/**
 * Discard a response body so its connection can carry the next request: read to the end
 * when it is at most `limit` bytes, destroyed otherwise. Never rejects.
 */
export async function discardBody(
  body: Readable & { dump(options?: { limit?: number }): Promise<unknown> },
  limit: number,
): Promise<void> {
  if (limit === 0) {
    body.destroy();
    return;
  }
  try {
    await body.dump({ limit });
  } catch {
    // The answer was already given; a broken body does not change it.
  }
}
