/**
 * WebhookChannel throughput: alerts/s into a local node:http sink that answers 200 at once,
 * at concurrency 1 and 64, through `channel.send` and through `AlertManager.send`, beside
 * raw `undici.request` (the same body, one keep-alive Agent of 16 connections, as the
 * channel has) and the sink's ceiling measured in the same run with autocannon (the same
 * JSON body; 64 connections, or 1 for the concurrency 1 rows). The budget: AlertManager.send
 * at least 0.9 times raw undici at both concurrencies.
 *
 * Three processes: the sink, autocannon and Tocsin each run in their own, so no load
 * generator shares an event loop or a heap with the server or with the other generator.
 * Rounds interleave the rows so that whatever else runs on the machine weighs on all of
 * them; each row reports its best round (the least disturbed one).
 *   pnpm bench webhook          (after `pnpm build`: it loads the packages' dist)
 *   cd bench && node --import tsx webhook.bench.ts
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Alert, AlertManager, createAlert } from '@tocsin/core';
import { toTocsinPayload, WebhookChannel } from '@tocsin/webhook';
import { Agent, request } from 'undici';
import { fmt, table } from './lib.js';

const ROUNDS = 3;
const SECONDS = 2;
const WARMUP_MS = 500;
const SELF = fileURLToPath(import.meta.url);

/** One measurement of a load. */
interface Measure {
  /** Alerts (or requests) completed per second. */
  perSecond: number;
  /** CPU time the load's process spent per alert (user + system, µs): the sending side's cost. */
  cpuMicros: number;
  /** Every completed call, warm-up included (0 for autocannon, whose requests the sink does not count). */
  all: number;
}

if (process.argv[2] === '--sink') runSink();
else if (process.argv[2] === '--cannon') await runCannon();
else await main();

