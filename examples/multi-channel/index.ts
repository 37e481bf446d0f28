/**
 * One AlertManager, two channels, routed by level: kstlib's multi_channel.py in TypeScript.
 *   - Slack gets WARNING and above, at most 10 a minute (4 at once);
 *   - email gets CRITICAL only.
 * Alerts at INFO, WARNING and CRITICAL show which channel got which; a burst of ERROR
 * alerts then shows Slack's throttle (and email staying quiet). Ends with the stats.
 *
 * By default Slack and SMTP are local stand-ins on 127.0.0.1, checked at the end. With
 * SLACK_WEBHOOK_URL and/or SMTP_HOST (see README.md) that channel goes to the real service.
 *
 *   pnpm start
 */
import {
  type AlertInput,
  AlertLevel,
  AlertManager,
  type AlertResult,
  AlertThrottle,
  maskUrl,
} from '@tocsin/core';
import { EmailChannel } from '@tocsin/email';
import { levelOf, printTable, setting } from '@tocsin/example-shared/console';
import { SlackChannel } from '@tocsin/slack';
import { type LocalSinks, startLocalSinks } from '@tocsin/test-kit';

const started = performance.now();
const problems: string[] = [];
const smoke = process.env.TOCSIN_EXAMPLE_SMOKE === '1'; // CI: always the local stand-ins
const slackUrl = smoke ? undefined : setting('SLACK_WEBHOOK_URL');
const smtpHost = smoke ? undefined : setting('SMTP_HOST');
const sinks: LocalSinks | undefined =
  slackUrl === undefined || smtpHost === undefined ? await startLocalSinks() : undefined;

console.log('Tocsin multi-channel: one AlertManager, Slack and email, routed by level\n');
const manager = new AlertManager();

// Slack: WARNING and above, at most 10 alerts a minute, 4 at once.
const slack = new SlackChannel({
  webhookUrl: slackUrl ?? (sinks as LocalSinks).env.SLACK_WEBHOOK_URL ?? '',
  allowInsecureHttp: slackUrl === undefined, // the local stand-in speaks plain http
  username: 'tocsin-alerts',
});
manager.addChannel(slack, {
  minLevel: AlertLevel.WARNING,
  throttle: new AlertThrottle({ rate: 10, per: 60, burst: 4 }),
});
console.log(
  `  slack  min_level WARNING, throttle 10/60 s (burst 4) -> ${slackUrl === undefined ? `local stand-in ${sinks?.slack.url}` : maskUrl(slackUrl)}`,
);

// Email: CRITICAL only.
const user = setting('SMTP_USER');
const from = setting('ALERT_FROM') ?? user ?? 'alerts@example.com';
const email = new EmailChannel({
  transport: smtpHost === undefined ? (sinks as LocalSinks).smtp.transportOptions : realSmtp(),
  from: smtpHost === undefined ? 'Tocsin <alerts@example.com>' : from,
  to:
    smtpHost === undefined
      ? ['oncall@example.com']
      : (setting('ALERT_TO') ?? from).split(',').map((a) => a.trim()),
  subjectPrefix: '[ONCALL]',
});
manager.addChannel(email, { minLevel: AlertLevel.CRITICAL });
console.log(
  `  email  min_level CRITICAL                        -> ${smtpHost === undefined ? `local SMTP server ${sinks?.smtp.url}` : `${smtpHost}`}`,
);
console.log(
  `\nAlertManager ready with ${manager.channels.length} channels: ${manager.channels.join(', ')}`,
);

// The three alerts of kstlib's example, then a burst that Slack's throttle cuts.
const alerts: AlertInput[] = [
  { title: 'Deployment started', body: 'Starting deployment of version 2.1.0', level: 'info' },
  { title: 'High memory usage', body: 'Server api-1 memory at 90%', level: 'warning' },
  {
    title: 'Database connection lost',
    body: 'Primary database connection failed',
    level: 'critical',
  },
  ...[1, 2, 3, 4].map((n) => ({
    title: `API error rate above 5% (check ${n})`,
    body: 'POST /orders answers 502',
    level: 'error' as const,
    labels: { service: 'api' },
  })),
];
// What should happen: per alert, Slack's and email's outcome ('-': filtered, level too low).
const expected: Array<[string, string]> = [
  ['-', '-'],
  ['sent', '-'],
  ['sent', 'sent'],
  ['sent', '-'],
  ['sent', '-'],
  ['throttled', '-'],
  ['throttled', '-'],
];

