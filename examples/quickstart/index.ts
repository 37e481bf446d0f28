/**
 * Tocsin quickstart: starts local stand-ins for Slack, SMTP, Resend, Teams, PagerDuty and a webhook receiver
 * on 127.0.0.1, builds an AlertManager from tocsin.config.yaml pointing at them, and sends
 * alerts at every level. It shows level routing, a throttle taking effect and a retry after
 * a 429, prints the results and the stats, and writes what each sink received to ./out.
 *
 *   npx -y pnpm@10.34.9 demo          (from the repository root)
 */
import { rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AlertInput, AlertManager, type AlertResult } from '@tocsin/core';
import { printTable } from '@tocsin/example-shared/console';
import { startLocalSinks } from '@tocsin/test-kit';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const started = performance.now();

const sinks = await startLocalSinks();
Object.assign(process.env, sinks.env);
// Slack's first answer is "429 rate_limited, Retry-After: 1": watch the retry.
sinks.slack.reply({ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } });

const manager = await AlertManager.fromConfig(join(here, 'tocsin.config.yaml'));
console.log(
  `Tocsin quickstart: channels ${manager.channels.join(', ')} (from tocsin.config.yaml)\n`,
);

const alerts: AlertInput[] = [
  {
    title: 'Nightly backup finished',
    body: 'backup-2026-11-23.tar.zst, 41 GB',
    level: 'info',
    labels: { job: 'backup' },
  },
  { title: 'Deploy v2.4.1 succeeded', level: 'success', labels: { service: 'api' } },
  {
    title: 'Disk 85% full',
    body: 'db1:/var/lib/postgresql',
    level: 'warning',
    labels: { host: 'db1' },
  },
  {
    title: 'Payment webhook failing',
    body: '12% of calls return 502',
    level: 'error',
    labels: { service: 'payments' },
  },
  {
    title: 'Primary database unreachable',
    body: 'No answer for 30 s; failover started',
    level: 'critical',
    labels: { host: 'db1' },
  },
  // A flood of critical alerts: the email channel allows 2 a minute.
  { title: 'Replica lag above 10 min', level: 'critical', labels: { host: 'db2' } },
  { title: 'API error rate 25%', level: 'critical', labels: { service: 'api' } },
  { title: 'Queue backlog 50k', level: 'critical', labels: { service: 'worker' } },
];
const results = await manager.send(alerts);

// Results come in alert order, then registration order: group them back per alert. A
// channel whose min_level the alert does not reach has no result: show it as filtered.
let cursor = 0;
const rows: string[][] = [];
for (const alert of alerts) {
  const first = results[cursor];
  if (first === undefined) break;
  const alertId = first.alertId;
  const mine = new Map<string, AlertResult>();
  for (; results[cursor]?.alertId === alertId; cursor++) {
    const r = results[cursor] as AlertResult;
    mine.set(r.channel, r);
  }
  for (const channel of manager.channels) {
    const r = mine.get(channel);
    const row = [alert.title, String(alert.level).toUpperCase(), channel];
    if (r === undefined) rows.push([...row, 'filtered', '0', '-', 'below its min_level']);
    else
      rows.push([
        ...row,
        r.status,
        String(r.attempts),
        `${Math.round(r.durationMs)}`,
        r.error ?? note(r),
      ]);
  }
}
printTable(['alert', 'level', 'channel', 'status', 'attempts', 'ms', 'note'], rows);

const stats = manager.stats;
console.log(
  `\nStats: ${stats.totalAlerts} alerts; sent ${stats.totalSent}, failed ${stats.totalFailed}, throttled ${stats.totalThrottled}, filtered ${stats.totalFiltered}, retries ${stats.totalRetries}\n`,
);
printTable(
  ['channel', 'sent', 'failed', 'throttled', 'filtered', 'retries', 'p50 ms', 'p95 ms'],
  Object.entries(stats.byChannel).map(([key, s]) => [
    key,
    ...[s.sent, s.failed, s.throttled, s.filtered, s.retries].map(String),
    String(s.latency.p50 ?? '-'),
    String(s.latency.p95 ?? '-'),
  ]),
);

const channelCount = manager.channels.length;
await manager.close();
await rm(outDir, { recursive: true, force: true });
const files = await sinks.writeReceived(outDir);
await sinks.close();

// pnpm runs this script in its own folder; INIT_CWD is where the user typed the command.
const userCwd = process.env.INIT_CWD ?? process.cwd();
console.log(
  `\nWhat the sinks received (${files.length} files) is in ${relative(userCwd, outDir) || '.'}/:`,
);
for (const file of files) console.log(`  ${relative(outDir, file)}`);

const problems = checkOutcome(results);
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\nThe quickstart did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}

function note(r: AlertResult): string {
  if (r.status === 'sent' && r.attempts > 1) return 'retried after 429 (Retry-After: 1)';
  if (r.messageId === undefined) return '';
  return `id ${r.messageId.length > 36 ? `${r.messageId.slice(0, 35)}…` : r.messageId}`;
}

/** The demo checks itself: routing, throttle and retry must all have shown. */
function checkOutcome(all: AlertResult[]): string[] {
  const by = (channel: string) => all.filter((r) => r.channel === channel);
  const out: string[] = [];
  if (all.some((r) => r.status === 'failed')) out.push('a delivery failed');
  if (rows.length !== alerts.length * channelCount)
    out.push('every (alert, channel) should have a row, filtered ones included');
  if (by('audit-webhook').length !== alerts.length) out.push('the webhook should get every level');
  if (by('team-slack').length !== 6) out.push('Slack should get WARNING and above (6 alerts)');
  if (by('incident-resend').length !== 5) out.push('Resend should get ERROR and above (5 alerts)');
  if (by('team-teams').length !== 5) out.push('Teams should get ERROR and above (5 alerts)');
  if (by('oncall-pagerduty').filter((r) => r.status === 'sent').length !== 4)
    out.push('PagerDuty should get the 4 critical alerts');
  if (by('oncall-email').filter((r) => r.status === 'throttled').length !== 2)
    out.push('email should throttle 2 of 4 critical alerts');
  if (!by('team-slack').some((r) => r.attempts === 2 && r.status === 'sent'))
    out.push('Slack should succeed on a retry after its 429');
  return out;
}
