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
export function readRequestBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (Number(req.headers['content-length']) > maxBytes)
    return Promise.reject(new BodyTooLargeError(maxBytes));
  // Events, not `for await`: a collector reads thousands of small bodies a second, and the
  // async iterator costs a promise per chunk.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        stop();
        reject(new BodyTooLargeError(maxBytes));
      }
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => {
      stop();
      reject(new Error('the client closed the connection before the body was read'));
    };
    const stop = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      req.pause();
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