const rows: string[][] = [];
for (const [i, alert] of alerts.entries()) {
  const results = await manager.send(alert);
  const cell = (key: string) => {
    const r = results.find((result) => result.channel === key);
    return r === undefined ? '-' : r.status;
  };
  const got: [string, string] = [cell('slack'), cell('email')];
  rows.push([levelOf(alert), alert.title, ...got.map(show), detail(results)]);
  const want = expected[i] ?? ['?', '?'];
  if (got.join() !== want.join())
    problems.push(
      `"${alert.title}": slack ${got[0]}, email ${got[1]}; expected ${want[0]}, ${want[1]}`,
    );
}
console.log('');
printTable(['level', 'alert', 'slack (WARNING+)', 'email (CRITICAL)', 'note'], rows);

const stats = manager.stats;
console.log(
  `\nStats: ${stats.totalAlerts} alerts; sent ${stats.totalSent}, failed ${stats.totalFailed}, throttled ${stats.totalThrottled}, filtered ${stats.totalFiltered}\n`,
);
printTable(
  ['channel', 'sent', 'failed', 'throttled', 'filtered', 'p50 ms'],
  Object.entries(stats.byChannel).map(([key, s]) => [
    key,
    ...[s.sent, s.failed, s.throttled, s.filtered].map(String),
    String(s.latency.p50 ?? '-'),
  ]),
);
if (stats.byChannel.slack?.filtered !== 1 || stats.byChannel.email?.filtered !== 6)
  problems.push('the level filter should keep 1 alert from Slack and 6 from email');
await manager.close();

// What the stand-ins received.
if (sinks !== undefined) {
  console.log('');
  if (slackUrl === undefined) {
    const titles = sinks.slack.requests.map(
      (r) => (r.json() as { blocks?: Array<{ text?: { text?: string } }> }).blocks?.[0]?.text?.text,
    );
    console.log(`The Slack stand-in received ${titles.length}: ${titles.join(' | ')}`);
    if (titles.length !== 4)
      problems.push(`Slack should have received 4 messages; got ${titles.length}`);
  }
  if (smtpHost === undefined) {
    const subjects = sinks.smtp.messages.map((m) => m.subject);
    console.log(`The SMTP server received ${subjects.length}: ${subjects.join(' | ')}`);
    if (subjects.join() !== '[ONCALL] [CRITICAL] Database connection lost')
      problems.push('the SMTP server should have received the CRITICAL alert alone');
  }
  await sinks.close();
}

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\nmulti-channel did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}

// -----------------------------------------------------------------------------------------

/** SMTP settings from the environment: STARTTLS required, TLS from the start on port 465. */
function realSmtp() {
  const port = Number(setting('SMTP_PORT') ?? 587);
  const pass = setting('SMTP_PASSWORD') ?? setting('SMTP_PASS') ?? '';
  return {
    host: smtpHost as string,
    port,
    secure: port === 465,
    requireTLS: port !== 465 && setting('SMTP_REQUIRE_TLS') !== 'false',
    ...(user === undefined ? {} : { auth: { user, pass } }),
  };
}

function show(status: string): string {
  return status === '-' ? 'filtered' : status;
}

function detail(results: AlertResult[]): string {
  if (results.length === 0) return 'no channel matched (level too low)';
  const failed = results.find((r) => r.status === 'failed');
  if (failed !== undefined) return `${failed.channel}: ${failed.error}`;
  if (results.some((r) => r.status === 'throttled')) return 'Slack bucket empty';
  return '';
}
