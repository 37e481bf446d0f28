import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines } from './child-lines.js';
import { type RedisServer, redisBinary, startRedisServer } from './redis-server.js';

failInCiWhenMissing(redisBinary, 'the four-process shared groups test');

const REPLICA = fileURLToPath(new URL('./fixtures/noise-replica.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));

interface Delivery {
  replica: string;
  title: string;
  service: string;
  total: number;
  hosts: Record<string, number>;
}

interface ReplicaStats {
  replica: string;
  totalAlerts: number;
  totalGrouped: number;
  totalFailed: number;
  digests: number;
  fallbacks: number;
}

describe.skipIf(!redisBinary.path)('four processes, one digest per group', () => {
  let server: RedisServer;
  let sink: FakeHttpServer;
  let sinkUrl: string;
  /** What the sink received, in order. */
  const received = () => sink.requests.map((request) => request.json() as Delivery);

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error('the replicas run dist/: build @tocsin/redis first');
    server = await startRedisServer();
    sink = await startFakeHttpServer({ defaultReply: { status: 200, body: 'ok' } });
    sinkUrl = `${sink.url}/`;
  });
  afterAll(async () => {
    await sink?.close();
    await server?.remove();
  });

  const start = (replica: string, prefix: string, wait: number): ChildProcess =>
    spawn(process.execPath, [REPLICA, server.url, prefix, sinkUrl, replica, String(wait)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
  const deliveries = (n: number) => sink.waitForRequests(n, 60_000);

  it('4 replicas send the same burst: the sink gets one digest per group, with all 32 alerts', async () => {
    sink.requests.length = 0;
    const names = ['a', 'b', 'c', 'd'];
    const children = names.map((name) => start(name, 'four', 1));
    const outputs = children.map(lines);
    for (const output of outputs) expect((await output.next()).value).toBe('ready');
    for (const child of children) child.stdin?.write('go\n');
    // Every alert ended `grouped` without a digestId: held by the shared store.
    for (const output of outputs) expect((await output.next()).value).toBe('sent 8');

    await deliveries(2);
    for (const child of children) child.stdin?.write('close\n');
    const stats = await Promise.all(
      outputs.map(async (output) => JSON.parse((await output.next()).value) as ReplicaStats),
    );

    // Closing sent nothing more: each window went once, from one replica.
    expect(received()).toHaveLength(2);
    const byService = Object.fromEntries(received().map((d) => [d.service, d]));
    expect(byService.api).toMatchObject({ total: 20, hosts: { a: 5, b: 5, c: 5, d: 5 } });
    expect(byService.db).toMatchObject({ total: 12, hosts: { a: 3, b: 3, c: 3, d: 3 } });
    for (const s of stats) {
      expect(s).toMatchObject({ totalAlerts: 8, totalGrouped: 8, totalFailed: 0, fallbacks: 0 });
    }
    expect(stats.reduce((n, s) => n + s.digests, 0)).toBe(2);
  }, 60_000);

  it('a replica killed before the digest is due: the others send it, with its alerts', async () => {
    sink.requests.length = 0;
    const children = ['a', 'b', 'c', 'd'].map((name) => start(name, 'killed', 5));
    const outputs = children.map(lines);
    for (const output of outputs) expect((await output.next()).value).toBe('ready');
    for (const child of children) child.stdin?.write('go\n');
    for (const output of outputs) expect((await output.next()).value).toBe('sent 8');
    // The first adder dies: no replica owns a group, so its window still goes out.
    const killed = children[0] as ChildProcess;
    const exited = new Promise((resolve) => killed.once('exit', resolve));
    killed.kill('SIGKILL');
    await exited;

    await deliveries(2);
    const alive = children.slice(1);
    for (const child of alive) child.stdin?.write('close\n');
    await Promise.all(outputs.slice(1).map((output) => output.next()));
    expect(received()).toHaveLength(2);
    expect(
      received()
        .map((d) => d.total)
        .sort(),
    ).toEqual([12, 20]);
    expect(received().every((d) => d.replica !== 'a')).toBe(true);
  }, 60_000);
});
