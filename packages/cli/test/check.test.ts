// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { tocsinConfigJsonSchema } from '@tocsin/core';
import { type TempDir, tempDir } from '@tocsin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_CHANNEL_DEFINITIONS } from '../src/channel-definitions.js';
import { runCli } from './run-cli.js';

const SECRETS = {
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0CHECK/B0CHECK/checksecretslack',
  SMTP_PASSWORD: 'smtp-check-password-77',
  HOOK_TOKEN: 'hook-token-abcdef123456',
  RESEND_API_KEY: 're_checkSecretKey_123456',
  SIGNING: 'signing-secret-for-the-check',
  REDIS_PASSWORD: 'redis-check-password-42',
};

const CONFIG = `alerts:
  throttle: { rate: 10, per: 60, burst: 5 }
  silences:
    - { matchers: ['host="db1"'], duration: 2h, comment: db1 maintenance, created_by: ana }
  resolve_timeout: 10m
  time_intervals:
    - { name: nights, time_intervals: [{ times: [{ start_time: "22:00", end_time: "24:00" }], location: Europe/Berlin }] }
  inhibit_rules:
    - { source_matchers: ['level="critical"'], target_matchers: ['level=~"warning|error"'], equal: [service] }
  heartbeats:
    nightly-backup: { cron: "0 2 * * *", timezone: Europe/Berlin, grace: 30m, level: critical }
    worker: { every: 5m }
  channels:
    timeout: 30
    max_retries: 2
    ops-slack:
      type: slack
      webhook_url: \${SLACK_WEBHOOK_URL}
      min_level: warning
      repeat_interval: 4h
      group: { by: [service], wait: 30s }
    oncall:
      type: email
      name: pager
      transport: { host: smtp.example.com, port: 587, username: alerts, password: !secret SMTP_PASSWORD }
      sender: alerts@example.com
      recipients: [oncall@example.com, backup@example.com]
      min_level: critical
      throttle: { rate: 2, per: 5m }
      burst: { threshold: 5, buffer: 15m, cooldown: 1h }
      send_resolved: true
      auto_resolve: 30m
      circuit_breaker: { failure_threshold: 3 }
    audit:
      type: webhook
      url: https://audit.example.com/in/\${HOOK_TOKEN}
      headers: { authorization: "Bearer \${HOOK_TOKEN}" }
      secret: \${SIGNING}
      throttle: false
      matchers: '{service=~"api|web", env!="dev"}'
      mute_time_intervals: [nights]
    team:
      type: resend
      api_key: \${RESEND_API_KEY}
      sender: alerts@example.com
      recipients: team@example.com
      enabled: false
  presets:
    dev:  { throttle: { rate: 100, per: 60, burst: 20 } }
    prod: { throttle: { rate: 10, per: 60, burst: 3 }, channels: { max_retries: 3 } }
    broken: { channels: { ops-slack: { webhook_url: "\${NOT_SET_ANYWHERE}" } } }
    replicas: { shared: { type: redis, url: "redis://:\${REDIS_PASSWORD}@redis.example:6379/0", prefix: checkapp } }
`;

let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir({
    'tocsin.config.yaml': CONFIG,
    'bad.yaml':
      'alerts:\n  throttle: { rate: .nan }\n  channels:\n    oncall:\n      type: email\n      transport: { host: smtp.example.com, password: !secret SMTP_PASSWORD, username: u }\n      sender: alerts@example.com\n      recipents: [oncall@example.com]\n      min_level: loud\n',
  });
});
afterAll(() => dir.remove());

function expectNoSecrets(text: string): void {
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  expect(text).not.toContain('checksecretslack');
}

