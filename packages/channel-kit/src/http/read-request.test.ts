import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, readRequestBytes } from './read-request.js';

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

/** A server that reads each body with `maxBytes` and hands the outcome to the test. */
async function reading(maxBytes: number): Promise<{ port: number; outcome: Promise<Buffer> }> {
  let settle: (outcome: Promise<Buffer>) => void = () => {};
  const outcome = new Promise<Promise<Buffer>>((resolve) => {
    settle = resolve;
  });
  server = createServer((req: IncomingMessage, res) => {
    const read = readRequestBytes(req, maxBytes);
    settle(read);
    read.then(
      () => res.end('ok'),
      () => res.writeHead(413, { connection: 'close' }).end(),
    );
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, outcome: outcome.then((read) => read) };
}

/** Write `chunks` as a chunked body (no Content-Length); `abort`: destroy the socket after them. */
function post(port: number, chunks: string[], abort = false): void {
  const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/' });
  req.on('error', () => {});
  req.on('response', (res) => res.resume());
  for (const chunk of chunks) req.write(chunk);
  if (abort) setTimeout(() => req.destroy(), 20);
  else req.end();
}

describe('readRequestBytes', () => {
  it('returns a body sent in several chunks, whole', async () => {
    const { port, outcome } = await reading(1024);
    post(port, ['{"a":', '1,"b":', '"two"}']);
    expect((await outcome).toString()).toBe('{"a":1,"b":"two"}');
  });

  it('refuses a chunked body past the limit as it arrives', async () => {
    const { port, outcome } = await reading(10);
    post(port, ['0123456789', 'abc']);
    await expect(outcome).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('refuses by Content-Length before reading', async () => {
    const { port, outcome } = await reading(10);
    const req = request({
      port,
      host: '127.0.0.1',
      method: 'POST',
      headers: { 'content-length': 11 },
    });
    req.on('error', () => {});
    req.on('response', (res) => res.resume());
    req.end('0123456789a');
    await expect(outcome).rejects.toThrow('the body is larger than 10 bytes');
  });

  it('rejects, not hangs, when the client goes away mid-body', async () => {
    const { port, outcome } = await reading(1024);
    post(port, ['{"half":'], true);
    await expect(outcome).rejects.toThrow();
  });
});
