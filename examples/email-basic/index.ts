/**
 * Email alerts over SMTP, kstlib's email_basic.py in TypeScript:
 *   1. one test alert at INFO, as kstlib's `--smtp` mode sends;
 *   2. one alert at every level, to show the subjects;
 *   3. a flood, held back by the channel's throttle (8 emails a minute).
 *
 * By default the SMTP server is a local one on 127.0.0.1 that, like a real provider,
 * requires STARTTLS and a login; what it received is written to ./out (.eml and .html).
 * With SMTP_HOST set it sends through that server (see README.md for the variables).
 *
 *   pnpm start
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AlertInput, AlertManager, type AlertResult, AlertThrottle } from '@tocsin/core';
import { EmailChannel } from '@tocsin/email';
import { levelOf, printTable, section, setting } from '@tocsin/example-shared/console';
import { type LocalSinks, startLocalSinks } from '@tocsin/test-kit';

const started = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const problems: string[] = [];
const smoke = process.env.TOCSIN_EXAMPLE_SMOKE === '1'; // CI: always the local server
const realHost = smoke ? undefined : setting('SMTP_HOST');

// Local mode: an SMTP server on 127.0.0.1 with STARTTLS (a certificate made for this run,
// trusted through `tls.ca`) and a login whose password is made up here.
const login = { user: 'alerts', pass: randomBytes(12).toString('base64url') };
const sinks: LocalSinks | undefined =
  realHost === undefined ? await startLocalSinks({ smtp: { tls: true, auth: login } }) : undefined;

const user = realHost === undefined ? login.user : setting('SMTP_USER');
const from = setting('ALERT_FROM') ?? user ?? 'alerts@example.com';
const to = (setting('ALERT_TO') ?? from).split(',').map((address) => address.trim());
const channel = new EmailChannel({
  transport: sinks?.smtp.transportOptions ?? realTransport(realHost as string),
  from: realHost === undefined ? 'Tocsin example <alerts@example.com>' : from,
  to: realHost === undefined ? ['oncall@example.com'] : to,
  subjectPrefix: '[TEST ALERT]',
});
// At most 8 emails a minute through this channel: a flood cannot fill the inbox.
const throttle = new AlertThrottle({ rate: 8, per: 60 });
const manager = new AlertManager().addChannel(channel, { throttle });

console.log(
  sinks === undefined
    ? `Tocsin email-basic: sending through ${realHost} (set by SMTP_HOST)`
    : `Tocsin email-basic: sending through a local SMTP server at ${sinks.smtp.url} (STARTTLS, login required)`,
);
// The channel shows itself without the password, however it is printed.
console.log(`Channel: ${String(channel)}`);
console.log(`As JSON: ${JSON.stringify(channel)}`);

// 1. One test alert --------------------------------------------------------------------
section('1. One test alert (INFO)');
const [first] = await manager.send({
  title: 'SMTP test alert',
  body: 'This is a test alert sent by the Tocsin email-basic example.',
  level: 'info',
  source: 'examples/email-basic',
});
console.log(`  ${outcome(first)}${first?.messageId ? `, Message-ID ${first.messageId}` : ''}`);
if (first?.status !== 'sent')
  problems.push(`part 1: the test alert was not sent (${first?.error})`);

// 2. Every level -----------------------------------------------------------------------
section('2. One alert at every level');
const levels: AlertInput[] = [
  { title: 'Nightly backup finished', body: '41 GB in 12 min', level: 'info' },
  { title: 'Deploy v2.4.1 succeeded', level: 'success', labels: { service: 'api' } },
  { title: 'Disk 85% full', body: 'db1:/var/lib/postgresql', level: 'warning' },
  { title: 'Payment webhook failing', body: '12% of calls return 502', level: 'error' },
  {
    title: 'Primary database unreachable',
    body: 'No answer for 30 s; failover started',
    level: 'critical',
    labels: { host: 'db1', region: 'eu-west-1' },
  },
];
const levelResults = await manager.send(levels);
printTable(
  ['level', 'alert', 'result'],
  levels.map((alert, i) => [levelOf(alert), alert.title, outcome(levelResults[i])]),
);
for (const [i, r] of levelResults.entries())
  if (r.status !== 'sent') problems.push(`part 2: "${levels[i]?.title}" was not sent (${r.error})`);

// 3. A flood, throttled ----------------------------------------------------------------
section('3. A flood of 4 CRITICAL alerts (the channel allows 8 emails a minute; 6 went out)');
const flood: AlertInput[] = ['db2', 'db3', 'db4', 'db5'].map((host) => ({
  title: `Replica ${host} lag above 10 min`,
  level: 'critical',
  labels: { host },
}));
const floodResults = await manager.send(flood);
printTable(
  ['alert', 'result'],
  flood.map((alert, i) => [alert.title, outcome(floodResults[i])]),
);
const floodSent = floodResults.filter((r) => r.status === 'sent').length;
const floodThrottled = floodResults.filter((r) => r.status === 'throttled').length;
if (floodSent !== 2 || floodThrottled !== 2)
  problems.push(`part 3: expected 2 sent and 2 throttled; got ${floodSent} and ${floodThrottled}`);

const stats = manager.stats;
console.log(
  `\nStats: ${stats.totalAlerts} alerts; sent ${stats.totalSent}, failed ${stats.totalFailed}, throttled ${stats.totalThrottled}`,
);
await manager.close(); // closes the SMTP pool

// What the server received (local mode) ------------------------------------------------
if (sinks !== undefined) {
  const messages = sinks.smtp.messages;
  section(`What the SMTP server received: ${messages.length} messages`);
  printTable(
    ['subject', 'STARTTLS', 'login', 'parts'],
    messages.map((m) => [
      m.subject ?? '',
      m.secure ? 'yes' : 'no',
      m.user ?? '-',
      [m.text === undefined ? '' : 'text', m.html === undefined ? '' : 'html']
        .filter(Boolean)
        .join('+'),
    ]),
  );
  const firstAlert: AlertInput = { title: 'SMTP test alert', level: 'info' };
  const pairs = [
    [firstAlert, first],
    ...levels.map((a, i) => [a, levelResults[i]] as const),
    ...flood.map((a, i) => [a, floodResults[i]] as const),
  ] as const;
  const sent = pairs.filter(([, r]) => r?.status === 'sent');
  if (messages.length !== 8 || messages.length !== sent.length)
    problems.push(`the server should have received 8 messages; it got ${messages.length}`);
  if (messages.some((m) => !m.secure || m.user !== login.user))
    problems.push('every message should come over STARTTLS, logged in');
  for (const [alert, result] of sent) {
    // Each result's messageId is the Message-ID the server received.
    const subject = messages.find((m) => m.messageId === result?.messageId)?.subject;
    if (subject === undefined)
      problems.push(`"${alert.title}": no message with Message-ID ${result?.messageId}`);
    else if (
      !subject.startsWith('[TEST ALERT]') ||
      !subject.includes(`[${levelOf(alert)}]`) ||
      !subject.endsWith(alert.title)
    )
      problems.push(`"${alert.title}": subject "${subject}" lacks the prefix, level or title`);
  }

  await rm(outDir, { recursive: true, force: true });
  const files = await sinks.writeReceived(outDir);
  await sinks.close();
  console.log(`\nThe emails are in ${relative(process.cwd(), outDir) || '.'}/ (.eml and .html):`);
  for (const file of files.slice(0, 4)) console.log(`  ${relative(outDir, file)}`);
  if (files.length > 4) console.log(`  ... ${files.length - 4} more`);
}

const shown = JSON.stringify(channel) + String(channel);
if (
  shown.includes(login.pass) ||
  (process.env.SMTP_PASSWORD && shown.includes(process.env.SMTP_PASSWORD))
)
  problems.push('the SMTP password showed in the printed channel');

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\nemail-basic did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}

// -----------------------------------------------------------------------------------------

/** SMTP settings from the environment: STARTTLS required, TLS from the start on port 465. */
function realTransport(host: string) {
  const port = Number(setting('SMTP_PORT') ?? 587);
  const password = setting('SMTP_PASSWORD') ?? setting('SMTP_PASS');
  return {
    host,
    port,
    secure: port === 465,
    requireTLS: port !== 465 && setting('SMTP_REQUIRE_TLS') !== 'false',
    ...(user === undefined ? {} : { auth: { user, pass: password ?? '' } }),
  };
}

function outcome(result: AlertResult | undefined): string {
  if (result === undefined) return 'no result';
  if (result.status === 'sent') return 'sent';
  return `${result.status}: ${result.error ?? ''}`;
}
