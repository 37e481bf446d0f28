// Smoke-runs every example the way its README says (`pnpm start` in its folder), against
// the local sinks, each bounded in time. Exits non-zero if any example fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];
const failed = [];
for (const name of readdirSync(join(root, 'examples')).sort()) {
  const manifest = join(root, 'examples', name, 'package.json');
  if (!existsSync(manifest) || (only && !name.includes(only))) continue;
  if (!JSON.parse(readFileSync(manifest, 'utf8')).scripts?.start) continue;
  const started = Date.now();
  console.log(`\n--- examples/${name}`);
  // Under `pnpm examples`, npm_execpath is the pnpm that runs us (it may not be on PATH).
  const [command, args] = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath, '--silent', 'start']]
    : ['pnpm', ['--silent', 'start']];
  const run = spawnSync(command, args, {
    cwd: join(root, 'examples', name),
    stdio: 'inherit',
    timeout: 120_000,
    env: { ...process.env, TOCSIN_EXAMPLE_SMOKE: '1' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status === 0) console.log(`--- examples/${name}: ok in ${seconds} s`);
  else {
    console.log(
      `--- examples/${name}: FAILED (${run.error?.message ?? `exit ${run.status}`}) after ${seconds} s`,
    );
    failed.push(name);
  }
}
if (failed.length > 0) {
  console.error(`\n${failed.length} example(s) failed: ${failed.join(', ')}`);
  process.exit(1);
}
