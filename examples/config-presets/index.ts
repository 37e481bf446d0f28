/**
 * One config file, two presets: dev against prod.
 *   1. loads tocsin.config.yaml three times (no preset, `preset: 'dev'`, `preset: 'prod'`)
 *      and prints the resolved throttle, timeout and retries side by side; TOCSIN_PRESET=prod
 *      gives the same as `preset: 'prod'`, and an unknown preset is an error listing the others;
 *   2. builds a manager per preset with AlertManager.fromConfig and sends the same burst of
 *      8 WARNING alerts through each: dev lets all through, prod 3 per channel.
 *
 * The channels point at local Slack and webhook stand-ins on 127.0.0.1 unless
 * SLACK_WEBHOOK_URL or WEBHOOK_URL are set (see README.md).
 *
 *   pnpm start
 */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AlertInput,
  AlertManager,
  type ChannelConfig,
  ConfigError,
  loadConfig,
  maskUrl,
  type TocsinConfig,
} from '@tocsin/core';
import { printTable, section } from '@tocsin/example-shared/console';
import { startLocalSinks } from '@tocsin/test-kit';

const started = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, 'tocsin.config.yaml');
const problems: string[] = [];
const smoke = process.env.TOCSIN_EXAMPLE_SMOKE === '1'; // CI: always the local stand-ins
const real = (name: string) => (smoke ? undefined : process.env[name]?.trim() || undefined);

// The ${VAR}s of the file: a real service when set, else a local stand-in.
const sinks = await startLocalSinks();
const env: Record<string, string | undefined> = {
  ...process.env,
  TOCSIN_PRESET: undefined, // chosen explicitly below
  SLACK_WEBHOOK_URL: real('SLACK_WEBHOOK_URL') ?? sinks.env.SLACK_WEBHOOK_URL,
  WEBHOOK_URL: real('WEBHOOK_URL') ?? sinks.env.WEBHOOK_URL,
};
const localSlack = real('SLACK_WEBHOOK_URL') === undefined;
const localWebhook = real('WEBHOOK_URL') === undefined;
const where = (name: string, local: boolean) =>
  local ? 'a local stand-in' : `${maskUrl(env[name] ?? '')} (from ${name})`;
console.log(`Tocsin config-presets: ${relative(process.cwd(), file) || file}`);
console.log(`  team-slack    -> ${where('SLACK_WEBHOOK_URL', localSlack)}`);
console.log(`  audit-webhook -> ${where('WEBHOOK_URL', localWebhook)}`);

// 1. The same file, resolved three ways -------------------------------------------------
section('1. tocsin.config.yaml resolved without a preset, with dev, with prod');
const base = await loadConfig(file, { env });
const dev = await loadConfig(file, { env, preset: 'dev' });
const prod = await loadConfig(file, { env, preset: 'prod' });
const configs = [base, dev, prod];
const slackOf = (c: TocsinConfig) => c.channels['team-slack'] as ChannelConfig;
const rows: Array<[string, (c: TocsinConfig) => unknown]> = [
  ['throttle.rate', (c) => (c.throttle === false ? 'off' : c.throttle.rate)],
  ['throttle.per (s)', (c) => (c.throttle === false ? 'off' : c.throttle.per)],
  ['throttle.burst', (c) => (c.throttle === false ? 'off' : c.throttle.burst)],
  ['channels.timeout (s)', (c) => c.defaults.timeout],
  ['channels.max_retries', (c) => c.defaults.maxRetries],
  ["team-slack's bucket", (c) => bucket(slackOf(c).throttle)],
  ["team-slack's retries", (c) => slackOf(c).maxRetries],
];
printTable(
  ['setting', 'no preset', 'preset dev', 'preset prod'],
  rows.map(([name, get]) => [name, ...configs.map((c) => String(get(c)))]),
);
const throttleOf = (c: TocsinConfig) => JSON.stringify([c.throttle, c.defaults]);
if (
  throttleOf(dev) !==
  JSON.stringify([
    { rate: 100, per: 60, burst: 20, shared: false },
    { timeout: 5, maxRetries: 0 },
  ])
)
  problems.push(`dev resolved to ${throttleOf(dev)}`);
