/**
 * `tocsin serve` beside the real Alertmanager (Debian's prometheus-alertmanager), both
 * started here on free ports, both taking Alertmanager's postable alerts at
 * `/api/v2/alerts` as Prometheus posts them (batches of 64, Prometheus' batch size):
 * - intake, alerts/s: 32 keep-alive clients posting batches of distinct firing alerts;
 *   rounds alternate between the two servers, median of rounds;
 * - CPU per alert: the server process's user and system time over an intake round (every
 *   thread: Alertmanager spreads its work over the CPUs, the collector has one JS thread),
 *   per alert taken, median of rounds; less sensitive than alerts/s to what else runs;
 * - memory per 100,000 active alerts: the RSS growth of each server process (fresh
 *   processes) after 100,000 distinct firing alerts, median of rounds.
 * Both hold what they get: Alertmanager routes everything to one group (group_wait 1h),
 * Tocsin's one webhook channel groups by alertname (wait 1h; a batch of 10,000, the most a
 * group holds, goes out at once). Both webhooks point at one local receiver answering 204.
 * Goal: at least twice Alertmanager's intake, less memory.
 *   pnpm bench serve        (after `pnpm build`: it runs the built bin of @tocsin/cli)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@tocsin/test-kit';
import { Pool } from 'undici';
// The alertmanager tests' own starter: free ports, a temp dir, waits for /-/ready.
import {
  alertmanagerBinary,
  type RunningAlertmanager,
  startAlertmanager,
} from '../packages/alertmanager/test/real-alertmanager.js';
import { fmt, table } from './lib.js';

const CLIENTS = 32;
const BATCH = 64;
const INTAKE_ROUNDS = 6;
const ALERTS_PER_INTAKE_ROUND = BATCH * 400;
const MEMORY_ROUNDS = 3;
const ACTIVE_ALERTS = 100_000;
const BIN = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));

if (!alertmanagerBinary.path) {
  console.log(`skipped: ${alertmanagerBinary.missing}`);
  process.exit(0);
}

// One receiver for both: answers 204 at once, as a working webhook does.
const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(204).end());
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const SINK_URL = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;

const dir = join(tmpdir(), `tocsin-serve-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'tocsin.config.yaml'),
  `alerts:
  throttle: false
  channels:
    hold:
      type: webhook
      url: ${SINK_URL}
      group: { by: [alertname], wait: 1h, interval: 1h }
  serve:
    rate_limit: false
    max_pending: 1000000
`,
);

const ALERTMANAGER_CONFIG = `
route:
  receiver: hold
  group_by: [alertname]
  group_wait: 1h
  group_interval: 1h
receivers:
  - name: hold
    webhook_configs:
      - url: ${SINK_URL}
`;

interface Server {
  readonly name: string;
  readonly url: string;
  rss(): number;
  /** CPU time the server process has used, user and system, in ms (every thread). */
  cpuMs(): number;
  close(): Promise<void>;
}

/** RSS of a process in bytes, from /proc. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

/** User plus system CPU time of a process in ms, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] as string).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The pid of the process whose command line holds `needle` (Alertmanager's listen address). */
function pidWith(needle: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) return Number(entry);
    } catch {}
  }
  throw new Error(`no process with ${needle}`);
}

