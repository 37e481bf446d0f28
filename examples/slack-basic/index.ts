/**
 * Slack alerts, kstlib's slack_basic.py in TypeScript:
 *   1. one Slack channel, alerts at three levels;
 *   2. two Slack channels, `hb` (alias `heartbeat`, INFO and above) and `wd` (alias
 *      `watchdog`, WARNING and above, @here on CRITICAL): sending to one by key, a batch
 *      to the other by alias, with the timestamp in the title, then broadcasts that the
 *      level filter routes.
 *
 * By default it posts to a Slack stand-in on 127.0.0.1 and checks what arrived. With
 * SLACK_WEBHOOK_URL set (and optionally SLACK_WATCHDOG_WEBHOOK_URL) it posts to Slack.
 *
 *   pnpm start
 */
import { type AlertInput, AlertManager, type AlertResult, maskUrl } from '@tocsin/core';
import { levelOf, printTable, section, setting } from '@tocsin/example-shared/console';
import { SlackChannel } from '@tocsin/slack';
import { type LocalSinks, startLocalSinks } from '@tocsin/test-kit';

const started = performance.now();
const problems: string[] = [];
const smoke = process.env.TOCSIN_EXAMPLE_SMOKE === '1'; // CI: always the local stand-in
const realUrl = smoke ? undefined : setting('SLACK_WEBHOOK_URL');
const realWatchdogUrl =
  realUrl === undefined ? undefined : (setting('SLACK_WATCHDOG_WEBHOOK_URL') ?? realUrl);

// Local mode: a Slack-like endpoint on 127.0.0.1; each webhook gets its own path.
const sinks: LocalSinks | undefined = realUrl === undefined ? await startLocalSinks() : undefined;
const local = (name: string) => `${sinks?.slack.url}/services/T00000000/B00000000/${name}`;
const urls = {
  main: realUrl ?? local('main'),
  heartbeat: realUrl ?? local('heartbeat'),
  watchdog: realWatchdogUrl ?? local('watchdog'),
};
const slack = (webhookUrl: string, options: { mention?: string } = {}) =>
  new SlackChannel({
    webhookUrl,
    allowInsecureHttp: sinks !== undefined, // the stand-in speaks plain http
    username: 'tocsin-example',
    iconEmoji: ':robot_face:',
    ...options,
  });

console.log(
  sinks === undefined
    ? `Tocsin slack-basic: posting to Slack (${maskUrl(urls.main)})`
    : `Tocsin slack-basic: posting to a local Slack stand-in at ${sinks.slack.url} (set SLACK_WEBHOOK_URL to use Slack)`,
);

// 1. One channel, three levels ---------------------------------------------------------
section('1. One Slack channel, alerts at three levels');
const single = new AlertManager().addChannel(slack(urls.main));
const levels: AlertInput[] = [
  {
    title: 'Deployment started',
    body: 'Starting deployment of version 2.1.0 to production',
    level: 'info',
  },
  {
    title: 'High memory usage',
    body: 'Server api-1 memory at 85%. Consider scaling up.',
    level: 'warning',
    labels: { host: 'api-1' },
  },
  {
    title: 'Database connection lost',
    body: 'Primary database connection failed. Failover in progress.',
    level: 'critical',
    labels: { service: 'db' },
  },
];
const rows: string[][] = [];
for (const alert of levels) {
  const [result] = await single.send(alert);
  rows.push([levelOf(alert), alert.title, outcome(result)]);
  if (result?.status !== 'sent')
    problems.push(`part 1: "${alert.title}" was not delivered (${result?.error})`);
}
printTable(['level', 'alert', 'result'], rows);
await single.close();
if (sinks !== undefined) {
  const got = received('main').map((body) => body.blocks?.[0]?.text?.text ?? '');
  console.log(`\nThe stand-in received ${got.length} messages; their headers:`);
  for (const header of got) console.log(`  ${header}`);
  if (got.length !== 3 || !levels.every((a, i) => got[i]?.includes(a.title)))
    problems.push('part 1: the stand-in should have received the three alerts, in order');
}

// 2. Two channels: targeting by key and alias, then broadcast -----------------------------
section('2. Two channels: hb (heartbeat, INFO+) and wd (watchdog, WARNING+, @here on CRITICAL)');
const manager = new AlertManager()
  .addChannel(slack(urls.heartbeat), { key: 'hb', alias: 'heartbeat', minLevel: 'info' })
  .addChannel(slack(urls.watchdog, { mention: '@here' }), {
    key: 'wd',
    alias: 'watchdog',
    minLevel: 'warning',
  });

