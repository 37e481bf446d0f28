/**
 * WebhookChannel throughput: alerts/s into a local node:http sink that answers 200 at once,
 * at concurrency 1 and 64, through `channel.send` and through `AlertManager.send`, beside
 * the sink's own ceiling measured in the same run with autocannon (the same JSON body, the
 * same number of connections). The sink runs in a child process, so the load (autocannon,
 * or Tocsin) and the server do not share one event loop.
 *   pnpm bench webhook          (needs `pnpm build`: it loads the packages' dist)
 *   cd bench && node --import tsx webhook.bench.ts
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Alert, AlertManager, createAlert } from '@tocsin/core';
import { toTocsinPayload, WebhookChannel } from '@tocsin/webhook';
import { fmt, table } from './lib.js';

/** The part of autocannon's programmatic API used here (it ships no type declarations). */
interface CannonResult {
  requests: { total: number };
  non2xx: number;
  errors: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  method: 'POST';
  body: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
}) => Promise<CannonResult>;

const ROUNDS = 3;
const SECONDS = 2;
const WARMUP_MS = 500;

if (process.argv[2] === '--sink') runSink();
else await main();

/**
 * The child: a node:http server that reads each body and answers `200 ok`. It counts the
 * requests that carry an `idempotency-key` (Tocsin's; autocannon's carry none).
 */
function runSink(): void {
  let received = 0;
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      if (req.headers['idempotency-key'] !== undefined) received++;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'count') process.send?.({ received });
    if (message.type === 'stop') server.close(() => process.exit(0));
  });
}

interface Load {
  what: string;
  concurrency: number;
  connections: string;
  /** One measurement. */
  run(): Promise<Measure>;
}

async function main(): Promise<void> {
  const sink = fork(fileURLToPath(import.meta.url), ['--sink'], { execArgv: process.execArgv });
  const { port } = await next<{ port: number }>(sink);
  const url = `http://127.0.0.1:${port}/hooks/bench`;
  const input = {
    title: 'CPU high',
    body: 'cpu-01 at 95% for 5 minutes',
    level: 'warning',
    labels: { host: 'cpu-01', service: 'api' },
  };
  const alerts: Alert[] = Array.from({ length: 1024 }, () => createAlert(input));
  const sampleBody = JSON.stringify(toTocsinPayload(alerts[0] as Alert));
  let sent = 0;

  const ceiling = (connections: number): Load => ({
    what: 'autocannon (the ceiling)',
    concurrency: connections,
    connections: String(connections),
    run: () => cannon(url, sampleBody, connections),
  });
  const direct = (concurrency: number, maxConnections: number): Load => ({
    what: 'WebhookChannel.send',
    concurrency,
    connections: `${maxConnections} (max)`,
    async run() {
      const channel = new WebhookChannel({ url, maxConnections });
      let n = 0;
      const rate = await drive(concurrency, () => {
        const context = { signal: new AbortController().signal, attempt: 1, timeoutMs: 30_000 };
        return async () => {
          await channel.send(alerts[n++ & 1023] as Alert, context);
        };
      });
      await channel.close();
      sent += rate.all;
      return rate;
    },
  });
  const managed = (concurrency: number, maxConnections: number): Load => ({
    what: 'AlertManager.send',
    concurrency,
    connections: `${maxConnections} (max)`,
    async run() {
      const manager = new AlertManager().addChannel(new WebhookChannel({ url, maxConnections }), {
        maxRetries: 0,
      });
      let failed = 0;
      const rate = await drive(concurrency, () => async () => {
        const [result] = await manager.send(input);
        if (result?.status !== 'sent') failed++;
      });
      await manager.close();
      if (failed > 0) throw new Error(`${failed} alerts failed through AlertManager`);
      sent += rate.all;
      return rate;
    },
  });
  const loads = [
    ceiling(64),
    ceiling(1),
    direct(1, 16),
    direct(64, 16),
    direct(64, 64),
    managed(1, 16),
    managed(64, 16),
  ];

  // Rounds interleave the loads, so that whatever else runs on the machine weighs on the
  // ceiling and on Tocsin alike; each row's ratio is the median of its per-round ratios.
  const rates = loads.map(() => [] as number[]);
  const ratios = loads.map(() => [] as number[]);
  const cpu = loads.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    const measured: Measure[] = [];
    for (const load of loads) measured.push(await load.run());
    loads.forEach((load, i) => {
      const top = measured[load.concurrency === 1 ? 1 : 0] as Measure;
      const own = measured[i] as Measure;
      rates[i]?.push(own.perSecond);
      ratios[i]?.push(own.perSecond / top.perSecond);
      cpu[i]?.push(own.cpuMicros);
    });
  }
  await send(sink, 'count');
  const { received } = await next<{ received: number }>(sink);
  await send(sink, 'stop');

  const rows = loads.map((load, i) => [
    load.what,
    load.concurrency,
    load.connections,
    fmt(median(rates[i] ?? [])),
    `${fmt(100 * median(ratios[i] ?? []))} %`,
    fmt(median(cpu[i] ?? []), 1),
  ]);
  console.log(
    `Alerts into a local node:http sink (a child process; reads the body, answers 200 \`ok\`); ` +
      `${ROUNDS} interleaved rounds of ${SECONDS} s per row (+${WARMUP_MS} ms warm-up for Tocsin rows), medians; ` +
      `${cpus().length} CPUs (${cpus()[0]?.model.trim()}). The ceiling is autocannon POSTing the same JSON body ` +
      'with 64 connections (for the concurrency 64 rows) or 1 (for the concurrency 1 rows).\n',
  );
  console.log(
    table(
      [
        'load',
        'concurrency',
        'connections',
        'alerts/s',
        'of the ceiling',
        'load-side CPU µs/alert',
      ],
      rows,
    ),
  );
  console.log(
    `\nCheck: the sink received ${fmt(received)} requests from Tocsin for ${fmt(sent)} alerts sent (warm-up included).`,
  );
  if (received !== sent) process.exitCode = 1;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

