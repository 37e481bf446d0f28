/**
 * Noise control under a flood: 1,000,000 alerts over 10,000 fingerprints, sent in batches of
 * 1,000, into an entry that groups them into digests and into one that deduplicates them
 * (`repeatInterval`), beside plain `send` of the same alerts measured in the same run. A
 * report, not a timed test: alerts/s, heap and RSS growth after a forced GC (grouping again
 * with 2,000,000 alerts, to show memory follows fingerprints, not alerts), event-loop delay
 * p99 during the flood, the messages delivered, and whether the stats add up.
 *
 * Each flood runs in a process of its own (started with --expose-gc), so one flood's heap,
 * RSS and JIT cannot colour the next; the scenarios alternate over rounds.
 *   pnpm bench noise
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type AddChannelOptions, type AlertInput, AlertManager, type Channel } from '@tocsin/core';
import { fmt, table } from './lib.js';

const FINGERPRINTS = 10_000;
const BATCH = 1_000;
const ALERTS = 1_000_000;
const ROUNDS = 3;
/** Sampling interval of the event-loop delay histogram (ms); every sample includes it. */
const ELD_RESOLUTION_MS = 1;
const GOALS = { heapMB: 64, eldP99Ms: 10 };

const SCENARIOS = {
  plain: { label: 'plain `send` (no grouping)', options: {} },
  grouped: {
    label: "`group: { by: ['service'], wait: 30, interval: 300, maxAlerts: 10000 }`",
    options: { group: { by: ['service'], wait: 30, interval: 300, maxAlerts: 10_000 } },
  },
  dedup: { label: '`repeatInterval: 300` (dedup)', options: { repeatInterval: 300 } },
} satisfies Record<string, { label: string; options: AddChannelOptions }>;
type Scenario = keyof typeof SCENARIOS;

/** What one flood measured, reported by its process as one JSON line. */
interface Flood {
  scenario: Scenario;
  alerts: number;
  seconds: number;
  /** CPU time of the process during the flood (user + system, GC threads included), µs. */
  cpuMicros: number;
  heapBefore: number;
  heapAfter: number;
  heapAfterClose: number;
  rssBefore: number;
  rssAfter: number;
  eldP99Ms: number;
  eldMaxMs: number;
  /** How long one `send` of a batch blocked the loop (ms): p99 and max. */
  sendP99Ms: number;
  sendMaxMs: number;
  /** Sends during which a digest went out (a group reached `maxAlerts`), and their median ms. */
  flushSends: number;
  flushMedianMs: number;
  /** CPU ms (user + system) of a send that let a digest go, and of one that did not: medians. */
  flushCpuMedianMs: number;
  otherMedianMs: number;
  otherCpuMedianMs: number;
  /** Garbage collection during the flood (ms): all pauses summed, and the longest. */
  gcMs: number;
  gcMaxMs: number;
  delivered: number;
  digestsSent: number;
  totalAlerts: number;
  totalGrouped: number;
  totalDeduplicated: number;
  totalSent: number;
  pendingBeforeClose: number;
  pendingAfterClose: number;
}

/** 40,000 inputs made once: alert `i` is title `error ${i % 10000}` from one of four hosts. */
function makeInputs(): AlertInput[] {
  const inputs: AlertInput[] = [];
  for (let f = 0; f < FINGERPRINTS; f++)
    for (let h = 0; h < 4; h++)
      inputs.push({
        title: `error ${f}`,
        body: `stack trace of error ${f}`,
        level: 'error',
        labels: { service: `svc-${f % 3}`, host: `host${h + 1}` },
      });
  return inputs;
}

function inputOf(inputs: AlertInput[], i: number): AlertInput {
  return inputs[(i % FINGERPRINTS) * 4 + (Math.floor(i / FINGERPRINTS) % 4)] as AlertInput;
}

/** One manager: `fingerprint: []` makes title (and level) the fingerprint, so 10,000 of them. */
function makeManager(scenario: Scenario, counter: { delivered: number }): AlertManager {
  const channel: Channel = {
    name: 'noop',
    send: async () => {
      counter.delivered++;
    },
  };
  return new AlertManager({ fingerprint: [], logger: { warn: () => {} } }).addChannel(
    channel,
    SCENARIOS[scenario].options,
  );
}

