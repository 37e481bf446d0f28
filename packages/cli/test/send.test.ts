// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { Readable } from 'node:stream';
import { type LocalSinks, startLocalSinks, type TempDir, tempDir } from '@tocsin/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, runCli } from './run-cli.js';

/** One config file, three kinds of channel, all pointed at local sinks through the environment. */
const CONFIG = `# yaml-language-server: $schema=../node_modules/@tocsin/core/schema/tocsin.schema.json
alerts:
  throttle: { rate: 10, per: 1m, burst: 5 }
  channels:
    timeout: 10s
    max_retries: 1
    ops-slack:
      type: slack
      webhook_url: \${SLACK_WEBHOOK_URL}
      allow_insecure_http: true      # the local sink speaks http
      min_level: warning
    audit:
      type: webhook
      url: \${WEBHOOK_URL}
      secret: !secret AUDIT_SIGNING_SECRET
    oncall:
      type: email
      transport:
        host: \${SMTP_HOST}
        port: \${SMTP_PORT}
      sender: Alerts <alerts@example.com>
      recipients: [oncall@example.com]
      subject_prefix: "[PROD]"
      min_level: critical
`;

const SIGNING_SECRET = 'audit-signing-secret-0123456789';

let sinks: LocalSinks;
let dir: TempDir;
let env: Record<string, string>;
beforeAll(async () => {
  sinks = await startLocalSinks();
  dir = await tempDir({ 'tocsin.config.yaml': CONFIG });
  env = { ...sinks.env, AUDIT_SIGNING_SECRET: SIGNING_SECRET };
});
afterAll(async () => {
  await sinks.close();
  await dir.remove();
});
afterEach(() => {
  sinks.slack.requests.length = 0;
  sinks.webhook.requests.length = 0;
  sinks.smtp.messages.length = 0;
});

/** Nothing that is a secret in this config may reach the terminal. */
function expectNoSecrets(text: string): void {
  expect(text).not.toContain(sinks.env.SLACK_WEBHOOK_URL);
  expect(text).not.toContain('local-sink');
  expect(text).not.toContain(SIGNING_SECRET);
}