const steps: Array<{ what: string; alerts: AlertInput[]; channel?: string; expect: string[] }> = [
  {
    what: "to key 'hb'",
    channel: 'hb',
    alerts: [{ title: 'Heartbeat check', body: "Targeted to 'hb' only", timestampInTitle: true }],
    expect: ['hb'],
  },
  {
    what: "batch of 2 to alias 'watchdog'",
    channel: 'watchdog',
    alerts: [1, 2].map((n) => ({
      title: `Watchdog alert ${n}`,
      body: `Targeted to the 'watchdog' alias, message ${n} of 2`,
      level: 'warning',
      timestampInTitle: true,
    })),
    expect: ['wd', 'wd'],
  },
  {
    what: 'broadcast INFO',
    alerts: [{ title: 'Nightly backup finished', level: 'info' }],
    expect: ['hb'],
  },
  {
    what: 'broadcast WARNING',
    alerts: [{ title: 'Disk 85% full', body: 'db1:/var/lib/postgresql', level: 'warning' }],
    expect: ['hb', 'wd'],
  },
  {
    what: 'broadcast CRITICAL',
    alerts: [{ title: 'Primary database unreachable', level: 'critical' }],
    expect: ['hb', 'wd'],
  },
];
const routed: string[][] = [];
for (const step of steps) {
  const results = await manager.send(
    step.alerts,
    step.channel === undefined ? {} : { channel: step.channel },
  );
  const first = step.alerts[0] as AlertInput;
  routed.push([
    step.what,
    `${levelOf(first)} ${first.title}${step.alerts.length > 1 ? ` (+${step.alerts.length - 1})` : ''}`,
    results.map((r) => `${r.channel}: ${outcome(r)}`).join(', ') || 'no channel matched',
  ]);
  const got = results.map((r) => r.channel);
  const failed = results.find((r) => r.status !== 'sent');
  if (got.join() !== step.expect.join())
    problems.push(
      `part 2, ${step.what}: routed to ${got.join(', ') || 'no channel'}; expected ${step.expect.join(', ')}`,
    );
  else if (failed !== undefined)
    problems.push(`part 2, ${step.what}: not delivered (${failed.error})`);
}
printTable(['send', 'alert', 'delivered to'], routed);

const stats = manager.stats;
console.log(
  `\nStats: ${stats.totalAlerts} alerts; sent ${stats.totalSent}, failed ${stats.totalFailed}, filtered ${stats.totalFiltered} (INFO is below wd's WARNING)`,
);
await manager.close();

if (sinks !== undefined) {
  const heartbeat = received('heartbeat');
  const watchdog = received('watchdog');
  console.log(
    `The stand-in received ${heartbeat.length} messages on hb's webhook and ${watchdog.length} on wd's.`,
  );
  const mentions = watchdog.filter((m) => m.text?.startsWith('<!here>')).length;
  console.log(`@here reached Slack ${mentions} time(s): on the CRITICAL broadcast, on wd only.`);
  if (heartbeat.length !== 4 || watchdog.length !== 4)
    problems.push('part 2: each webhook should have received 4 messages');
  if (mentions !== 1 || heartbeat.some((m) => m.text?.includes('<!here>')))
    problems.push('part 2: @here should go out once, with the CRITICAL alert, on wd only');
  if (!heartbeat[0]?.blocks?.[0]?.text?.text?.match(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ::: /))
    problems.push('part 2: the targeted heartbeat should carry the timestamp in its title');
  if (heartbeat.some((m) => m.username !== 'tocsin-example' || m.icon_emoji !== ':robot_face:'))
    problems.push('the messages should carry the username and icon_emoji');
  await sinks.close();
}

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\nslack-basic did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}

// -----------------------------------------------------------------------------------------

interface SlackBody {
  text?: string;
  username?: string;
  icon_emoji?: string;
  blocks?: Array<{ text?: { text?: string } }>;
}

/** The JSON bodies the stand-in received on one webhook path. */
function received(name: string): SlackBody[] {
  return (sinks?.slack.requests ?? [])
    .filter((r) => r.url.endsWith(`/${name}`))
    .map((r) => r.json() as SlackBody);
}

function outcome(result: AlertResult | undefined): string {
  if (result === undefined) return 'filtered (level too low)';
  if (result.status === 'sent')
    return result.attempts > 1 ? `sent after ${result.attempts} attempts` : 'sent';
  return `${result.status}: ${result.error ?? ''}`;
}
