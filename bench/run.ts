/**
 * `pnpm bench`: runs every `*.bench.ts` in this folder, one after another, each in its
 * own process so one suite's warm JIT or open sockets cannot skew the next. Each suite
 * prints a Markdown table comparing Tocsin with a baseline measured in the same run.
 * `pnpm bench throttle` runs only the suites whose file name contains "throttle".
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const suites = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts') && (filter === undefined || file.includes(filter)))
  .sort();
console.log(`# Tocsin benchmarks (Node ${process.version}, ${new Date().toISOString()})\n`);
let failed = 0;
for (const suite of suites) {
  console.log(`## ${suite.replace('.bench.ts', '')}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, suite)], {
    stdio: 'inherit',
    cwd: here,
  });
  if (run.status !== 0) failed++;
  console.log('');
}
process.exit(failed === 0 ? 0 : 1);
