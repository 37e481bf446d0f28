/**
 * An incident's whole life, on local stand-ins for Slack and PagerDuty: the database goes
 * down (PagerDuty pages, Slack gets one digest of the alerts of the first second), its
 * warnings are inhibited while the critical alert fires, a silence covers the maintenance
 * that fixes it, then `resolve()` sends the RESOLVED notices: Slack in green, PagerDuty a
 * `resolve` event for the same dedup_key. The next failure opens a new incident.
 *
 *   pnpm start
 */
import { type AlertInput, AlertManager, type AlertResult } from '@tocsin/core';
import { section } from '@tocsin/example-shared/console';
import { PagerDutyChannel } from '@tocsin/pagerduty';
import { SlackChannel } from '@tocsin/slack';
import { startLocalSinks } from '@tocsin/test-kit';

const started = performance.now();
const problems: string[] = [];
const expect = (what: string, ok: boolean) => {
  if (!ok) problems.push(what);
};
const statuses = (results: AlertResult[]) => results.map((r) => `${r.channel}: ${r.status}`);

const sinks = await startLocalSinks();
const manager = new AlertManager({
  // While a critical alert of a service fires, its warnings are held back.
  inhibitRules: [
    {
      sourceMatchers: ['level="critical"'],
      targetMatchers: ['level="warning"'],
      equal: ['service'],
    },
  ],
})
  .addChannel(
    new SlackChannel({
      webhookUrl: sinks.env.SLACK_WEBHOOK_URL as string,
      allowInsecureHttp: true, // the local stand-in speaks plain http
    }),
    {
      key: 'slack',
      // Alerts of one service within a second go out as one message.
      group: { by: ['service'], wait: 1 },
      sendResolved: true,
    },
  )
  .addChannel(
    new PagerDutyChannel({
      routingKey: 'R0UTINGKEY0EXAMPLE00000000000000',
      baseUrl: sinks.pagerduty.url,
    }),
    // Pages once per incident, and resolves it when the incident ends.
    { key: 'pager', minLevel: 'critical', repeatInterval: 'until-resolved', sendResolved: true },
  );

const down: AlertInput = {
  title: 'Database down',
  body: 'Primary db-1 refuses connections',
  level: 'critical',
  labels: { service: 'db', host: 'db-1' },
};
const lag = (n: number): AlertInput => ({
  title: 'Replica lag',
  body: `Replica db-2 is ${n * 10} s behind`,
  level: 'warning',
  labels: { service: 'db', host: 'db-2' },
});

console.log(
  `Tocsin lifecycle: one incident on a Slack stand-in (${sinks.slack.url}) and a PagerDuty one (${sinks.pagerduty.url})`,
);

section('1. The database goes down: PagerDuty pages, Slack groups the first second');
const fired = [
  ...(await manager.send(down)),
  ...(await manager.send({ ...down, body: 'Primary db-1 still refuses connections' })),
];
for (const line of statuses(fired)) console.log(`  ${line}`);
expect(
  'the first alert should page and be grouped on Slack; the second deduplicated on PagerDuty',
  statuses(fired).join() === 'slack: grouped,pager: sent,slack: grouped,pager: deduplicated',
);

section('2. Its warnings are inhibited while it fires');
const warnings = await manager.send([lag(1), lag(2), lag(3)]);
console.log(`  ${[...new Set(warnings.map((r) => r.status))].join(', ')}: ${warnings[0]?.error}`);
expect(
  'the warnings should be inhibited',
  warnings.every((r) => r.status === 'inhibited'),
);

// The group lets its batch go a second after its first alert.
await new Promise<void>((resolve) => manager.on('digest', () => resolve()));
const slackDigest = sinks.slack.requests[0]?.json() as { text?: string } | undefined;
console.log(`  Slack got one message for the first second: ${JSON.stringify(slackDigest?.text)}`);

section('3. Maintenance: a silence covers the database for an hour');
const silence = manager.silence({
  matchers: ['service="db"'],
  duration: '1h',
  comment: 'failover to db-2',
  createdBy: 'ana',
});
const during = await manager.send(down);
console.log(`  ${statuses(during).join(', ')} (silence ${silence})`);
expect(
  'alerts during maintenance should be silenced',
  during.every((r) => r.status === 'silenced'),
);

section('4. Fixed: the silence ends and the incident is resolved');
manager.expire(silence);
const resolved = await manager.resolve(down);
for (const line of statuses(resolved)) console.log(`  RESOLVED -> ${line}`);
expect(
  'Slack and PagerDuty should each get a RESOLVED notice',
  statuses(resolved).join() === 'slack: sent,pager: sent',
);
const firing = manager.active().map((f) => f.alert.title);
console.log(`  still firing: ${firing.join(', ')}`);
expect('the database should no longer fire', !firing.includes('Database down'));

section('5. The next failure is a new incident: it pages again');
const again = await manager.send(down);
console.log(`  ${statuses(again).join(', ')}`);
expect(
  'a new incident should page again',
  again.some((r) => r.channel === 'pager' && r.status === 'sent'),
);
await manager.close();

// What the stand-ins received ----------------------------------------------------------
section('What PagerDuty received');
const events = sinks.pagerduty.requests.map(
  (r) => r.json() as { event_action: string; dedup_key: string },
);
for (const event of events) console.log(`  ${event.event_action} ${event.dedup_key}`);
expect(
  'PagerDuty should get trigger, resolve, trigger for one dedup_key',
  events.map((e) => e.event_action).join() === 'trigger,resolve,trigger' &&
    new Set(events.map((e) => e.dedup_key)).size === 1,
);

section('What Slack received');
for (const request of sinks.slack.requests)
  console.log(`  ${(request.json() as { text?: string }).text?.split('\n')[0]}`);
const last = sinks.slack.requests.at(-1)?.json() as { text?: string } | undefined;
expect(
  'Slack should get the digest, the RESOLVED notice, then the new incident at close',
  sinks.slack.requests.length === 3 &&
    /resolved/i.test(JSON.stringify(sinks.slack.requests[1]?.json())) &&
    last?.text?.includes('Database down') === true,
);

const stats = manager.stats;
console.log(
  `\nStats: totalAlerts ${stats.totalAlerts}, grouped ${stats.totalGrouped}, inhibited ${stats.totalInhibited}, silenced ${stats.totalSilenced}, deduplicated ${stats.totalDeduplicated}, sent ${stats.totalSent}, digests.sent ${stats.digests.sent}, resolved.sent ${stats.resolved.sent}`,
);
expect(
  'the stats should count 3 inhibited, 2 silenced and 2 resolved notices',
  stats.totalInhibited === 3 && stats.totalSilenced === 2 && stats.resolved.sent === 2,
);
await sinks.close();

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\nlifecycle did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
