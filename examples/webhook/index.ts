/**
 * Signed HTTP webhooks with WebhookChannel, and their verification on the receiving side:
 *   1. alerts signed with a shared secret; the receiver checks each request's
 *      `tocsin-signature` with verifyWebhookSignature as it arrives and answers 401 if it fails;
 *   2. what the check refuses: a tampered body, a replayed request; and a rotation (two secrets);
 *   3. a sender with the wrong secret: 401, not retried;
 *   4. the 'alertmanager' format: the body Prometheus Alertmanager posts to its webhooks.
 *
 * By default the receiver runs on 127.0.0.1. With WEBHOOK_URL (and WEBHOOK_SECRET) set,
 * parts 1 and 4 post to that URL instead (see README.md).
 *
 *   pnpm start
 */
import { randomBytes } from 'node:crypto';
import { type AlertInput, AlertManager, type AlertResult, maskUrl } from '@tocsin/core';
import { levelOf, printTable, section, setting } from '@tocsin/example-shared/console';
import { type LocalSinks, type RecordedRequest, startLocalSinks } from '@tocsin/test-kit';
import {
  type AlertmanagerWebhookPayload,
  IDEMPOTENCY_HEADER,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  WebhookChannel,
} from '@tocsin/webhook';

const started = performance.now();
const problems: string[] = [];
const smoke = process.env.TOCSIN_EXAMPLE_SMOKE === '1'; // CI: always the local receiver
const realUrl = smoke ? undefined : setting('WEBHOOK_URL');
// The shared secret (16+ characters). Made up for a local run; never printed.
const secret = (realUrl && setting('WEBHOOK_SECRET')) || randomBytes(24).toString('base64url');

// The receiving side: every request is checked as it arrives, then answered 200 or 401.
const sinks: LocalSinks | undefined = realUrl === undefined ? await startLocalSinks() : undefined;
const verdicts = new Map<RecordedRequest, boolean>();
sinks?.webhook.setDefault((request) => {
  const valid = verifyWebhookSignature({
    payload: request.body, // the raw body, exactly as received
    header: request.headers[WEBHOOK_SIGNATURE_HEADER],
    secret,
  });
  verdicts.set(request, valid);
  return valid
    ? { status: 200, body: { ok: true } }
    : { status: 401, body: { error: 'invalid signature' } };
});
const receiver = sinks?.webhook.url;

console.log(
  realUrl === undefined
    ? `Tocsin webhook: posting to a local receiver at ${receiver} that verifies every signature (set WEBHOOK_URL to post elsewhere)`
    : `Tocsin webhook: posting to ${maskUrl(realUrl)} (WEBHOOK_URL), ${setting('WEBHOOK_SECRET') ? 'signed with WEBHOOK_SECRET' : 'signed with a made-up secret (set WEBHOOK_SECRET)'}`,
);

const manager = new AlertManager()
  .addChannel(new WebhookChannel({ url: realUrl ?? `${receiver}/alerts`, secret }), {
    key: 'audit',
  })
  .addChannel(
    new WebhookChannel({
      url: realUrl ?? `${receiver}/alertmanager`,
      secret,
      format: 'alertmanager',
      name: 'alertmanager',
    }),
    { minLevel: 'critical' },
  );

// 1. Signed alerts, verified on arrival -------------------------------------------------
section("1. Signed alerts ('tocsin' format), checked by the receiver as they arrive");
const alerts: AlertInput[] = [
  { title: 'Nightly backup finished', body: '41 GB in 12 min', level: 'info' },
  {
    title: 'Disk 85% full',
    body: 'db1:/var/lib/postgresql',
    level: 'warning',
    labels: { host: 'db1' },
  },
  {
    title: 'Primary database unreachable',
    body: 'No answer for 30 s; failover started',
    level: 'critical',
    labels: { host: 'db1', service: 'postgres' },
  },
];
const results = await manager.send(alerts);
const audit = results.filter((r) => r.channel === 'audit');
printTable(
  ['level', 'alert', 'signature on arrival', 'result'],
  audit.map((r, i) => {
    const request = requestFor(r, '/alerts');
    return [
      levelOf(alerts[i] as AlertInput),
      alerts[i]?.title ?? '',
      request === undefined ? '(remote receiver)' : verdicts.get(request) ? 'valid' : 'INVALID',
      outcome(r),
    ];
  }),
);
for (const r of results)
  if (r.status !== 'sent') problems.push(`part 1: ${r.channel} did not deliver (${r.error})`);
if (
  sinks !== undefined &&
  audit.some((r) => verdicts.get(requestFor(r, '/alerts') as RecordedRequest) !== true)
)
  problems.push('part 1: every signed request should pass the check');

if (sinks === undefined)
  console.log(
    '\n(Parts 2 and 3 check signatures on the local receiver: unset WEBHOOK_URL to see them.)',
  );