/**
 * Send `alerts` alerts in batches; the time each send took (ms). `afterSend` sees each
 * send's wall and CPU ms, a turn of the event loop after it.
 */
async function sendAll(
  manager: AlertManager,
  inputs: AlertInput[],
  alerts: number,
  afterSend: (ms: number, cpuMs: number) => void = () => {},
) {
  const times: number[] = [];
  for (let sent = 0; sent < alerts; sent += BATCH) {
    const batch = new Array<AlertInput>(BATCH);
    for (let j = 0; j < BATCH; j++) batch[j] = inputOf(inputs, sent + j);
    const cpu = process.cpuUsage();
    const start = performance.now();
    await manager.send(batch);
    const ms = performance.now() - start;
    const { user, system } = process.cpuUsage(cpu);
    times.push(ms);
    // Each batch in a macrotask of its own, as alerts that arrive over I/O would be.
    await new Promise<void>((resolve) => setImmediate(resolve));
    afterSend(ms, (user + system) / 1000);
  }
  return times;
}

async function flood(scenario: Scenario, alerts: number): Promise<Flood> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  const inputs = makeInputs();
  // Warm the JIT on a manager of the same shape, then drop it.
  const warm = makeManager(scenario, { delivered: 0 });
  await sendAll(warm, inputs, 50_000);
  await warm.close();

  const counter = { delivered: 0 };
  const manager = makeManager(scenario, counter);
  let digestsSent = 0;
  manager.on('digest', ({ result }) => {
    if (result.status === 'sent') digestsSent++;
  });
  gc();
  gc();
  const before = process.memoryUsage();
  const pauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  eld.enable();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  // Which sends let a digest go (it is delivered within the turn after the send).
  let seen = 0;
  const flushSends: number[] = [];
  const flushCpu: number[] = [];
  const otherCpu: number[] = [];
  const otherSends: number[] = [];
  const sendTimes = await sendAll(manager, inputs, alerts, (ms, cpuMs) => {
    if (digestsSent > seen) {
      flushSends.push(ms);
      flushCpu.push(cpuMs);
    } else {
      otherSends.push(ms);
      otherCpu.push(cpuMs);
    }
    seen = digestsSent;
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  eld.disable();
  // GC entries arrive in a later turn: let the last ones in before disconnecting.
  await new Promise<void>((resolve) => setImmediate(resolve));
  gcObserver.disconnect();
  const median = (xs: number[]) =>
    xs.length === 0 ? 0 : ([...xs].sort((a, b) => a - b)[xs.length >> 1] as number);
  const flushMedianMs = median(flushSends);
  sendTimes.sort((a, b) => a - b);
  const held = manager.stats;
  gc();
  gc();
  const after = process.memoryUsage();
  await manager.close();
  const stats = manager.stats;
  gc();
  gc();
  return {
    scenario,
    alerts,
    seconds,
    cpuMicros: cpu.user + cpu.system,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    heapAfterClose: process.memoryUsage().heapUsed,
    rssBefore: before.rss,
    rssAfter: after.rss,
    eldP99Ms: eld.percentile(99) / 1e6,
    eldMaxMs: eld.max / 1e6,
    sendP99Ms: sendTimes[Math.floor(sendTimes.length * 0.99)] as number,
    sendMaxMs: sendTimes.at(-1) as number,
    flushSends: flushSends.length,
    flushMedianMs,
    flushCpuMedianMs: median(flushCpu),
    otherMedianMs: median(otherSends),
    otherCpuMedianMs: median(otherCpu),
    gcMs: pauses.reduce((a, b) => a + b, 0),
    gcMaxMs: Math.max(0, ...pauses),
    delivered: counter.delivered,
    digestsSent,
    totalAlerts: stats.totalAlerts,
    totalGrouped: stats.totalGrouped,
    totalDeduplicated: stats.totalDeduplicated,
    totalSent: stats.totalSent,
    pendingBeforeClose: held.digests.pendingAlerts,
    pendingAfterClose: stats.digests.pendingAlerts,
  };
}

function runFlood(scenario: Scenario, alerts: number): Flood {
  const run = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--flood',
      scenario,
      String(alerts),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (run.status !== 0)
    throw new Error(`the ${scenario} flood of ${alerts} alerts failed (exit ${run.status})`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as Flood;
}

async function report(): Promise<void> {
  const loadBefore = loadavg()[0] as number;
  const order: Scenario[] = ['plain', 'grouped', 'dedup'];
  const runs: Record<Scenario, Flood[]> = { plain: [], grouped: [], dedup: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order, so no scenario always runs first on a machine that changes speed.
    for (let k = 0; k < order.length; k++) {
      const scenario = order[(k + round) % order.length] as Scenario;
      runs[scenario].push(runFlood(scenario, ALERTS));
    }
  }
  const big = runFlood('grouped', 2 * ALERTS);
  const medianOf = (floods: Flood[], pick: (f: Flood) => number) =>
    floods.map(pick).sort((a, b) => a - b)[Math.floor(floods.length / 2)] as number;
  const rate = (s: Scenario) => medianOf(runs[s], (f) => f.alerts / f.seconds);
  const plainRate = rate('plain');
  const MB = (bytes: number) => fmt(bytes / 2 ** 20, 1);
  /** "p99 (max)": medians over the floods. */
  const pair = (floods: Flood[], a: (f: Flood) => number, b: (f: Flood) => number) =>
    `${fmt(medianOf(floods, a), 1)} (${fmt(medianOf(floods, b), 1)})`;
  const problems: string[] = [];

  // Shared VMs: GC and the event loop suffer first when other processes take the cores.
  console.log(
    `Load average (1 min) before the floods ${fmt(loadBefore, 1)}, after ${fmt(loadavg()[0] as number, 1)}, on ${availableParallelism()} cores.\n`,
  );
  console.log(
    `${fmt(ALERTS)} alerts over ${fmt(FINGERPRINTS)} fingerprints, in batches of ${fmt(BATCH)} (each send awaited, then a turn of the event loop), into one no-op channel; median of ${ROUNDS} floods each, one process per flood:\n`,
  );
  console.log(
    table(
      [
        'entry',
        'alerts/s ingested',
        'vs plain send',
        'CPU µs per alert',
        'messages delivered',
        'event-loop delay p99 (max), ms',
        'one send of 1,000 blocks, ms: p99 (max)',
        'GC during the flood: total s (longest pause, ms)',
      ],
      order.map((s) => [
        SCENARIOS[s].label,
        fmt(rate(s)),
        s === 'plain' ? '1.00' : fmt(rate(s) / plainRate, 2),
        fmt(
          medianOf(runs[s], (f) => f.cpuMicros / f.alerts),
          2,
        ),
        fmt(medianOf(runs[s], (f) => f.delivered)),
        pair(
          runs[s],
          (f) => f.eldP99Ms,
          (f) => f.eldMaxMs,
        ),
        pair(
          runs[s],
          (f) => f.sendP99Ms,
          (f) => f.sendMaxMs,
        ),
        `${fmt(medianOf(runs[s], (f) => f.gcMs) / 1000, 2)} (${fmt(
          medianOf(runs[s], (f) => f.gcMaxMs),
          1,
        )})`,
      ]),
    ),
  );

  const memoryRow = (f: Flood) => [
    `${f.scenario}, ${fmt(f.alerts)} alerts`,
    MB(f.heapBefore),
    MB(f.heapAfter),
    MB(f.heapAfter - f.heapBefore),
    MB(f.heapAfterClose - f.heapBefore),
    MB(f.rssBefore),
    MB(f.rssAfter),
    MB(f.rssAfter - f.rssBefore),
  ];
  const lastGrouped = runs.grouped.at(-1) as Flood;
  console.log(
    '\nMemory after a forced GC (MB), before the flood and after it (groups still holding):\n',
  );
  console.log(
    table(
      [
        'flood',
        'heap before',
        'heap after',
        'heap growth',
        'heap growth after close',
        'RSS before',
        'RSS after',
        'RSS growth',
      ],
      [
        memoryRow(runs.plain.at(-1) as Flood),
        memoryRow(lastGrouped),
        memoryRow(big),
        memoryRow(runs.dedup.at(-1) as Flood),
      ],
    ),
  );

  // The stats add up: every alert grouped, every digest counted, nothing left after close.
  const checks: Array<[string, boolean]> = [];
  for (const f of [...runs.grouped, big]) {
    checks.push([
      `grouped ${fmt(f.alerts)}: totalGrouped = alerts sent (${fmt(f.totalGrouped)})`,
      f.totalGrouped === f.alerts && f.totalAlerts === f.alerts,
    ]);
    checks.push([
      `grouped ${fmt(f.alerts)}: digests.sent = messages delivered = digest events (${fmt(f.digestsSent)})`,
      f.digestsSent === f.delivered && f.delivered > 0,
    ]);
    checks.push([
      `grouped ${fmt(f.alerts)}: nothing pending after close (was ${fmt(f.pendingBeforeClose)})`,
      f.pendingAfterClose === 0,
    ]);
  }
  for (const f of runs.dedup)
    checks.push([
      `dedup: ${fmt(f.totalSent)} sent + ${fmt(f.totalDeduplicated)} deduplicated = alerts sent`,
      f.totalSent + f.totalDeduplicated === f.alerts && f.totalSent === FINGERPRINTS,
    ]);
  for (const f of runs.plain)
    checks.push([`plain: ${fmt(f.totalSent)} sent = alerts sent`, f.totalSent === f.alerts]);
  const unique = [...new Map(checks.map(([text, ok]) => [text, ok])).entries()];
  console.log('\nStats:\n');
  for (const [text, ok] of unique) {
    console.log(`- ${ok ? 'ok' : 'WRONG'}: ${text}`);
    if (!ok) problems.push(text);
  }

  const heapGrowth = lastGrouped.heapAfter - lastGrouped.heapBefore;
  const bigGrowth = big.heapAfter - big.heapBefore;
  const eldP99 = medianOf(runs.grouped, (f) => f.eldP99Ms);
  // A send that lets a digest go builds it (every fingerprint of the batch) on the spot.
  const g = (pick: (f: Flood) => number) => fmt(medianOf(runs.grouped, pick), 1);
  const p = (pick: (f: Flood) => number) => fmt(medianOf(runs.plain, pick), 1);
  console.log(
    [
      `\nOne send of ${fmt(BATCH)}, medians, wall ms / CPU ms:`,
      `grouped, no digest going out ${g((f) => f.otherMedianMs)} / ${g((f) => f.otherCpuMedianMs)};`,
      `grouped, letting a digest go (${fmt(medianOf(runs.grouped, (f) => f.flushSends))} sends) ${g((f) => f.flushMedianMs)} / ${g((f) => f.flushCpuMedianMs)};`,
      `plain ${p((f) => f.otherMedianMs)} / ${p((f) => f.otherCpuMedianMs)}.`,
    ].join(' '),
  );
  console.log('\nGoals (grouped entry):\n');
  console.log(
    table(
      ['goal', 'measured', 'met'],
      [
        [
          `heap growth under ${GOALS.heapMB} MB`,
          `${MB(heapGrowth)} MB (RSS +${MB(lastGrouped.rssAfter - lastGrouped.rssBefore)} MB)`,
          heapGrowth < GOALS.heapMB * 2 ** 20 ? 'yes' : 'no',
        ],
        [
          'growth bounded by fingerprints (2x the alerts, not 2x the growth)',
          `${MB(bigGrowth)} MB at ${fmt(2 * ALERTS)} vs ${MB(heapGrowth)} MB at ${fmt(ALERTS)}`,
          bigGrowth < 1.5 * Math.max(heapGrowth, 2 ** 20) ? 'yes' : 'no',
        ],
        [
          `event-loop delay p99 under ${GOALS.eldP99Ms} ms`,
          `${fmt(eldP99, 1)} ms (includes the ${ELD_RESOLUTION_MS} ms sampling interval)`,
          eldP99 < GOALS.eldP99Ms ? 'yes' : 'no',
        ],
      ],
    ),
  );
  if (problems.length > 0) {
    console.error(`\nThe stats do not add up:\n  - ${problems.join('\n  - ')}`);
    process.exit(1);
  }
}

// Last, once every const above is set: a flood's own process, or the report that runs them.
if (process.argv[2] === '--flood') {
  const result = await flood(process.argv[3] as Scenario, Number(process.argv[4]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else await report();