describe('tocsin check', () => {
  it('prints each channel with type, level, throttle, timeout, retries and noise control, secrets masked', async () => {
    const run = await runCli(['check'], { cwd: dir.path, env: SECRETS });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Config    ${dir.file('tocsin.config.yaml')}`);
    expect(run.stdout).toContain('Preset    (none) (defined: dev, prod, broken, replicas)');
    expect(run.stdout).toContain('Throttle  10/60 s, burst 5, one bucket per channel');
    expect(run.stdout).toContain('Defaults  timeout 30 s, max_retries 2');
    expect(run.stdout).toContain('Shared    nothing: each process keeps its own state');
    const row = (key: string) => run.stdout.split('\n').find((line) => line.startsWith(key)) ?? '';
    expect(row('ops-slack')).toMatch(
      /^ops-slack\s+slack\s+WARNING\s+10\/60 s, burst 5\s+30 s\s+2\s+repeat 4h; group by service 30s\/5m\s+https:\/\/hooks\.slack\.com\/\*\*\*\/\*\*\*\/\*\*\*\/\*\*\*$/,
    );
    expect(row('oncall')).toMatch(
      /^oncall \(pager\)\s+email\s+CRITICAL\s+2\/300 s, burst 2\s+30 s\s+2\s+burst 5, 15m\/1h; sends resolved; auto-resolve 30m; breaker 3 fails\/1m\/2 probes\s+smtp smtp\.example\.com:587: alerts@example\.com -> oncall@example\.com, backup@example\.com$/,
    );
    expect(row('audit')).toMatch(
      /^audit\s+webhook\s+INFO\s+none\s+30 s\s+2\s+-\s+POST https:\/\/audit\.example\.com\/\*\*\*\/\*\*\*$/,
    );
    expect(row('team')).toMatch(/^team\s+resend\s+-\s+-\s+-\s+-\s+-\s+\(disabled\)$/);
    expect(run.stdout).toContain(
      'Matchers (besides MIN LEVEL)\n  audit: service=~"api|web", env!="dev"\n',
    );
    expect(run.stdout).toContain('Time windows (defined: nights)\n  audit: muted during nights\n');
    expect(run.stdout).toContain('Silences\n  host="db1" for 2h (db1 maintenance, by ana)\n');
    expect(run.stdout).toContain(
      'Inhibit rules (a source fires for 600 s after its last alert)\n  level="critical" inhibits level=~"warning|error" with equal service\n',
    );
    expect(run.stdout).toContain(
      'Heartbeats (an alert when no ping comes in time)\n  nightly-backup: cron "0 2 * * *" (Europe/Berlin), grace 30m, level CRITICAL\n  worker: every 5m, grace 1m, level ERROR\n',
    );
    expect(run.stdout).toContain('OK: 3 channels ready, 1 disabled.');
    expectNoSecrets(run.stdout);
  });

  it('says what replicas share through alerts.shared, the password masked', async () => {
    const run = await runCli(['check', '--preset', 'replicas'], { cwd: dir.path, env: SECRETS });
    expect(run.code).toBe(0);
    // check builds the manager, so it tries the Redis, which is not there: it says so,
    // naming the host, never the password.
    expect(run.stderr).toMatch(/redis:\/\/redis\.example:6379 cannot be reached/);
    expect(run.stderr).not.toContain(SECRETS.REDIS_PASSWORD);
    const line = run.stdout.split('\n').find((l) => l.startsWith('Shared')) ?? '';
    expect(line).toMatch(/^Shared {4}redis \(.*prefix checkapp.*\): throttles, dedup, groups/);
    expect(line).not.toContain(SECRETS.REDIS_PASSWORD);
    const json = await runCli(['check', '--preset', 'replicas', '--json'], {
      cwd: dir.path,
      env: SECRETS,
    });
    expect(json.stdout).toContain('checkapp');
    expectNoSecrets(run.stdout + run.stderr + json.stdout + json.stderr);
  }, 30_000);

  it('applies --preset, or TOCSIN_PRESET', async () => {
    const flag = await runCli(['check', '--preset', 'prod'], { cwd: dir.path, env: SECRETS });
    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain('Preset    prod (defined: dev, prod, broken, replicas)');
    expect(flag.stdout).toContain('Throttle  10/60 s, burst 3, one bucket per channel');
    expect(flag.stdout).toContain('Defaults  timeout 30 s, max_retries 3');
    const env = await runCli(['check'], {
      cwd: dir.path,
      env: { ...SECRETS, TOCSIN_PRESET: 'dev' },
    });
    expect(env.stdout).toContain('Throttle  100/60 s, burst 20, one bucket per channel');
  });

  it('exits 1 with the ConfigError on stderr for a bad file: file, every path, what was expected', async () => {
    const run = await runCli(['check', '--config', 'bad.yaml'], { cwd: dir.path, env: SECRETS });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const file = dir.file('bad.yaml');
    expect(run.stderr).toBe(
      [
        `tocsin: Invalid Tocsin config in ${file}`,
        '  - alerts.throttle.rate: expected a finite number; got NaN',
        '  - alerts.channels.oncall.min_level: expected one of info, success, warning, error, critical (any case) or 10, 11, 20, 25, 30; got "loud"',
        '  - alerts.channels.oncall.recipents: unknown key; did you mean "recipients"?',
        '  - alerts.channels.oncall.to: `to` is required: at least one recipient address (`to` or `recipients`)',
        '',
      ].join('\n'),
    );
    expectNoSecrets(run.stderr);
  });

  it('exits 1 for an unknown preset, listing the defined ones', async () => {
    const run = await runCli(['check', '-p', 'staging'], { cwd: dir.path, env: SECRETS });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'alerts.presets: unknown preset "staging": defined presets are dev, prod, broken',
    );
  });

  it('builds the channels: options a channel package refuses fail the check at their path', async () => {
    const insecure = await tempDir({
      'tocsin.config.yaml':
        'alerts:\n  channels:\n    ops:\n      type: slack\n      webhook_url: http://hooks.example.com/services/T1/B1/insecuresecret\n',
    });
    try {
      const run = await runCli(['check'], { cwd: insecure.path, env: {} });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `tocsin: Invalid Tocsin config in ${insecure.file('tocsin.config.yaml')}`,
      );
      expect(run.stderr).toMatch(
        /- alerts\.channels\.ops\.webhook_url: `webhook_url` must use https:.*`allow_insecure_http: true`/,
      );
      expect(run.stderr).not.toContain('insecuresecret');
    } finally {
      await insecure.remove();
    }
  });

  it('--all-presets checks the file alone and with each preset', async () => {
    const run = await runCli(['check', '--all-presets'], {
      cwd: dir.path,
      env: { ...SECRETS, TOCSIN_PRESET: 'prod' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('== without a preset ==\nConfig');
    expect(run.stdout).toContain('== preset dev ==');
    expect(run.stdout).toContain('== preset prod ==');
    expect(run.stdout).toContain('== preset broken ==\nINVALID (details on stderr)');
    expect(run.stderr).toContain('tocsin: preset broken: Invalid Tocsin config in');
    expect(run.stderr).toContain(
      'alerts.presets.broken.channels.ops-slack.webhook_url: environment variable `NOT_SET_ANYWHERE` is not set',
    );
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('--json prints the resolved config, masked', async () => {
    const run = await runCli(['check', '--json'], { cwd: dir.path, env: SECRETS });
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as {
      ok: boolean;
      config: { channels: Record<string, { options: Record<string, unknown> }> };
    };
    expect(parsed.ok).toBe(true);
    expect(parsed.config.channels.audit?.options).toMatchObject({
      headers: { authorization: '***' },
      secret: '***',
    });
    expect(parsed.config.channels.oncall?.options).toMatchObject({
      transport: { auth: { user: 'alerts', pass: '***' } },
    });
    expectNoSecrets(run.stdout);
  });

  it('says where it looked when there is no config', async () => {
    const empty = await tempDir({ 'package.json': '{}' });
    try {
      const run = await runCli(['check'], { cwd: empty.path, env: {} });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `tocsin: No Tocsin config found from ${empty.path} up to the project root`,
      );
      expect(run.stderr).toContain('pass a path with --config');
    } finally {
      await empty.remove();
    }
  });
});

describe('tocsin schema, --help, --version', () => {
  it('prints the JSON Schema', async () => {
    const run = await runCli(['schema'], { cwd: dir.path });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(tocsinConfigJsonSchema(CLI_CHANNEL_DEFINITIONS));
  });

  it('has --help on every command, exit 0 on stdout', async () => {
    for (const argv of [
      ['--help'],
      ['-h'],
      ['help'],
      ['help', 'send'],
      ['check', '--help'],
      ['send', '-h'],
      ['schema', '--help'],
    ]) {
      const run = await runCli(argv, { cwd: dir.path });
      expect(run.code, argv.join(' ')).toBe(0);
      expect(run.stdout, argv.join(' ')).toMatch(/^tocsin( \w+)?: .*\n\nUsage\n/);
      expect(run.stderr).toBe('');
    }
    const send = await runCli(['send', '--help'], { cwd: dir.path });
    for (const option of [
      '--title',
      '--level',
      '--body',
      '--label',
      '--channel',
      '--dry-run',
      '--config',
      '--preset',
    ]) {
      expect(send.stdout).toContain(option);
    }
  });

  it('prints the usage on stderr with exit 2 when called without a command', async () => {
    const run = await runCli([], { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage\n  tocsin check');
    const extra = await runCli(['check', 'tocsin.config.yaml'], { cwd: dir.path });
    expect(extra.code).toBe(2);
    expect(extra.stderr).toBe(
      'tocsin: unexpected argument "tocsin.config.yaml" (give the file with --config)\nSee `tocsin check --help`.\n',
    );
  });

  it('prints its version', async () => {
    const run = await runCli(['--version'], { cwd: dir.path });
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