async function startTocsin(): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('listening on')) resolve();
    });
    child.on('exit', () => reject(new Error(`tocsin serve exited:\n${out}`)));
  });
  return {
    name: 'tocsin serve',
    url: `http://127.0.0.1:${port}`,
    rss: () => rssOf(child.pid as number),
    cpuMs: () => cpuMsOf(child.pid as number),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

async function startAm(): Promise<Server> {
  const am: RunningAlertmanager = await startAlertmanager({ config: ALERTMANAGER_CONFIG });
  const pid = pidWith(`--web.listen-address=${new URL(am.url).host}`);
  return {
    name: 'Alertmanager',
    url: am.url,
    rss: () => rssOf(pid),
    cpuMs: () => cpuMsOf(pid),
    close: () => am.close(),
  };
}

let serial = 0;
/** Bodies of `count` distinct firing alerts, `BATCH` per body. */
function batches(count: number): string[] {
  const now = new Date().toISOString();
  const ends = new Date(Date.now() + 3_600_000).toISOString();
  const bodies: string[] = [];
  for (let i = 0; i < count; i += BATCH) {
    const alerts = [];
    for (let j = 0; j < BATCH && i + j < count; j++) {
      const n = ++serial;
      alerts.push({
        labels: {
          alertname: 'BenchAlert',
          instance: `host-${n}:9100`,
          job: 'node',
          severity: 'warning',
        },
        annotations: {
          summary: `Instance host-${n} is slow`,
          description: 'p99 above 2 s for 5 minutes',
        },
        startsAt: now,
        endsAt: ends,
        generatorURL: `http://prometheus:9090/graph?g0.expr=up&n=${n}`,
      });
    }
    bodies.push(JSON.stringify(alerts));
  }
  return bodies;
}

/** Post every body over `CLIENTS` keep-alive connections; alerts/s. */
async function post(server: Server, bodies: string[], alerts: number): Promise<number> {
  const pool = new Pool(server.url, { connections: CLIENTS, pipelining: 1 });
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      const { statusCode, body: answer } = await pool.request({
        path: '/api/v2/alerts',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await answer.text();
      if (statusCode >= 300) throw new Error(`${server.name} answered ${statusCode}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const seconds = (performance.now() - start) / 1000;
  await pool.close();
  return alerts / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

// Intake: one process each, rounds alternating.
const intake = { tocsin: [] as number[], am: [] as number[] };
/** CPU µs each server spent per alert taken, by round: what a busier machine would not change. */
const cpu = { tocsin: [] as number[], am: [] as number[] };
{
  const tocsin = await startTocsin();
  const am = await startAm();
  await post(tocsin, batches(BATCH * 50), BATCH * 50); // warm-up
  await post(am, batches(BATCH * 50), BATCH * 50);
  for (let round = 0; round < INTAKE_ROUNDS; round++) {
    const order = round % 2 === 0 ? ([tocsin, am] as const) : ([am, tocsin] as const);
    for (const server of order) {
      const bodies = batches(ALERTS_PER_INTAKE_ROUND);
      const cpuBefore = server.cpuMs();
      const rate = await post(server, bodies, ALERTS_PER_INTAKE_ROUND);
      const cpuUs = ((server.cpuMs() - cpuBefore) * 1000) / ALERTS_PER_INTAKE_ROUND;
      (server === tocsin ? intake.tocsin : intake.am).push(rate);
      (server === tocsin ? cpu.tocsin : cpu.am).push(cpuUs);
    }
  }
  await tocsin.close();
  await am.close();
}

// Memory: fresh processes each round, RSS before and after 100,000 distinct firing alerts.
const memory = {
  tocsin: [] as number[],
  am: [] as number[],
  tocsinBase: [] as number[],
  amBase: [] as number[],
};
for (let round = 0; round < MEMORY_ROUNDS; round++) {
  for (const start of [startTocsin, startAm]) {
    const server = await start();
    await post(server, batches(BATCH * 10), BATCH * 10);
    await settle();
    const before = server.rss();
    await post(server, batches(ACTIVE_ALERTS), ACTIVE_ALERTS);
    await settle();
    const grown = server.rss() - before;
    if (server.name === 'tocsin serve') {
      memory.tocsin.push(grown);
      memory.tocsinBase.push(before);
    } else {
      memory.am.push(grown);
      memory.amBase.push(before);
    }
    await server.close();
  }
}

const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 1);
const intakeRatio = median(intake.tocsin) / median(intake.am);
const memoryRatio = median(memory.tocsin) / median(memory.am);
const cpuRatio = median(cpu.tocsin) / median(cpu.am);
console.log(
  table(
    [
      'server',
      'intake alerts/s (range)',
      'median',
      'CPU µs per alert',
      'RSS growth per 100,000 alerts MB (range)',
      'median',
      'RSS before MB',
    ],
    [
      [
        '`tocsin serve`',
        `${fmt(Math.min(...intake.tocsin))} to ${fmt(Math.max(...intake.tocsin))}`,
        fmt(median(intake.tocsin)),
        fmt(median(cpu.tocsin), 1),
        `${mb(Math.min(...memory.tocsin))} to ${mb(Math.max(...memory.tocsin))}`,
        mb(median(memory.tocsin)),
        mb(median(memory.tocsinBase)),
      ],
      [
        'prometheus-alertmanager',
        `${fmt(Math.min(...intake.am))} to ${fmt(Math.max(...intake.am))}`,
        fmt(median(intake.am)),
        fmt(median(cpu.am), 1),
        `${mb(Math.min(...memory.am))} to ${mb(Math.max(...memory.am))}`,
        mb(median(memory.am)),
        mb(median(memory.amBase)),
      ],
    ],
  ),
);
console.log(
  `\nratios (Tocsin / Alertmanager): intake ${fmt(intakeRatio, 2)}x, CPU per alert ${fmt(cpuRatio, 2)}x, memory ${fmt(memoryRatio, 2)}x. ` +
    `${INTAKE_ROUNDS} intake rounds of ${fmt(ALERTS_PER_INTAKE_ROUND)} alerts (${CLIENTS} clients, batches of ${BATCH}); ` +
    `${MEMORY_ROUNDS} memory rounds. Load average at the end: ${loadavg()
      .map((n) => fmt(n, 2))
      .join(' ')}.`,
);
console.log(
  `goals: twice the intake ${intakeRatio >= 2 ? 'met' : 'NOT met'}; less memory ${memoryRatio < 1 ? 'met' : 'NOT met'}.`,
);
rmSync(dir, { recursive: true, force: true });
sink.close();
