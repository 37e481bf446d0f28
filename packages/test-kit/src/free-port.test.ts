import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralLow, freePort } from './free-port.js';
import { refusedUrl } from './refused-url.js';

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  it('gives a port a server can listen on', async () => {
    const port = await freePort();
    const server = await listen(port);
    expect(server.address()).toMatchObject({ port });
    await close(server);
  });

  it('is below the ephemeral range, so no server listening on 0 is given it meanwhile', async () => {
    const port = await freePort();
    expect(port).toBeLessThan(ephemeralLow());
    const others = await Promise.all(Array.from({ length: 200 }, () => listen(0)));
    const taken = others.map((server) => (server.address() as { port: number }).port);
    await Promise.all(others.map(close));
    expect(taken).not.toContain(port);
    expect(Math.min(...taken)).toBeGreaterThanOrEqual(ephemeralLow());
  });

  it('never gives the same port twice in one process', async () => {
    const ports = await Promise.all(Array.from({ length: 100 }, () => freePort()));
    expect(new Set(ports).size).toBe(100);
  });
});

describe('refusedUrl', () => {
  it('refuses connections', async () => {
    const url = await refusedUrl();
    const error = await fetch(url).catch((caught: unknown) => caught);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });
});
