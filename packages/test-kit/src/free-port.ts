import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** How many ports below the kernel's ephemeral range `freePort` chooses from. */
const SPAN = 10_000;
/** Ports this process has handed out: never twice. */
const given = new Set<number>();

/**
 * A TCP port free on 127.0.0.1 now, for a server that cannot listen on 0 (redis-server,
 * Alertmanager), or for one that must come back on the same port after a restart.
 *
 * Chosen at random below the kernel's ephemeral range, never twice in one process. Inside
 * that range (where a server listening on 0 gets its port), the port would be free only a
 * moment: any test process listening on 0, or opening a connection, could be given it
 * before the server that was meant to have it starts. That happened: a fake HTTP server
 * took an Alertmanager's web port, and two tests in two files failed together.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralLow();
  const low = high - SPAN;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * SPAN);
    if (given.has(port)) continue;
    given.add(port);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 between ${low} and ${high - 1} in 100 tries`);
}

/** The first port of the kernel's ephemeral range (Linux), or 32768 where it cannot be read. */
export function ephemeralLow(): number {
  try {
    const text = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    const low = Number(text.trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low >= 1024 + SPAN) return low;
  } catch {
    // Not Linux: macOS and Windows start theirs at 49152, above the default.
  }
  return 32768;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
