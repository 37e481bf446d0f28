/**
 * Start-up cost, as a script or cron job pays it on every run: a fresh Node process that
 * imports core and the webhook channel, sends one alert to a local sink and closes, beside
 * one that does the same with Node's built-in fetch. Runs alternate, so both see the same
 * machine; medians of wall time (spawn to exit) and of peak RSS. Goal: at most 1.3 times
 * the fetch script's wall time and 1.1 times its peak memory.
 *   pnpm bench startup          (after `pnpm build`: the script loads the packages' dist)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, table } from './lib.js';

const RUNS = 15;
const script = (name: string) => fileURLToPath(new URL(`./startup/${name}.mjs`, import.meta.url));

function once(name: string): { ms: number; rssKb: number } {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [script(name)], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${name} failed: ${run.stderr}`);
  return { ms, rssKb: Number(run.stdout) };
}

const samples: Record<string, Array<{ ms: number; rssKb: number }>> = {
  'with-tocsin': [],
  'with-fetch': [],
};
once('with-tocsin');
once('with-fetch');
for (let i = 0; i < RUNS; i++) {
  for (const name of i % 2 ? ['with-fetch', 'with-tocsin'] : ['with-tocsin', 'with-fetch'])
    samples[name]?.push(once(name));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const of = (name: string) => ({
  ms: median((samples[name] ?? []).map((s) => s.ms)),
  mb: median((samples[name] ?? []).map((s) => s.rssKb)) / 1024,
});
const tocsin = of('with-tocsin');
const fetchOnly = of('with-fetch');
console.log(
  `A fresh process sends one alert to a local sink and exits; median of ${RUNS} alternating runs each.\n`,
);
console.log(
  table(
    ['script', 'wall ms', 'peak RSS MB'],
    [
      ['Tocsin (core + webhook)', fmt(tocsin.ms), fmt(tocsin.mb, 1)],
      ["Node's built-in fetch", fmt(fetchOnly.ms), fmt(fetchOnly.mb, 1)],
      [
        'ratio (goal: 1.3 wall, 1.1 memory)',
        fmt(tocsin.ms / fetchOnly.ms, 2),
        fmt(tocsin.mb / fetchOnly.mb, 2),
      ],
    ],
  ),
);
