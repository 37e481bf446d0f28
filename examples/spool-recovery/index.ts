/**
 * The durable spool across a `kill -9`: a service with `spool: { dir }` accepts 25 alerts
 * into an hour-long group (a digest not sent yet) and is killed with SIGKILL. Without the
 * spool they would be gone. The service starts again on the same folder: its manager finds
 * the 25 alerts, puts them back into their group, and its close sends the one digest.
 *
 * The webhook receiver is local, on 127.0.0.1; what it received is written to ./out.
 *
 *   pnpm start
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlertManager } from '@tocsin/core';
import { printTable, section } from '@tocsin/example-shared/console';
import { startLocalSinks } from '@tocsin/test-kit';
import { WebhookChannel } from '@tocsin/webhook';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const spoolDir = join(outDir, 'spool');
const ALERTS = 25;

if (process.argv[2] === 'service') await service(process.argv[3] === 'again');
else await main();

/** The service: one webhook channel that groups by service for an hour, with the spool on. */
async function service(again: boolean): Promise<void> {
  const manager = new AlertManager({ spool: { dir: spoolDir } }).addChannel(
    new WebhookChannel({ url: process.env.HOOK_URL ?? '' }),
    { key: 'ops-hook', group: { by: ['service'], wait: 3600 } },
  );
  if (again) {
    // The manager would do this on its own in the next turn; here we want the count.
    const { alerts } = await manager.recoverSpool();
    console.log(`  restarted: ${alerts} alerts recovered from the spool, back in their group`);
    await manager.close(); // the group's digest goes out here
    console.log(`  closed: ${manager.stats.digests.sent} digest sent`);
    return;
  }
  for (let i = 0; i < ALERTS; i++)
    await manager.send({
      title: 'Payment provider timeout',
      body: `POST /charges took 30 s (order ${4400 + i})`,
      level: 'error',
      labels: { service: 'checkout', host: `web-${i % 3}` },
    });
  console.log(`  accepted ${ALERTS}: ${manager.stats.totalGrouped} grouped, nothing sent yet`);
  setInterval(() => {}, 1000); // and wait, as a service does, until it is killed
}

async function main(): Promise<void> {
  const started = performance.now();
  const problems: string[] = [];
  await rm(outDir, { recursive: true, force: true });
  const sinks = await startLocalSinks();
  const env = { ...process.env, HOOK_URL: `${sinks.webhook.url}/alerts` };
  const run = (...args: string[]): { child: ChildProcess; output: Promise<string> } => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), ...args],
      {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let text = '';
    const output = new Promise<string>((resolve) => {
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        process.stdout.write(chunk);
        if (text.includes('accepted')) resolve(text);
      });
      child.on('exit', () => resolve(text));
    });
    return { child, output };
  };

  section('1. The service accepts 25 alerts into an hour-long group, and is killed (SIGKILL)');
  const first = run('service');
  await first.output;
  first.child.kill('SIGKILL');
  const [, signal] = await once(first.child, 'exit');
  console.log(
    `  the service ended by ${signal}; the receiver has ${sinks.webhook.requests.length} request(s)`,
  );
  if (sinks.webhook.requests.length !== 0) problems.push('nothing should arrive before the kill');

  section('2. It starts again on the same spool folder');
  const again = run('service', 'again');
  const [code] = await once(again.child, 'exit');
  if (code !== 0) problems.push(`the restarted service exited with ${code}`);

  section('3. What the receiver got');
  const bodies = sinks.webhook.requests.map(
    (request) => request.json() as { title: string; digest?: { total: number } },
  );
  printTable(
    ['title', 'alerts in it'],
    bodies.map((body) => [body.title, String(body.digest?.total ?? 1)]),
  );
  if (bodies.length !== 1 || bodies[0]?.digest?.total !== ALERTS)
    problems.push(`the receiver should get one digest of ${ALERTS} alerts`);

  const files = await sinks.writeReceived(outDir);
  await sinks.close();
  for (const file of files) console.log(`\nReceived: ${relative(process.cwd(), file)}`);
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (problems.length > 0) {
    console.error(`\nspool-recovery did not behave as it should:\n  - ${problems.join('\n  - ')}`);
    process.exit(1);
  }
}
