/**
 * Email alerts through Resend's API with ResendChannel:
 *   1. two alerts: the id Resend returns for each, and the Idempotency-Key each request carried;
 *   2. a retry: the API fails once (500), core retries, and the retry carries the same
 *      Idempotency-Key, so Resend would send the email once however often it is retried.
 *
 * By default the API is a Resend-like server on 127.0.0.1 (`baseUrl`), which also shows
 * what each request carried. With RESEND_API_KEY set it sends through Resend (part 1 only).
 *
 *   pnpm start
 */
import { randomBytes } from 'node:crypto';
import { type AlertInput, AlertManager, type AlertResult } from '@tocsin/core';
import { levelOf, printTable, section, setting } from '@tocsin/example-shared/console';
import { ResendChannel } from '@tocsin/resend';
import { type LocalSinks, startLocalSinks } from '@tocsin/test-kit';

const started = performance.now();
const problems: string[] = [];
const smoke = process.env.TOCSIN_EXAMPLE_SMOKE === '1'; // CI: always the local API
const realKey = smoke ? undefined : setting('RESEND_API_KEY');
const sinks: LocalSinks | undefined = realKey === undefined ? await startLocalSinks() : undefined;
// Local mode: a made-up key, checked on arrival and never printed.
const apiKey = realKey ?? `re_local_${randomBytes(9).toString('base64url')}`;

const channel = new ResendChannel({
  apiKey,
  from:
    realKey === undefined
      ? 'Tocsin alerts <alerts@example.com>'
      : (setting('ALERT_FROM') ?? 'Tocsin <onboarding@resend.dev>'),
  to:
    realKey === undefined
      ? ['oncall@example.com', 'backup@example.com']
      : (setting('ALERT_TO') ?? 'delivered@resend.dev').split(',').map((a) => a.trim()),
  subjectPrefix: '[PROD ALERT]',
  tags: { source: 'tocsin-example' },
  // Local mode: the Resend-like server; otherwise RESEND_BASE_URL or Resend's API.
  ...(sinks === undefined ? {} : { baseUrl: sinks.env.RESEND_BASE_URL }),
});
// A 500 is retried after a short random backoff (at most 0.5 s here).
const manager = new AlertManager({ retry: { baseDelay: 0.5 } }).addChannel(channel, {
  minLevel: 'error',
  maxRetries: 3,
});

console.log(
  sinks === undefined
    ? 'Tocsin resend: sending through Resend (RESEND_API_KEY is set)'
    : `Tocsin resend: sending to a local Resend-like API at ${sinks.resend.url} (set RESEND_API_KEY to use Resend)`,
);
console.log(`Channel: ${String(channel)}`); // the API key is not part of it

// 1. Two alerts ------------------------------------------------------------------------
section('1. Two alerts: the id Resend returned and the Idempotency-Key it saw');
const alerts: AlertInput[] = [
  { title: 'Payments API down', body: '5xx rate 40% for 5 min', level: 'critical' },
  {
    // A stable id of your own makes the key stable too, across processes and restarts.
    id: 'orders-queue-backlog-2026-11-23',
    title: 'Order queue backlog above 50k',
    body: 'worker-3 stopped consuming',
    level: 'error',
    labels: { service: 'orders' },
  },
];
const results = await manager.send(alerts);
const rows = results.map((r, i) => [
  levelOf(alerts[i] as AlertInput),
  alerts[i]?.title ?? '',
  outcome(r),
  r.messageId ?? '-',
  keysFor(r).join(', ') || (sinks === undefined ? '(not echoed by Resend)' : '-'),
]);
printTable(['level', 'alert', 'result', 'id returned', 'Idempotency-Key seen'], rows);
for (const [i, r] of results.entries()) {
  if (r.status !== 'sent') {
    problems.push(`"${alerts[i]?.title}" was not sent (${r.error})`);
    continue;
  }
  if (r.messageId === undefined) problems.push(`"${alerts[i]?.title}": no id returned`);
  if (sinks !== undefined) {
    const keys = keysFor(r);
    if (keys.length !== 1 || !keys[0]?.startsWith(`tocsin-alert/${r.alertId}/`))
      problems.push(
        `"${alerts[i]?.title}": expected one request keyed tocsin-alert/${r.alertId}/…`,
      );
  }
}
if (sinks !== undefined && new Set(results.flatMap(keysFor)).size !== 2)
  problems.push('two different alerts should carry two different keys');

