/**
 * Error logs from winston become alerts, and a crash is reported before the process ends:
 *   1. a winston logger with TocsinTransport.fromConfig: 7 errors and some info lines; the
 *      burst policy sends 5 at once as one message; `close()` sends the other 2;
 *   2. a process that throws (crash.ts) with captureErrors: its uncaught exception arrives
 *      with its stack, and it exits 1 as Node would;
 *   3. what the local webhook received is printed and checked: the example exits 1 otherwise.
 *
 *   pnpm start
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { printTable, section } from '@tocsin/example-shared/console';
import { startLocalSinks } from '@tocsin/test-kit';
import { TocsinTransport } from '@tocsin/winston';
import winston from 'winston';

interface Payload {
  title: string;
  body: string;
  levelName: string;
  digest?: { total: number };
}
const sinks = await startLocalSinks();
const received = () => sinks.webhook.requests.map((request) => request.json() as Payload);
const problems: string[] = [];

section('1. winston with TocsinTransport: 7 errors');
const tocsin = await TocsinTransport.fromConfig({
  config: { alerts: { channels: { ops: { type: 'webhook', url: sinks.env.WEBHOOK_URL } } } },
  labels: ['service'],
});
const logger = winston.createLogger({
  defaultMeta: { service: 'checkout' },
  format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.json()),
  transports: [tocsin],
});
logger.info('service started');
for (let i = 1; i <= 7; i++) logger.error(new Error(`card network unreachable (attempt ${i})`));
await sinks.webhook.waitForRequests(1, 10_000);
console.log(`  at once: "${received()[0]?.title}"`);
await tocsin.close();
console.log(`  on close: "${received()[1]?.title}"`);
console.log(`  transport stats: ${JSON.stringify(tocsin.stats)}`);

section('2. A process that throws, with captureErrors (crash.ts)');
const tsx = createRequire(import.meta.url).resolve('tsx');
const code = await new Promise<number | null>((resolve, reject) => {
  const child = spawn(
    process.execPath,
    ['--import', tsx, fileURLToPath(new URL('./crash.ts', import.meta.url))],
    {
      env: { ...process.env, WEBHOOK_URL: sinks.env.WEBHOOK_URL },
      stdio: ['ignore', 'inherit', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.on('error', reject);
  child.on('close', (exitCode) => {
    console.log(`  it printed: ${stderr.split('\n')[0]}`);
    resolve(exitCode);
  });
});
console.log(`  it exited with code ${code}`);

section('3. What the webhook received');
printTable(
  ['level', 'title', 'alerts'],
  received().map((p) => [p.levelName, p.title, String(p.digest?.total ?? 1)]),
);
await sinks.close();

const got = received().map((p) => [p.levelName, p.title, p.digest?.total ?? 1]);
const want = [
  ['ERROR', '5 alerts (threshold exceeded) (checkout)', 5],
  ['ERROR', '2 alerts (sent on close) (checkout)', 2],
  ['CRITICAL', 'Uncaught exception: invoice 4411 has no currency', 1],
];
if (JSON.stringify(got) !== JSON.stringify(want))
  problems.push(`received ${JSON.stringify(got)}\n    expected ${JSON.stringify(want)}`);
if (!received()[2]?.body.includes('settleInvoice'))
  problems.push('the crash alert should carry the stack (settleInvoice)');
if (code !== 1) problems.push(`the crashing process exited with ${code}; expected 1, as Node`);
if (problems.length > 0) {
  console.error(`\nwinston-errors did not behave as described:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log('\n7 errors in 2 messages, and the crash reported before the exit: as described.');
