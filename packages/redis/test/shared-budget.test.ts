import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines } from './child-lines.js';
import { type RedisServer, redisBinary, startRedisServer } from './redis-server.js';

failInCiWhenMissing(redisBinary, 'the four-process shared budget test');

const REPLICA = fileURLToPath(new URL('./fixtures/replica.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));

interface ReplicaStats {
  replica: string;
  sends: number;
  totalSent: number;
  totalThrottled: number;
  totalFailed: number;
  fallbacks: number;
}

describe.skipIf(!redisBinary.path)('four processes, one budget', () => {
  let server: RedisServer;
  let sink: Server;
  const received = new Map<string, number>();

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error('the replicas run dist/: build @tocsin/redis first');
    server = await startRedisServer();
    sink = createServer((request, response) => {
      const replica = String(request.headers['x-replica']);
      request.resume().on('end', () => {
        received.set(replica, (received.get(replica) ?? 0) + 1);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => sink?.close(resolve));
    await server?.remove();
  });

  it('admits at most burst + rate·t/per in all, and several replicas get some', async () => {
    const [rate, per, burst, runMs] = [50, 1, 10, 1500];
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
    const children = ['a', 'b', 'c', 'd'].map((replica) =>
      spawn(
        process.execPath,
        [
          REPLICA,
          server.url,
          'shared',
          sinkUrl,
          replica,
          String(runMs),
          String(rate),
          String(per),
          String(burst),
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      ),
    );
    const outputs = children.map(lines);
    for (const output of outputs) expect((await output.next()).value).toBe('ready');

    // t spans the whole run as this process sees it: from before the first replica may
    // take a token to after the last has reported (all its takes done), so the time the
    // bucket saw on the server's clock lies within it.
    const started = performance.now();
    for (const child of children) child.stdin?.write('go\n');
    const stats = await Promise.all(
      outputs.map(async (output) => JSON.parse((await output.next()).value) as ReplicaStats),
    );
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(
      children.map((child) => child.exitCode ?? new Promise((r) => child.once('exit', r))),
    );

    const admitted = [...received.values()].reduce((sum, n) => sum + n, 0);
    // One token of allowance: the script keeps fractional tokens in a double and the
    // server's clock is read in microseconds, so the last refill may round up a hair.
    const budget = burst + (rate * seconds) / per + 1;
    expect(admitted).toBeLessThanOrEqual(budget);
    // The bound means something only when the replicas asked for more than it: some were
    // throttled. And they got at least the starting burst (a bucket that refused everyone
    // would pass the bound).
    expect(stats.reduce((sum, s) => sum + s.totalThrottled, 0)).toBeGreaterThan(0);
    expect(admitted).toBeGreaterThanOrEqual(burst);
    expect([...received.values()].filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    for (const s of stats) {
      // Redis answered every take (no local buckets, which would add a budget each), and
      // every send ended as sent or throttled, sent ones reaching the sink.
      expect(s.fallbacks).toBe(0);
      expect(s.totalFailed).toBe(0);
      expect(s.totalSent + s.totalThrottled).toBe(s.sends);
      expect(received.get(s.replica) ?? 0).toBe(s.totalSent);
    }
  }, 60_000);
});