describe('tocsin send', () => {
  it('delivers one alert from one config file to Slack, the webhook and SMTP', async () => {
    const run = await runCli(
      [
        'send',
        '--level',
        'critical',
        '--title',
        'Database connection lost',
        '--body',
        'Primary unreachable for 30 s',
        '--label',
        'host=db1',
        '--label',
        'env=prod',
      ],
      { cwd: dir.path, env },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.find((line) => line.startsWith('sent') && line.includes('ops-slack'))).toMatch(
      /^sent\s+ops-slack\s+slack\s+1 attempt\s+\d+ ms/,
    );
    expect(lines.find((line) => line.includes(' audit '))).toMatch(
      /^sent\s+audit\s+webhook\s+1 attempt/,
    );
    expect(lines.find((line) => line.includes(' oncall '))).toMatch(
      /^sent\s+oncall\s+email\s+1 attempt\s+\d+ ms\s+id <.+>$/,
    );
    expect(run.stdout).toContain('sent 3, failed 0, throttled 0, filtered 0, retries 0');
    expectNoSecrets(run.stdout);

    const [slack] = sinks.slack.requests;
    expect(slack?.url).toBe('/services/T00000000/B00000000/local-sink');
    expect(slack?.body).toContain('Database connection lost');
    const [hook] = sinks.webhook.requests;
    expect(hook?.json()).toMatchObject({
      title: 'Database connection lost',
      level: 30,
      labels: { host: 'db1', env: 'prod' },
    });
    expect(hook?.headers['tocsin-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const [mail] = sinks.smtp.messages;
    expect(mail?.subject).toBe('[PROD] [CRITICAL] Database connection lost');
    expect(mail?.envelope.to).toEqual(['oncall@example.com']);
    expect(mail?.text).toContain('Primary unreachable for 30 s');
  });

  it('sends what a group holds before it reports: the alert is sent in its digest, at once', async () => {
    const grouped = await tempDir({
      'tocsin.config.yaml': `alerts:
  channels:
    audit:
      type: webhook
      url: \${WEBHOOK_URL}
      group: { wait: 1h }
      repeat_interval: 4h
`,
    });
    try {
      const started = Date.now();
      const run = await runCli(['send', '--title', 'Disk full', '--json'], {
        cwd: grouped.path,
        env,
      });
      expect(run.code).toBe(0);
      expect(Date.now() - started).toBeLessThan(30_000);
      const out = JSON.parse(run.stdout);
      expect(out.results).toMatchObject([
        { channel: 'audit', status: 'sent', success: true, attempts: 1 },
      ]);
      expect(out.results[0].digestId).toEqual(expect.any(String));
      expect(out.stats).toMatchObject({ totalGrouped: 1, digests: { sent: 1, pendingAlerts: 0 } });
      expect(sinks.webhook.requests.map((r) => (r.json() as { title: string }).title)).toEqual([
        'Disk full',
      ]);
    } finally {
      await grouped.remove();
    }
  });

  it('routes by level: a warning skips the email channel, which is listed as filtered', async () => {
    const run = await runCli(['send', '-l', 'warning', '-t', 'Disk 85%'], { cwd: dir.path, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^filtered\s+oncall\s+email\s+-\s+-\s+takes CRITICAL and above$/m);
    expect(run.stdout).toContain('sent 2, failed 0, throttled 0, filtered 1');
    expect(sinks.smtp.messages).toHaveLength(0);
    expect(sinks.slack.requests).toHaveLength(1);
  });

  it('targets one channel with --channel (the level filter does not apply)', async () => {
    const run = await runCli(['send', '--title', 'only mail', '--channel', 'oncall'], {
      cwd: dir.path,
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('sent 1, failed 0');
    expect(sinks.smtp.messages).toHaveLength(1);
    expect(sinks.webhook.requests).toHaveLength(0);
  });

  it('exits 3 and says why when a delivery fails, secrets masked', async () => {
    sinks.slack.reply({ status: 404, body: 'no_service' });
    const run = await runCli(['send', '--level', 'error', '--title', 'half broken'], {
      cwd: dir.path,
      env,
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^FAILED\s+ops-slack\s+slack\s+1 attempt\s+\d+ ms\s+.*no_service/m);
    expect(run.stdout).toMatch(/^sent\s+audit/m);
    expect(run.stdout).toContain('sent 1, failed 1');
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('exits 3 when no channel takes the level', async () => {
    const quiet = await tempDir({
      'tocsin.config.yaml':
        'alerts:\n  channels:\n    mail:\n      type: email\n      transport: { host: "${SMTP_HOST}", port: "${SMTP_PORT}" }\n      sender: a@example.com\n      recipients: b@example.com\n      min_level: critical\n',
    });
    try {
      const run = await runCli(['send', '--title', 'fyi'], { cwd: quiet.path, env });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('no channel takes INFO alerts; nothing was sent');
    } finally {
      await quiet.remove();
    }
  });

  it('--dry-run sends nothing and shows who would get it', async () => {
    const run = await runCli(['send', '--level', 'warning', '--title', 'x', '--dry-run'], {
      cwd: dir.path,
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^would send\s+ops-slack\s+slack\s+timeout 10 s, max_retries 1$/m);
    expect(run.stdout).toMatch(/^would send\s+audit\s+webhook/m);
    expect(run.stdout).toMatch(/^filtered\s+oncall\s+email\s+takes CRITICAL and above$/m);
    expect(run.stdout).toContain('dry run: nothing was sent');
    expect(
      sinks.slack.requests.length + sinks.webhook.requests.length + sinks.smtp.messages.length,
    ).toBe(0);
  });

  it('--json prints the results and the stats', async () => {
    const run = await runCli(['send', '--level', 'critical', '--title', 'json please', '--json'], {
      cwd: dir.path,
      env,
    });
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as {
      results: Array<{ channel: string; status: string }>;
      stats: { totalSent: number };
    };
    expect(parsed.results.map((r) => [r.channel, r.status])).toEqual([
      ['ops-slack', 'sent'],
      ['audit', 'sent'],
      ['oncall', 'sent'],
    ]);
    expect(parsed.stats.totalSent).toBe(3);
    expectNoSecrets(run.stdout);
  });

  it('--body - reads the body from standard input', async () => {
    const run = await runCli(
      ['send', '--title', 'Backup failed', '--body', '-', '--channel', 'audit'],
      {
        cwd: dir.path,
        env,
        stdin: Readable.from(['pg_dump: error: connection lost\n', 'exit 1\n']),
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const body = JSON.parse(sinks.webhook.requests[0]?.body ?? '{}') as { body?: string };
    expect(body.body).toBe('pg_dump: error: connection lost\nexit 1');
  });

  it('--body - refuses more than 1 MiB of standard input, and sends nothing', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'x');
    const run = await runCli(['send', '--title', 't', '--body', '-'], {
      cwd: dir.path,
      env,
      stdin: Readable.from([big]),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--body -: standard input is larger than 1 MiB');
    expect(sinks.webhook.requests).toHaveLength(0);
  });

  it('refuses a bad command line with exit 2, on stderr, without a stack', async () => {
    const cases: Array<[string[], string]> = [
      [['send'], 'tocsin: --title is required\nSee `tocsin send --help`.\n'],
      [
        ['send', '--title', 'x', '--level', 'loud'],
        '--level must be one of INFO, SUCCESS, WARNING, ERROR, CRITICAL',
      ],
      [['send', '--title', 'x', '--label', 'novalue'], '--label must be key=value; got "novalue"'],
      [['send', '--title', 'x', '--lable', 'a=b'], 'unknown option --lable; did you mean --label?'],
      [
        ['send', '--title', 'x', '--channel', 'pager'],
        '--channel: No channel matches "pager" by key, alias or name (keys: ops-slack, audit, oncall)',
      ],
      [
        ['send', '--title', 'x', '--channel', 'pager', '--dry-run'],
        '--channel: no channel matches "pager"',
      ],
      [['sned'], 'unknown command "sned"; did you mean "send"?'],
    ];
    for (const [argv, expected] of cases) {
      const run = await runCli(argv, { cwd: dir.path, env });
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toContain(expected);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    }
    expect(sinks.slack.requests).toHaveLength(0);
  });
});

describe('the built `tocsin` bin', () => {
  // A child process on this Node (CI runs the suite on Node 20 and 24): the bin as npm
  // links it, resolving the channel packages itself.
  it('sends from a .ts config file', async () => {
    const ts = await tempDir({
      'tocsin.config.ts': `// A TypeScript config: types are stripped or compiled, whatever this Node can do.
type Level = 'warning' | 'critical';
const level: Level = 'warning';
export default {
  alerts: {
    channels: {
      'ops-slack': { type: 'slack', webhook_url: '\${SLACK_WEBHOOK_URL}', allow_insecure_http: true, min_level: level },
      audit: { type: 'webhook', url: '\${WEBHOOK_URL}' },
      oncall: {
        type: 'email',
        transport: { host: '\${SMTP_HOST}', port: '\${SMTP_PORT}' },
        sender: 'alerts@example.com',
        recipients: ['oncall@example.com'],
      },
    },
  },
};
`,
    });
    try {
      const run = await runBin(['send', '--level', 'critical', '--title', 'from the bin'], {
        cwd: ts.path,
        env,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('sent 3, failed 0');
      expect(sinks.slack.requests).toHaveLength(1);
      expect(sinks.webhook.requests).toHaveLength(1);
      expect(sinks.smtp.messages.map((m) => m.subject)).toEqual([
        '[ALERT] [CRITICAL] from the bin',
      ]);
      expectNoSecrets(run.stdout);

      const check = await runBin(['check'], { cwd: ts.path, env });
      expect(check.code).toBe(0);
      expect(check.stdout).toContain(`Config    ${ts.file('tocsin.config.ts')}`);
      expectNoSecrets(check.stdout);
    } finally {
      await ts.remove();
    }
    // Two child processes, each loading a TypeScript config (on Node 20, through the
    // TypeScript compiler): seconds each on a loaded 2-core machine.
  }, 60_000);

  it('exists where package.json#bin says', async () => {
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(BIN, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