/**
 * The sink process: a node:http server that reads each body and answers `200 ok`. It
 * counts the requests that carry an `idempotency-key` (Tocsin's; autocannon's carry none).
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

/** The autocannon process: one run as asked, then its rate and CPU per request. */
async function runCannon(): Promise<void> {
  const { url, body, connections } = JSON.parse(process.argv[3] ?? '{}') as {
    url: string;
    body: string;
    connections: number;
  };
  // autocannon ships no type declarations; this is the part of its API used here.
  const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
    url: string;
    method: 'POST';
    body: string;
    headers: Record<string, string>;
    connections: number;
    duration: number;
  }) => Promise<{ requests: { total: number }; non2xx: number; errors: number }>;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    connections,
    duration: SECONDS,
  });
  const used = process.cpuUsage(cpuBefore);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`autocannon: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  const total = result.requests.total;
  const measure: Measure = {
    perSecond: total / SECONDS,
    cpuMicros: (used.user + used.system) / total,
    all: 0,
  };
  process.send?.(measure, () => process.exit(0));
}

interface Load {
  what: string;
  concurrency: number;
  connections: string;
  run(): Promise<Measure>;
}

async function main(): Promise<void> {
  const sink = fork(SELF, ['--sink'], { execArgv: process.execArgv });
  const { port } = await next<{ port: number }>(sink);
  const url = `http://127.0.0.1:${port}/hooks/bench`;
  const input = {
    title: 'CPU high',
    body: 'cpu-01 at 95% for 5 minutes',
    level: 'warning' as const,
    labels: { host: 'cpu-01', service: 'api' },
  };
  const alerts: Alert[] = Array.from({ length: 1024 }, () => createAlert(input));
  const body = JSON.stringify(toTocsinPayload(alerts[0] as Alert));
  let sent = 0;

  const ceiling = (connections: number): Load => ({
    what: 'autocannon (the ceiling)',
    concurrency: connections,
    connections: String(connections),
    async run() {
      const child = fork(SELF, ['--cannon', JSON.stringify({ url, body, connections })], {
        execArgv: process.execArgv,
      });
      return next<Measure>(child);
    },
  });
  const direct = (concurrency: number): Load => ({
    what: 'WebhookChannel.send',
    concurrency,
    connections: '16 (max, the default)',
    async run() {
      const channel = new WebhookChannel({ url });
      let n = 0;
      const measure = await drive(concurrency, () => {
        // One context per loop, as core makes one per attempt (a loop has one attempt at a time).
        const context = { signal: new AbortController().signal, attempt: 1, timeoutMs: 30_000 };
        return async () => {
          await channel.send(alerts[n++ & 1023] as Alert, context);
        };
      });
      await channel.close();
      sent += measure.all;
      return measure;
    },
  });
  const managed = (concurrency: number): Load => ({
    what: 'AlertManager.send',
    concurrency,
    connections: '16 (max, the default)',
    async run() {
      const manager = new AlertManager().addChannel(new WebhookChannel({ url }), {
        maxRetries: 0,
      });
      let failed = 0;
      const measure = await drive(concurrency, () => async () => {
        const [result] = await manager.send(input);
        if (result?.status !== 'sent') failed++;
      });
      await manager.close();
      if (failed > 0) throw new Error(`${failed} alerts failed through AlertManager`);
      sent += measure.all;
      return measure;
    },
  });
  const raw = (concurrency: number): Load => ({
    what: 'undici.request (raw)',
    concurrency,
    connections: '16 (max)',
    async run() {
      const agent = new Agent({ connections: 16, keepAliveTimeout: 10_000 });
      let n = 0;
      const measure = await drive(concurrency, () => async () => {
        const { statusCode, body: answer } = await request(url, {
          method: 'POST',
          dispatcher: agent,
          body,
          headers: { 'content-type': 'application/json', 'idempotency-key': `raw-${n++}` },
        });
        await answer.text();
        if (statusCode !== 200) throw new Error(`raw undici: ${statusCode}`);
      });
      await agent.close();
      sent += measure.all;
      return measure;
    },
  });
  const loads = [
    ceiling(64),
    ceiling(1),
    raw(1),
    raw(64),
    direct(1),
    direct(64),
    managed(1),
    managed(64),
  ];

  const best = loads.map(() => ({ perSecond: 0, cpuMicros: Number.POSITIVE_INFINITY }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, load] of loads.entries()) {
      const measure = await load.run();
      const top = best[i] as { perSecond: number; cpuMicros: number };
      top.perSecond = Math.max(top.perSecond, measure.perSecond);
      top.cpuMicros = Math.min(top.cpuMicros, measure.cpuMicros);
    }
  }
  await send(sink, 'count');
  const { received } = await next<{ received: number }>(sink);
  await send(sink, 'stop');

  const rows = loads.map((load, i) => {
    const own = best[i] as { perSecond: number; cpuMicros: number };
    const top = best[load.concurrency === 1 ? 1 : 0] as { perSecond: number };
    return [
      load.what,
      load.concurrency,
      load.connections,
      fmt(own.perSecond),
      `${fmt((100 * own.perSecond) / top.perSecond)} %`,
      fmt(own.cpuMicros, 1),
    ];
  });
  console.log(
    'Alerts into a local node:http sink (its own process; reads the body, answers 200 `ok`). ' +
      `Best of ${ROUNDS} interleaved rounds of ${SECONDS} s per row (Tocsin rows after a ${WARMUP_MS} ms warm-up); ` +
      `${cpus().length} CPUs (${cpus()[0]?.model.trim()}). The ceiling is autocannon, in its own process, ` +
      'POSTing the same JSON body with 64 connections (for the concurrency 64 rows) or 1 (for the concurrency 1 rows).\n',
  );
  console.log(
    table(
      ['load', 'concurrency', 'connections', 'alerts/s', 'of the ceiling', 'sender CPU µs/alert'],
      rows,
    ),
  );
  const rate = (what: string, concurrency: number) =>
    (
      best[loads.findIndex((l) => l.what === what && l.concurrency === concurrency)] as {
        perSecond: number;
      }
    ).perSecond;
  console.log('\nAlertManager.send over raw undici.request (budget: at least 0.9):\n');
  console.log(
    table(
      ['concurrency', 'ratio'],
      [1, 64].map((c) => [
        c,
        fmt(rate('AlertManager.send', c) / rate('undici.request (raw)', c), 2),
      ]),
    ),
  );
  console.log(
    `\nCheck: the sink received ${fmt(received)} requests from Tocsin for ${fmt(sent)} alerts sent (warm-ups included).`,
  );
  if (received !== sent) process.exitCode = 1;
}

/**
 * `concurrency` loops, each running its own `one()` back to back: WARMUP_MS uncounted,
 * then SECONDS counted. `all` counts every completed call, warm-up included. Any
 * rejection aborts the bench.
 */
async function drive(concurrency: number, makeOne: () => () => Promise<void>): Promise<Measure> {
  let counting = false;
  let stop = false;
  let counted = 0;
  let all = 0;
  const loop = async () => {
    const one = makeOne();
    while (!stop) {
      await one();
      all++;
      if (counting) counted++;
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
  const total = counted;
  stop = true;
  await Promise.all(loops);
  return { perSecond: total / elapsed, cpuMicros: (used.user + used.system) / total, all };
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
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`child process exited with ${String(code)}`));
    });
  });
}