// 2. A retry keeps the key ---------------------------------------------------------------
if (sinks !== undefined) {
  section('2. A retry: the API answers 500 once, then 200');
  sinks.resend.reply({
    status: 500,
    body: { statusCode: 500, name: 'application_error', message: 'An unexpected error occurred.' },
  });
  const before = sinks.resend.requests.length;
  const [retried] = await manager.send({
    title: 'Disk full on db1',
    body: '/var/lib/postgresql at 100%',
    level: 'critical',
  });
  const attempts = sinks.resend.requests.slice(before);
  printTable(
    ['attempt', 'answer', 'Idempotency-Key'],
    attempts.map((request, i) => [
      String(i + 1),
      i === 0 ? '500 application_error' : `200 ${retried?.messageId ?? ''}`,
      header(request.headers['idempotency-key']),
    ]),
  );
  console.log(
    `\nResult: ${outcome(retried)}; both attempts carried one key, so Resend sends it once.`,
  );
  const keys = new Set(attempts.map((request) => header(request.headers['idempotency-key'])));
  if (retried?.status !== 'sent' || retried.attempts !== 2 || attempts.length !== 2)
    problems.push(`the retried alert should be sent in 2 attempts; got ${outcome(retried)}`);
  if (keys.size !== 1 || ![...keys][0]?.startsWith(`tocsin-alert/${retried?.alertId}/`))
    problems.push('both attempts should carry the same Idempotency-Key');
}

const stats = manager.stats;
console.log(
  `\nStats: ${stats.totalAlerts} alerts; sent ${stats.totalSent}, failed ${stats.totalFailed}, retries ${stats.totalRetries}`,
);
await manager.close();

// What the API received ----------------------------------------------------------------
if (sinks !== undefined) {
  const requests = sinks.resend.requests;
  const first = requests[0]?.json() as
    | { from?: string; to?: string[]; subject?: string; html?: string; tags?: unknown }
    | undefined;
  section(`What the local API received: ${requests.length} requests`);
  console.log(
    `  ${requests[0]?.method} ${requests[0]?.url}, Authorization: Bearer re_*** (masked here)`,
  );
  console.log(`  from ${first?.from}, to ${first?.to?.join(', ')}`);
  console.log(`  subject "${first?.subject}", text and ${first?.html ? 'HTML' : 'no HTML'}`);
  if (requests.some((r) => r.method !== 'POST' || r.url !== '/emails'))
    problems.push('every request should be POST /emails');
  if (requests.some((r) => r.headers.authorization !== `Bearer ${apiKey}`))
    problems.push('every request should carry the API key as a bearer token');
  if (first?.subject !== '[PROD ALERT] [CRITICAL] Payments API down' || !first.html)
    problems.push('the first email should have the subject and an HTML part');
  await sinks.close();
}

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\nresend did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}

// -----------------------------------------------------------------------------------------

/** The Idempotency-Key of every request the local API got for this result's alert. */
function keysFor(result: AlertResult): string[] {
  return (sinks?.resend.requests ?? [])
    .map((request) => header(request.headers['idempotency-key']))
    .filter((key) => key.startsWith(`tocsin-alert/${result.alertId}/`));
}

function header(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function outcome(result: AlertResult | undefined): string {
  if (result === undefined) return 'no result';
  if (result.status === 'sent')
    return result.attempts > 1 ? `sent after ${result.attempts} attempts` : 'sent';
  return `${result.status}: ${result.error ?? ''}`;
}