if (
  throttleOf(prod) !==
  JSON.stringify([
    { rate: 10, per: 60, burst: 3, shared: false },
    { timeout: 30, maxRetries: 3 },
  ])
)
  problems.push(
    `prod should resolve to rate 10, per 60, burst 3, timeout 30, 3 retries; got ${throttleOf(prod)}`,
  );
if (base.preset !== undefined || dev.preset !== 'dev' || prod.preset !== 'prod')
  problems.push('each config should name the preset it applied');

// The environment variable chooses a preset too.
const fromEnv = await loadConfig(file, { env: { ...env, TOCSIN_PRESET: 'prod' } });
const same = fromEnv.preset === 'prod' && throttleOf(fromEnv) === throttleOf(prod);
console.log(
  `\nTOCSIN_PRESET=prod resolves ${same ? 'the same as' : 'DIFFERENTLY from'} { preset: 'prod' }.`,
);
if (!same) problems.push('TOCSIN_PRESET=prod should resolve as { preset: "prod" }');

// A preset that does not exist is an error that lists those that do.
try {
  await loadConfig(file, { env, preset: 'staging' });
  problems.push('an unknown preset should be an error');
} catch (error) {
  if (!ConfigError.isInstance(error)) throw error;
  console.log(
    `{ preset: 'staging' } throws a ConfigError:\n  ${error.message.replaceAll(here, '.').replace(/\n/g, '\n  ')}`,
  );
  if (!error.message.includes('defined presets are dev, prod'))
    problems.push('the unknown-preset error should list dev and prod');
}

// 2. The same burst through each preset -------------------------------------------------
section('2. The same burst of 8 WARNING alerts through a manager built from each preset');
const burst: AlertInput[] = Array.from({ length: 8 }, (_, i) => ({
  title: `Checkout latency p95 above 2 s (${i + 1}/8)`,
  body: 'eu-west-1, last 5 min',
  level: 'warning',
  labels: { service: 'checkout' },
}));
const table: string[][] = [];
const expected: Record<string, number> = { dev: 8, prod: 3 };
for (const config of [dev, prod]) {
  const preset = config.preset as string;
  const manager = await AlertManager.fromConfig(config);
  const results = await manager.send(burst);
  for (const key of manager.channels) {
    const mine = results.filter((r) => r.channel === key);
    const count = (status: string) => mine.filter((r) => r.status === status).length;
    table.push([
      preset,
      key,
      bucket(config.channels[key]?.throttle),
      ...['sent', 'throttled', 'failed'].map((s) => String(count(s))),
    ]);
    if (count('sent') !== expected[preset] || count('throttled') !== 8 - (expected[preset] ?? 0))
      problems.push(
        `${preset}, ${key}: expected ${expected[preset]} sent and ${8 - (expected[preset] ?? 0)} throttled; got ${count('sent')} and ${count('throttled')}${count('failed') ? ` (${mine.find((r) => r.status === 'failed')?.error})` : ''}`,
      );
  }
  await manager.close();
}
printTable(['preset', 'channel', 'bucket', 'sent', 'throttled', 'failed'], table);

const slackGot = sinks.slack.requests.length;
const webhookGot = sinks.webhook.requests.length;
console.log(
  `\nThe local stand-ins received: Slack ${localSlack ? slackGot : '(real)'}, webhook ${localWebhook ? webhookGot : '(real)'} (8 with dev + 3 with prod each).`,
);
if ((localSlack && slackGot !== 11) || (localWebhook && webhookGot !== 11))
  problems.push('each local stand-in should have received 11 requests');
await sinks.close();

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (problems.length > 0) {
  console.error(`\nconfig-presets did not behave as it should:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}

// -----------------------------------------------------------------------------------------

function bucket(throttle: ChannelConfig['throttle'] | undefined): string {
  if (throttle === undefined || throttle === false) return 'none';
  if (throttle === 'shared') return 'shared';
  return `${throttle.rate} per ${throttle.per} s, burst ${throttle.burst}`;
}
