/**
 * A burst of errors becomes one summary email, as failnozzle sends: 40 errors of 3 kinds
 * from host1..host4 of two services are grouped (`group: { wait }`) and go out as ONE
 * message whose summary counts each kind and, per kind, each host.
 *
 * The SMTP server is a local one on 127.0.0.1; what it received is written to ./out (.eml).
 *
 *   pnpm start
 */
import { rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AlertInput, AlertManager, type DigestEvent } from '@tocsin/core';
import { EmailChannel } from '@tocsin/email';
import { printTable, section } from '@tocsin/example-shared/console';
import { startLocalSinks } from '@tocsin/test-kit';

const started = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const problems: string[] = [];
// Seconds the group waits after its first alert; short in CI (`TOCSIN_EXAMPLE_SMOKE=1`).
const wait = process.env.TOCSIN_EXAMPLE_SMOKE === '1' ? 1 : 5;

const sinks = await startLocalSinks();
const channel = new EmailChannel({
  transport: sinks.smtp.transportOptions,
  from: 'Tocsin example <alerts@example.com>',
  to: ['oncall@example.com'],
});
// `fingerprint: ['service']`: alerts of one title and service are one kind, whatever the
// host, so the digest counts hosts per kind (the `host` label, `countBy`'s default).
const manager = new AlertManager().addChannel(channel, {
  fingerprint: ['service'],
  group: { wait, interval: '5m' },
});
const digestSent = new Promise<DigestEvent>((resolve) => manager.on('digest', resolve));

// 40 errors: `web` runs on host1 and host2, `api` on host3 and host4.
const kinds = [
  { title: 'Exception in view', service: 'web', hosts: ['host1', 'host2'], times: 20 },
  { title: 'Could not retrieve file', service: 'web', hosts: ['host1', 'host2'], times: 12 },
  { title: 'Database timeout', service: 'api', hosts: ['host3', 'host4'], times: 8 },
];
// Round-robin over the kinds, as a real burst arrives: one kind after another.
const burst: AlertInput[] = [];
for (let i = 0; burst.length < 40; i++)
  for (const kind of kinds)
    if (i < kind.times)
      burst.push({
        title: kind.title,
        body: `Traceback (most recent call last): ... (${kind.title.toLowerCase()})`,
        level: 'error',
        // Uneven per host, so the counts show: 3 of every 4 on the service's first host.
        labels: { service: kind.service, host: kind.hosts[i % 4 === 3 ? 1 : 0] as string },
      });

console.log(
  `Tocsin digest: ${burst.length} errors into an email channel grouped with wait ${wait} s (SMTP at ${sinks.smtp.url})`,
);
section(`1. The burst: ${burst.length} errors, sent one by one`);
const results = [];
for (const alert of burst) results.push(...(await manager.send(alert)));
const digestIds = new Set(results.map((r) => r.digestId));
console.log(
  `  statuses: ${[...new Set(results.map((r) => r.status))].join(', ')}; digests they will go in: ${digestIds.size}`,
);
if (results.some((r) => r.status !== 'grouped') || digestIds.size !== 1)
  problems.push('every alert of the burst should be grouped into one digest');

section(`2. ${wait} s after the first alert, one digest goes out`);
let timer: NodeJS.Timeout | undefined;
const event = await Promise.race([
  digestSent,
  new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), (wait + 10) * 1000);
  }),
]);
clearTimeout(timer);
if (event === undefined) problems.push(`no digest was sent within ${wait + 10} s`);
else {
  const { digest, result } = event;
  console.log(`  ${result.status}: digest ${digest.id} (${digest.reason}), ${digest.total} alerts`);
  printTable(
    ['count', 'kind', 'service', 'per host'],
    digest.entries.map((entry) => [
      `${entry.count}X`,
      entry.alert.title,
      entry.alert.labels.service ?? '',
      entry.counts.map(([host, n]) => `${host} ${n}`).join(', '),
    ]),
  );
  if (result.status !== 'sent') problems.push(`the digest was not sent (${result.error})`);
  if (digest.total !== burst.length)
    problems.push(`the digest covers ${digest.total} alerts, not ${burst.length}`);
}

const stats = manager.stats;
await manager.close(); // nothing left to send; closes the SMTP pool
console.log(
  `\nStats: totalAlerts ${stats.totalAlerts}, totalGrouped ${stats.totalGrouped}, digests.sent ${stats.digests.sent}, totalSent ${stats.totalSent}`,
);
if (stats.totalGrouped !== burst.length || stats.digests.sent !== 1)
  problems.push(
    `expected totalGrouped ${burst.length} and digests.sent 1; got ${stats.totalGrouped} and ${stats.digests.sent}`,
  );

// What the SMTP server received ---------------------------------------------------------
const messages = sinks.smtp.messages;
section(`3. What the SMTP server received: ${messages.length} message(s)`);
const [email] = messages;
if (messages.length !== 1 || email === undefined)
  problems.push(`the server should have received exactly 1 email; it got ${messages.length}`);
else {
  console.log(`Subject: ${email.subject}`);
  const text = email.text ?? '';
  // The summary: from "Summary:" to the first blank line.
  const summary = text.slice(text.indexOf('Summary:')).split('\n\n')[0] ?? '';
  console.log(summary.replace(/^/gm, '  '));
  if (!email.subject?.includes(`${burst.length} instances of ${kinds.length} unique alerts`))
    problems.push(
      `the subject should say "${burst.length} instances of ${kinds.length} unique alerts"`,
    );
  for (const kind of kinds)
    if (!summary.includes(`${kind.times}X ${kind.title} (in ${kind.service})`))
      problems.push(`the summary lacks "${kind.times}X ${kind.title} (in ${kind.service})"`);
  if (!text.includes('- on host1, 15X'))
    problems.push('the details should count "Exception in view" on host1 15 times');
}

await rm(outDir, { recursive: true, force: true });
const files = await sinks.writeReceived(outDir);
await sinks.close();
for (const file of files.filter((f) => f.endsWith('.eml')))
  console.log(`\nThe email as received: ${relative(process.cwd(), file)}`);

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\ndigest did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
