/**
 * Error logs from pino become alerts, without flooding anyone:
 *   1. a local webhook receiver starts (test-kit's local sinks);
 *   2. the service (app.ts) runs in its own process: 6 errors, 1 fatal, some info and warn
 *      lines, through pino and @tocsin/pino;
 *   3. the burst policy sends the first 5 errors as one message at once, the fatal one at
 *      once on its own, and the 6th when the service ends (pino ends the transport);
 *   4. what arrived is printed and checked: the example exits 1 otherwise.
 *
 *   pnpm start
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { printTable, section } from '@tocsin/example-shared/console';
import { startLocalSinks } from '@tocsin/test-kit';

const sinks = await startLocalSinks();
section('1. The service logs through pino (app.ts, its own process)');
const tsx = createRequire(import.meta.url).resolve('tsx');
const code = await new Promise<number | null>((resolve, reject) => {
  // Its own process, as a real service and receiver are: pino blocks its main thread while
  // the transport ends, so the receiver must not share that thread.
  const child = spawn(
    process.execPath,
    ['--import', tsx, fileURLToPath(new URL('./app.ts', import.meta.url))],
    { env: { ...process.env, WEBHOOK_URL: sinks.env.WEBHOOK_URL }, stdio: 'inherit' },
  );
  child.on('error', reject);
  child.on('close', resolve);
});
console.log(`  the service exited with code ${code}`);

section('2. What the webhook received');
interface Payload {
  title: string;
  levelName: string;
  labels: Record<string, string>;
  digest?: { total: number };
}
const received = sinks.webhook.requests.map((request) => request.json() as Payload);
printTable(
  ['level', 'title', 'alerts', 'labels'],
  received.map((p) => [
    p.levelName,
    p.title,
    String(p.digest?.total ?? 1),
    Object.entries(p.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  ]),
);
await sinks.close();

const problems: string[] = [];
const titles = received.map((p) => p.title).sort();
const expected = [
  '5 alerts (threshold exceeded) (checkout)',
  'ledger corrupted',
  'payment provider timeout',
];
if (code !== 0) problems.push(`the service exited with ${code}`);
if (JSON.stringify(titles) !== JSON.stringify(expected))
  problems.push(`received ${JSON.stringify(titles)}; expected ${JSON.stringify(expected)}`);
const errors = received.reduce(
  (n, p) => n + (p.levelName === 'ERROR' ? (p.digest?.total ?? 1) : 0),
  0,
);
if (errors !== 6) problems.push(`the messages carry ${errors} errors; expected 6`);
// A digest's labels are its group's (none for a burst buffer); single alerts keep theirs.
if (received.some((p) => p.digest === undefined && p.labels.service !== 'checkout'))
  problems.push('every single alert should carry the label service=checkout');
if (problems.length > 0) {
  console.error(`\npino-errors did not behave as described:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log('\n8 log lines, 7 at error level or above, 3 messages: as described.');
