/**
 * AlpineBits' daily report, on a short schedule: a day of alerts (errors, warnings, a few
 * INFO) goes through a manager; at the scheduled time ONE report goes to an email channel
 * and one to Slack, with the period's alerts by level, outcomes by status, the top
 * fingerprints and the app's own metrics from `collect()`. A second report's `collect()`
 * hangs: that report goes out all the same and says so.
 *
 * The SMTP server and the Slack stand-in are local, on 127.0.0.1; what they received is
 * written to ./out (.eml, .html, .json).
 *
 *   pnpm start
 */
import { rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AlertInput, AlertManager, scheduleReport } from '@tocsin/core';
import { EmailChannel } from '@tocsin/email';
import { printTable, section } from '@tocsin/example-shared/console';
import { SlackChannel } from '@tocsin/slack';
import { startLocalSinks } from '@tocsin/test-kit';

const started = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const problems: string[] = [];

const sinks = await startLocalSinks();
// Both channels page for CRITICAL alerts only: the day's errors are filtered there, and
// the daily report is how the team sees them.
const manager = new AlertManager()
  .addChannel(
    new EmailChannel({
      transport: sinks.smtp.transportOptions,
      from: 'Tocsin example <alerts@example.com>',
      to: ['oncall@example.com'],
    }),
    { key: 'ops-email', minLevel: 'critical' },
  )
  .addChannel(
    new SlackChannel({
      webhookUrl: sinks.env.SLACK_WEBHOOK_URL as string,
      allowInsecureHttp: true,
    }),
    { key: 'ops-slack', minLevel: 'critical' },
  );

// In an app: `at: '08:00', timeZone: 'Europe/Berlin'`. Here the next whole 2 seconds
// (six cron fields, seconds first), so the example ends quickly.
const at = '*/2 * * * * *';
const daily = scheduleReport(manager, {
  at,
  timeZone: 'Europe/Berlin',
  channel: 'ops-email',
  name: 'daily',
  top: 5,
  collect: async () => ({
    'reservations pushed': 412,
    'rate plans updated': 37,
    'oldest message in queue': '42 s',
  }),
});
// Same schedule, to Slack; its collect() never answers: the report says so after 1 s.
const slackReport = manager.scheduleReport({
  at,
  channel: 'ops-slack',
  name: 'daily-slack',
  collectTimeout: '1s',
  collect: () => new Promise(() => {}),
});

// A day of alerts, in the period -----------------------------------------------------------
const times = (count: number, alert: AlertInput) => Array.from({ length: count }, () => alert);
const day: AlertInput[] = [
  ...times(12, { title: 'AlpineBits push rejected by partner', level: 'error' }),
  ...times(5, { title: 'Rate plan missing for room type', level: 'warning' }),
  ...times(3, { title: 'Database timeout', level: 'error' }),
  { title: 'Nightly import finished', level: 'success' },
  { title: 'Deployed v2.4.1', level: 'info' },
];
console.log(
  `Tocsin daily-report: ${day.length} alerts, then a report at "${at}" to email (SMTP at ${sinks.smtp.url}) and to a local Slack stand-in`,
);
section(`1. The period: ${day.length} alerts`);
for (const alert of day) await manager.send(alert);
console.log(`  next report at ${daily.nextRun?.toISOString()}`);

section('2. The reports go out at the scheduled time');
// Poll what the local servers received: one email and one Slack post, or give up after 15 s.
const deadline = Date.now() + 15_000;
while (sinks.smtp.messages.length + sinks.slack.requests.length < 2 && Date.now() < deadline)
  await new Promise((resolve) => setTimeout(resolve, 50));
const seconds = ((15_000 - (deadline - Date.now())) / 1000).toFixed(1);
console.log(
  `  ${sinks.smtp.messages.length + sinks.slack.requests.length} report(s) arrived within ${seconds} s`,
);
daily.close();
slackReport.close();
await manager.close();

// What the SMTP server received -----------------------------------------------------------
const [email] = sinks.smtp.messages;
section(`3. What the SMTP server received: ${sinks.smtp.messages.length} message(s)`);
if (sinks.smtp.messages.length !== 1 || email === undefined)
  problems.push(
    `the SMTP server should have received 1 report; it got ${sinks.smtp.messages.length}`,
  );
else {
  console.log(`Subject: ${email.subject}`);
  const text = email.text ?? '';
  console.log(text.slice(0, text.indexOf('\n---\nSent by')).replace(/^/gm, '  '));
  if (!email.subject?.includes(`Report "daily": ${day.length} alerts`))
    problems.push(`the subject should say 'Report "daily": ${day.length} alerts'`);
  if (!/\n +12 {2}ERROR {4}AlpineBits push rejected by partner/.test(text))
    problems.push('the top fingerprints should list the 12 rejected pushes first');
  if (!/reservations pushed +412/.test(text)) problems.push("collect()'s metrics are missing");
  const html = email.html ?? '';
  if ((html.match(/<\/table>/g)?.length ?? 0) < 4 || !html.includes('>Metrics</p>'))
    problems.push('the HTML part should have the report as HTML tables');
}

// What the Slack stand-in received ----------------------------------------------------------
const slackPosts = sinks.slack.requests;
section(`4. What the Slack stand-in received: ${slackPosts.length} message(s)`);
const post = slackPosts[0]?.json() as
  | { attachments: Array<{ blocks: Array<{ type: string; text?: { text: string } }> }> }
  | undefined;
if (slackPosts.length !== 1 || post === undefined)
  problems.push(`Slack should have received 1 report; it got ${slackPosts.length}`);
else {
  const sections = (post.attachments[0]?.blocks ?? [])
    .filter((block) => block.type === 'section')
    .map((block) => block.text?.text ?? '');
  printTable(
    ['section', 'first line'],
    sections.map((text, i) => [String(i + 1), text.split('\n')[0] ?? '']),
  );
  if (!sections[0]?.includes('collect() gave no answer within 1s'))
    problems.push('the Slack report should say that collect() gave no answer');
  if (!sections.some((text) => text.startsWith('*Top fingerprints*\n```')))
    problems.push('the Slack report should have the top fingerprints in a code block');
}

await rm(outDir, { recursive: true, force: true });
const files = await sinks.writeReceived(outDir);
await sinks.close();
for (const file of files) console.log(`\nReceived: ${relative(process.cwd(), file)}`);

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\ndaily-report did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