// 2. What the check refuses ---------------------------------------------------------------
const sample = sinks === undefined ? undefined : requestFor(audit[2] as AlertResult, '/alerts');
if (sample !== undefined) {
  section('2. verifyWebhookSignature on the CRITICAL request, as received and altered');
  const header = sample.headers[WEBHOOK_SIGNATURE_HEADER];
  const tampered = sample.body.replace(
    '"level":30,"levelName":"CRITICAL"',
    '"level":10,"levelName":"INFO"',
  );
  const otherSecret = randomBytes(24).toString('base64url');
  const check = (payload: string, options: { now?: number; secret?: string | string[] } = {}) =>
    verifyWebhookSignature({ payload, header, secret, ...options });
  const cases: Array<[string, boolean, boolean]> = [
    ['the body as received', check(sample.body), true],
    ['the body altered (CRITICAL turned into INFO)', check(tampered), false],
    [
      'replayed 10 minutes later (tolerance 300 s)',
      check(sample.body, { now: Date.now() + 600_000 }),
      false,
    ],
    ['checked with another secret', check(sample.body, { secret: otherSecret }), false],
    [
      'rotation: [new secret, old secret]',
      check(sample.body, { secret: [otherSecret, secret] }),
      true,
    ],
  ];
  console.log(
    `  ${WEBHOOK_SIGNATURE_HEADER}: ${String(header).replace(/v1=(\w{12})\w+/, 'v1=$1…')}\n`,
  );
  printTable(
    ['case', 'verifyWebhookSignature'],
    cases.map(([what, got]) => [what, got ? 'true (accept)' : 'false (answer 401)']),
  );
  if (tampered === sample.body) problems.push('part 2: could not alter the body');
  for (const [what, got, want] of cases)
    if (got !== want) problems.push(`part 2: ${what}: expected ${want}, got ${got}`);
}

// 3. The wrong secret is refused ----------------------------------------------------------
if (sinks !== undefined) {
  section('3. A sender with the wrong secret');
  // Posts with a secret the receiver does not know: it must be refused.
  const impostor = new AlertManager().addChannel(
    new WebhookChannel({
      url: `${receiver}/alerts`,
      secret: randomBytes(24).toString('base64url'),
    }),
    { key: 'impostor' },
  );
  const [refused] = await impostor.send({ title: 'Forged alert', level: 'critical' });
  console.log(`  impostor: ${outcome(refused)}`);
  const request = refused === undefined ? undefined : requestFor(refused, '/alerts');
  console.log(
    `  the receiver's check: ${request && verdicts.get(request) === false ? 'invalid, answered 401' : '?'}`,
  );
  if (refused?.status !== 'failed' || refused.attempts !== 1 || !refused.error?.includes('401'))
    problems.push('part 3: a request with the wrong secret should fail with 401, without retries');
  await impostor.close();
}

// 4. The 'alertmanager' format ------------------------------------------------------------
section("4. The 'alertmanager' format (CRITICAL alerts only, on another channel)");
const forwarded = results.filter((r) => r.channel === 'alertmanager');
const amRequest =
  forwarded[0] === undefined ? undefined : requestFor(forwarded[0], '/alertmanager');
if (amRequest !== undefined) {
  const body = amRequest.json() as AlertmanagerWebhookPayload;
  const first = body.alerts[0];
  console.log(`  signature on arrival: ${verdicts.get(amRequest) ? 'valid' : 'INVALID'}`);
  console.log(
    JSON.stringify(
      {
        version: body.version,
        status: body.status,
        receiver: body.receiver,
        groupKey: body.groupKey,
        alerts: [
          {
            status: first?.status,
            labels: first?.labels,
            annotations: first?.annotations,
            startsAt: first?.startsAt,
            fingerprint: first?.fingerprint,
          },
        ],
      },
      null,
      2,
    )
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  if (
    body.version !== '4' ||
    body.receiver !== 'alertmanager' ||
    first?.labels.alertname !== 'Primary database unreachable' ||
    first.labels.severity !== 'critical' ||
    first.labels.host !== 'db1' ||
    !/^[0-9a-f]{16}$/.test(first.fingerprint) ||
    verdicts.get(amRequest) !== true
  )
    problems.push('part 4: the Alertmanager body is not as expected');
} else {
  console.log(`  ${forwarded.map(outcome).join(', ') || 'nothing sent'}`);
}
if (forwarded.length !== 1) problems.push('part 4: only the CRITICAL alert should be forwarded');

const stats = manager.stats;
console.log(
  `\nStats: ${stats.totalAlerts} alerts; sent ${stats.totalSent}, failed ${stats.totalFailed}, filtered ${stats.totalFiltered}`,
);
await manager.close();
await sinks?.close();

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\nwebhook did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}

// -----------------------------------------------------------------------------------------

/** The request the local receiver got on `path` for this result's alert (by idempotency key). */
function requestFor(result: AlertResult, path: string): RecordedRequest | undefined {
  return sinks?.webhook.requests.find(
    (r) => r.url === path && r.headers[IDEMPOTENCY_HEADER] === result.alertId,
  );
}

function outcome(result: AlertResult | undefined): string {
  if (result === undefined) return 'no result';
  if (result.status === 'sent') return 'sent';
  return `${result.status} after ${result.attempts} attempt(s): ${result.error ?? ''}`;
}