interface Measure {
  /** Alerts (or requests) completed per second. */
  perSecond: number;
  /** CPU time this process spent per alert (user + system, µs): the cost on the sending side. */
  cpuMicros: number;
  /** Every completed call, warm-up included (0 for autocannon). */
  all: number;
}

/** autocannon at `connections`, in this process, over SECONDS. */
async function cannon(url: string, body: string, connections: number): Promise<Measure> {
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    connections,
    duration: SECONDS,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`autocannon: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  const used = process.cpuUsage(cpuBefore);
  const total = result.requests.total;
  return { perSecond: total / SECONDS, cpuMicros: (used.user + used.system) / total, all: 0 };
}

/**
 * `concurrency` loops, each running its own `one()` back to back: WARMUP_MS uncounted,
 * then SECONDS counted. `all` counts every completed call, warm-up included. Any
 * rejection aborts the bench.
 */
async function drive(concurrency: number, makeOne: () => () => Promise<void>): Promise<Measure> {
  let counting = false;
  let stop = false;
  let total = 0;
  let all = 0;
  const loop = async () => {
    const one = makeOne();
    while (!stop) {
      await one();
      all++;
      if (counting) total++;
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  await sleep(WARMUP_MS);
  counting = true;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await sleep(SECONDS * 1000);
  counting = false;
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpuBefore);
  const counted = total;
  stop = true;
  await Promise.all(loops);
  return { perSecond: counted / elapsed, cpuMicros: (used.user + used.system) / counted, all };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function send(child: ChildProcess, type: string): Promise<void> {
  return new Promise((resolve, reject) =>
    child.send({ type }, (error) => (error ? reject(error) : resolve())),
  );
}

function next<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (message) => resolve(message as T)));
}
