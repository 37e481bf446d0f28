/**
 * The durable spool's cost: alerts/s through `send` with the spool off, on with batched
 * syncs (the default: each alert written before delivery, synced once a second), and on
 * with a sync before every delivery (`sync: 'always'`, the sends of one event-loop turn
 * sharing one sync), in the same run, in alternating order over rounds; medians.
 *
 * Two workloads: 100 senders at once, one alert per `send` (a busy service), and one
 * sender awaiting each `send` (where `always` pays a whole sync per alert). The channel
 * answers at once, so what is measured is the manager and the journal, not a network.
 * The journal goes to a folder in the OS temp dir (check it is a real disk, not tmpfs:
 * `df -T`), written and synced as in production.
 *   pnpm bench spool
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertManager, type Channel, type SpoolOptions } from '@tocsin/core';
import { fmt, table } from './lib.js';

const ROUNDS = 5;
const WORKLOADS = {
  concurrent: { label: '100 senders at once', alerts: 20_000, senders: 100 },
  sequential: { label: 'one sender, awaiting each send', alerts: 2_000, senders: 1 },
} as const;
type Workload = keyof typeof WORKLOADS;

const SCENARIOS: Record<string, { label: string; spool: Omit<SpoolOptions, 'dir'> | undefined }> = {
  off: { label: 'spool off', spool: undefined },
  batched: { label: "spool, `sync: 'batched'` (1 s)", spool: { sync: 'batched' } },
  always: { label: "spool, `sync: 'always'`", spool: { sync: 'always' } },
};

const instant: Channel = { name: 'instant', send: async () => ({}) };

/** Alerts/s of one run of `workload` under `scenario`, on a fresh manager and folder. */
async function run(scenario: string, workload: Workload): Promise<number> {
  const { alerts, senders } = WORKLOADS[workload];
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-spool-bench-'));
  const spool = SCENARIOS[scenario]?.spool;
  const manager = new AlertManager(spool === undefined ? {} : { spool: { dir, ...spool } });
  manager.addChannel(instant, { maxRetries: 0 });
  let next = 0;
  const sender = async () => {
    while (next < alerts) {
      const i = next++;
      const [result] = await manager.send({
        title: `disk ${i % 100} full`,
        labels: { n: String(i) },
      });
      if (result?.status !== 'sent') throw new Error(`alert ${i}: ${result?.status}`);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: senders }, sender));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const { totalSent } = manager.stats;
  await manager.close();
  rmSync(dir, { recursive: true, force: true });
  if (totalSent !== alerts) throw new Error(`${scenario}: sent ${totalSent} of ${alerts}`);
  return alerts / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const names = Object.keys(SCENARIOS);
console.log(
  `${ROUNDS} rounds, scenarios in rotating order; ${availableParallelism()} CPUs, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);
for (const workload of Object.keys(WORKLOADS) as Workload[]) {
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  // A warm-up of each, not counted.
  for (const name of names) await run(name, workload);
  for (let round = 0; round < ROUNDS; round++)
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as string;
      samples[name]?.push(await run(name, workload));
    }
  const off = median(samples.off as number[]);
  const { label, alerts } = WORKLOADS[workload];
  console.log(`### ${label} (${fmt(alerts)} alerts per run)\n`);
  console.log(
    table(
      ['scenario', 'alerts/s (median)', 'vs spool off', 'µs per alert'],
      names.map((name) => {
        const rate = median(samples[name] as number[]);
        return [
          SCENARIOS[name]?.label as string,
          fmt(rate),
          `${fmt(rate / off, 2)}x`,
          fmt(1e6 / rate, 1),
        ];
      }),
    ),
  );
  console.log('');
}
