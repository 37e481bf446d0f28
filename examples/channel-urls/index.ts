/**
 * Channels declared with no config file at all: one environment variable,
 * TOCSIN_CHANNELS, holding one URL per channel (Apprise's and Shoutrrr's form). The local
 * sinks stand in for Slack, Teams, PagerDuty, an SMTP server and a webhook receiver on
 * 127.0.0.1; each URL points at one of them.
 *
 *   npx -y pnpm@10.34.9 --filter @tocsin/example-channel-urls start
 */
import { AlertManager, type AlertResult, ConfigError, loadConfig } from '@tocsin/core';
import { printTable } from '@tocsin/example-shared/console';
import { startLocalSinks } from '@tocsin/test-kit';

const sinks = await startLocalSinks();
const local = (url: string) => new URL(url).host; // 127.0.0.1:<port>
const teams = new URL(sinks.env.TEAMS_WEBHOOK_URL as string);
const ROUTING_KEY = 'R0ut1ngKeyOfTheUrlExample0000000';

// In a service this is set by the deployment, e.g. from a secret store.
process.env.TOCSIN_CHANNELS = [
  `slack://T00000000/B00000000/LocalSinkToken0?base_url=http://${local(sinks.slack.url)}&allow_insecure_http=yes&min_level=warning`,
  `teams://${teams.host}${teams.pathname}${teams.search}&allow_insecure_http=yes&min_level=error`,
  `pagerduty://${ROUTING_KEY}?base_url=${sinks.env.PAGERDUTY_BASE_URL}&min_level=critical&name=pager`,
  `smtp://${sinks.env.SMTP_HOST}:${sinks.env.SMTP_PORT}?from=alerts@example.com&to=oncall@example.com&min_level=critical`,
  `webhook+http://${local(sinks.webhook.url)}/alerts`,
].join(' ');

// No file: the channels come from TOCSIN_CHANNELS alone, each keyed by its scheme (or `name`).
const manager = await AlertManager.fromConfig();
console.log(`Channels from TOCSIN_CHANNELS: ${manager.channels.join(', ')}\n`);

const alerts = [
  { title: 'Cache hit rate low', level: 'warning', labels: { service: 'web' } },
  { title: 'Payments failing', level: 'error', labels: { service: 'payments' } },
  { title: 'Primary database down', level: 'critical', labels: { host: 'db1' } },
] as const;
const rows: string[][] = [];
const results: AlertResult[] = [];
for (const alert of alerts) {
  const mine = await manager.send(alert);
  results.push(...mine);
  rows.push([alert.title, alert.level.toUpperCase(), mine.map((r) => r.channel).join(', ')]);
}
printTable(['alert', 'level', 'sent to'], rows);
await manager.close();

// A wrong URL is refused naming the part that is wrong, never showing the secret in it.
const token = 'sEcReTtOkEn0123456789';
const refused = await loadConfig(undefined, {
  env: { TOCSIN_CHANNELS: `slack://T00000000/${token}` },
}).catch((error: unknown) => error);
console.log(`\nA bad URL: ${(refused as Error).message}`);

const problems: string[] = [];
const sent = (channel: string) =>
  results.filter((r) => r.channel === channel && r.status === 'sent').length;
if (results.some((r) => r.status === 'failed')) problems.push('a delivery failed');
if (sent('webhook') !== 3) problems.push('the webhook should get all 3 alerts');
if (sent('slack') !== 3) problems.push('Slack should get WARNING and above (3)');
if (sent('teams') !== 2) problems.push('Teams should get ERROR and above (2)');
if (sent('pager') !== 1 || sent('smtp') !== 1) problems.push('PagerDuty and email: CRITICAL only');
if (sinks.pagerduty.requests.length !== 1 || sinks.smtp.messages.length !== 1)
  problems.push('the PagerDuty and SMTP sinks should each have one message');
if (!ConfigError.isInstance(refused) || (refused as Error).message.includes(token))
  problems.push('the bad URL should be a ConfigError that does not show its token');
await sinks.close();
if (problems.length > 0) {
  console.error(`\nThe example did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
