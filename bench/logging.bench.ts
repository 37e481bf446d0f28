/**
 * pino with @tocsin/pino under a flood: 1,000,000 `logger.error(err, msg)` calls, in chunks
 * of 10,000 each followed by a turn of the event loop, through three destinations measured
 * in the same run: pino straight to /dev/null (no transport: the baseline), pino's own
 * `pino/file` transport to /dev/null (the cost of any worker-thread transport), and
 * @tocsin/pino with its defaults (minLevel error, the burst policy) sending to a local
 * webhook. A report, not a timed test: main-thread time per log call and its ratio to the
 * baseline, event-loop delay p99, heap and RSS growth (RSS includes pino's worker), the time
 * `end()` blocks, and the messages the webhook got, which the burst policy bounds.
 *
 * Each flood runs in a process of its own (started with --expose-gc); the webhook receiver
 * runs here, in another process than the logger, as a real remote does (pino blocks its
 * main thread while a transport ends).
 *   pnpm bench logging
 */
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startFakeHttpServer } from '@tocsin/test-kit';
import pino from 'pino';
import { fmt, table } from './lib.js';

const LOGS = 1_000_000;
const CHUNK = 10_000;
const ROUNDS = 3;

const SCENARIOS = {
  none: 'pino, no transport (`pino.destination(/dev/null)`)',
  file: "pino's `pino/file` transport to /dev/null (a worker, no alerting)",
  tocsin: '`@tocsin/pino` (defaults: minLevel error, burst policy)',
} as const;
type Scenario = keyof typeof SCENARIOS;

interface Flood {
  scenario: Scenario;
  /** Main-thread time spent inside the log calls, ns per call. */
  nsPerCall: number;
  /** Wall time of the flood, s (log calls and the turns of the loop between chunks). */
  seconds: number;
  eldP99Ms: number;
  eldMaxMs: number;
  heapGrowthMB: number;
  rssGrowthMB: number;
  /** How long ending the logger blocked or took, ms. */
  endMs: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** One flood, in this process: run with `--flood <scenario> <webhook url>`. */
async function flood(scenario: Scenario, url: string): Promise<Flood> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  const destination =
    scenario === 'none'
      ? pino.destination({ dest: '/dev/null', sync: false })
      : pino.transport(
          scenario === 'file'
            ? { target: 'pino/file', options: { destination: '/dev/null' } }
            : {
                target: '@tocsin/pino',
                options: { config: { alerts: { channels: { ops: { type: 'webhook', url } } } } },
              },
        );
  await new Promise<void>((resolve) => destination.once('ready', () => resolve()));
  const logger = pino({ name: 'bench' }, destination);
  const err = new Error('upstream timed out after 30 s');

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const started = process.hrtime.bigint();
  let inCalls = 0n;
  for (let sent = 0; sent < LOGS; sent += CHUNK) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < CHUNK; i++) logger.error(err, 'payment provider timeout');
    inCalls += process.hrtime.bigint() - t;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  eld.disable();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const rssAfter = process.memoryUsage().rss;

  const endStarted = process.hrtime.bigint();
  // thread-stream unrefs its worker: keep the loop alive until the worker has closed.
  const keepAlive = setInterval(() => {}, 1000);
  await new Promise<void>((resolve) => {
    destination.once('close', () => resolve());
    destination.end();
  });
  clearInterval(keepAlive);
  return {
    scenario,
    nsPerCall: Number(inCalls) / LOGS,
    seconds,
    eldP99Ms: eld.percentile(99) / 1e6,
    eldMaxMs: eld.max / 1e6,
    heapGrowthMB: mb(heapAfter - heapBefore),
    rssGrowthMB: mb(rssAfter - rssBefore),
    endMs: Number(process.hrtime.bigint() - endStarted) / 1e6,
  };
}

/** Run one flood in a child process (async: this process's webhook receiver must answer meanwhile). */
function runFlood(scenario: Scenario, url: string): Promise<Flood> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--flood', scenario, url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the ${scenario} flood failed (exit ${code})`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) as string) as Flood);
    });
  });
}

interface Payload {
  title: string;
  digest?: { total: number };
}

async function main(): Promise<void> {
  const sink = await startFakeHttpServer({ defaultReply: { status: 200, body: { ok: true } } });
  const url = `${sink.url}/alerts`;
  const loadBefore = loadavg()[0] as number;
  const runs: Record<Scenario, Flood[]> = { none: [], file: [], tocsin: [] };
  const delivered: Array<{ messages: number; alerts: number; dropped: number }> = [];
  const order: Scenario[] = ['none', 'file', 'tocsin'];
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of order.map((_, i) => order[(i + round) % order.length] as Scenario)) {
      const before = sink.requests.length;
      runs[scenario].push(await runFlood(scenario, url));
      if (scenario !== 'tocsin') continue;
      const got = sink.requests.slice(before).map((request) => request.json() as Payload);
      const alerts = got.reduce((n, p) => n + (p.digest?.total ?? 1), 0);
      // Every log is an error: what the messages do not count, the bounded queue dropped.
      delivered.push({ messages: got.length, alerts, dropped: LOGS - alerts });
    }
  }
  await sink.close();
  const median = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const of = (scenario: Scenario, key: keyof Omit<Flood, 'scenario'>) =>
    median(runs[scenario].map((run) => run[key] as number));
  const base = of('none', 'nsPerCall');
  console.log(
    `${fmt(LOGS)} error logs per flood, in chunks of ${fmt(CHUNK)}; ${ROUNDS} floods per destination in rotating order, medians. Load average (1 min) before ${fmt(loadBefore, 1)}, after ${fmt(loadavg()[0] as number, 1)}, on ${availableParallelism()} cores.\n`,
  );
  console.log(
    table(
      [
        'destination',
        'main-thread ns per log call',
        'vs no transport',
        'event-loop delay p99 (max), ms',
        'heap growth, MB',
        'RSS growth, MB',
        'end() took, ms',
      ],
      order.map((scenario) => [
        SCENARIOS[scenario],
        fmt(of(scenario, 'nsPerCall')),
        fmt(of(scenario, 'nsPerCall') / base, 2),
        `${fmt(of(scenario, 'eldP99Ms'), 1)} (${fmt(of(scenario, 'eldMaxMs'), 1)})`,
        fmt(of(scenario, 'heapGrowthMB'), 1),
        fmt(of(scenario, 'rssGrowthMB'), 1),
        fmt(of(scenario, 'endMs')),
      ]),
    ),
  );
  console.log(
    `\nDelivered per @tocsin/pino flood (messages / log alerts they count / dropped by the bounded queue): ${delivered
      .map((d) => `${d.messages} / ${fmt(d.alerts)} / ${fmt(d.dropped)}`)
      .join('; ')}`,
  );
  // The burst policy: at most one message at the threshold, then one per cooldown (15 min,
  // longer than a flood), then one at close.
  const withinPolicy = delivered.every((d) => d.messages <= 3);
  console.log(`Within the policy (at most 3 messages per flood): ${withinPolicy ? 'yes' : 'NO'}`);
  if (!withinPolicy) process.exitCode = 1;
}

if (process.argv[2] === '--flood') {
  const result = await flood(process.argv[3] as Scenario, process.argv[4] as string);
  console.log(JSON.stringify(result));
} else {
  await main();
}
