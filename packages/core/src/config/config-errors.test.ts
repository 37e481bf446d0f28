// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { memoryLogger, type TempDir, tempDir } from './fixtures/temp-dir.js';
import { testDefinitions } from './fixtures/test-definitions.js';
import { loadConfig as load } from './load-config.js';

/** Core's loader with the test channel types (core cannot import the channel packages). */
const loadConfig = (source?: string | object, options: Parameters<typeof load>[1] = {}) =>
  load(source, { definitions: testDefinitions, ...options });

const dirs: TempDir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => dir.remove()));
});

const SECRETS = {
  SLACK_URL: 'https://hooks.slack.com/services/T1/B2/err0rsecretslack',
  SMTP_PASSWORD: 'p4ssw0rd-never-shown',
  API_KEY: 're_neverShown_123456',
};

/** Load YAML text from a real file; return the ConfigError (fails the test when there is none). */
async function errorOf(
  yaml: string,
  options: Parameters<typeof loadConfig>[1] = {},
): Promise<{ error: ConfigError; file: string }> {
  const dir = await tempDir({ 'tocsin.config.yaml': yaml });
  dirs.push(dir);
  const caught = await loadConfig(undefined, { cwd: dir.path, env: SECRETS, ...options }).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!ConfigError.isInstance(caught))
    throw new Error(`expected a ConfigError, got ${String(caught)}`);
  const file = dir.file('tocsin.config.yaml');
  // Every config error names the file, and never repeats a secret.
  expect(caught.message).toContain(file);
  expect(caught.file).toBe(file);
  for (const secret of Object.values(SECRETS)) {
    expect(caught.message).not.toContain(secret);
    expect(JSON.stringify(caught.issues)).not.toContain(secret);
  }
  expect(caught.message).not.toContain('err0rsecretslack');
  return { error: caught as ConfigError, file };
}

function issue(error: ConfigError, path: string): string {
  const found = error.issues.find((entry) => entry.path === path);
  if (found === undefined)
    throw new Error(`no issue at ${path}; issues: ${JSON.stringify(error.issues)}`);
  return found.message;
}

const slack = '      type: chat\n      webhook_url: ${SLACK_URL}\n';

describe('ConfigError for each bad input', () => {
  it('an unknown channel type, with a suggestion', async () => {
    const { error } = await errorOf(
      `alerts:\n  channels:\n    ops:\n      type: chta\n      webhook_url: \${SLACK_URL}\n`,
    );
    expect(issue(error, 'alerts.channels.ops.type')).toBe(
      'unknown channel type "chta": did you mean "chat"? (known: chat, hook, mail)',
    );
    const missing = await errorOf('alerts:\n  channels:\n    ops: { webhook_url: x }\n');
    expect(issue(missing.error, 'alerts.channels.ops.type')).toMatch(
      /^missing: expected the channel `type`: the type of an installed channel package \(`<type>` for @tocsin\/<type>\), or one registered in code: chat, hook, mail$/,
    );
  });

  it('an unknown preset lists the defined ones', async () => {
    const yaml =
      'alerts:\n  presets:\n    dev: { throttle: { rate: 100 } }\n    prod: { throttle: { rate: 10 } }\n';
    const { error } = await errorOf(yaml, { preset: 'staging' });
    expect(issue(error, 'alerts.presets')).toBe(
      'unknown preset "staging": defined presets are dev, prod',
    );
    const fromEnv = await errorOf(yaml, { env: { ...SECRETS, TOCSIN_PRESET: 'prd' } });
    expect(issue(fromEnv.error, 'alerts.presets')).toBe(
      'unknown preset "prd" (from TOCSIN_PRESET): defined presets are dev, prod; did you mean "prod"?',
    );
  });

  it('a missing variable names the variable and the path, never a value', async () => {
    const { error } = await errorOf(
      'alerts:\n  channels:\n    ops:\n      type: chat\n      webhook_url: ${SLACK_URL_PROD}\n    mail:\n      type: mail\n      transport: { host: smtp.example.com, username: u, password: !secret SMTP_PASS }\n      from: a@example.com\n      recipients: [b@example.com]\n',
    );
    expect(issue(error, 'alerts.channels.ops.webhook_url')).toBe(
      'environment variable `SLACK_URL_PROD` is not set (write `${SLACK_URL_PROD:-default}` to give a default)',
    );
    expect(issue(error, 'alerts.channels.mail.transport.password')).toBe(
      '`!secret SMTP_PASS` has no value: the environment variable SMTP_PASS is not set',
    );
  });

  it('wrong types, each path reported', async () => {
    const { error } = await errorOf(
      `alerts:\n  throttle: { rate: fast, per: soon }\n  channels:\n    timeout: [1]\n    mail:\n      type: mail\n      enabled: maybe\n      transport: { host: smtp.example.com, port: { n: 1 } }\n      from: alerts@example.com\n      recipients: [oncall@example.com, 42, not-an-address]\n`,
    );
    expect(issue(error, 'alerts.throttle.rate')).toBe('expected a number of alerts; got a string');
    expect(issue(error, 'alerts.throttle.per')).toMatch(
      /^expected a duration: seconds as a number, or a string such as "30s", "5m", "1h", "500ms".*; got "soon"$/,
    );
    expect(issue(error, 'alerts.channels.timeout')).toMatch(
      /^expected a duration: .*; got a list$/,
    );
    expect(issue(error, 'alerts.channels.mail.enabled')).toBe(
      'expected true or false; got a string',
    );
    expect(issue(error, 'alerts.channels.mail.transport.port')).toBe('expected a port number');
    expect(issue(error, 'alerts.channels.mail.recipients[1]')).toBe('expected an email address');
    expect(issue(error, 'alerts.channels.mail.recipients[2]')).toBe(
      'expected an email address such as ops@example.com',
    );
    expect(error.message).toContain(
      '\n  - alerts.channels.mail.recipients[1]: expected an email address\n',
    );
  });

  it('rate: .nan and .inf are errors, not clamped', async () => {
    const { error } = await errorOf('alerts:\n  throttle: { rate: .nan, burst: .inf }\n');
    expect(issue(error, 'alerts.throttle.rate')).toBe('expected a finite number; got NaN');
    expect(issue(error, 'alerts.throttle.burst')).toBe('expected a finite number; got Infinity');
  });

  it('min_level: loud', async () => {
    const { error } = await errorOf(
      `alerts:\n  channels:\n    ops:\n${slack}      min_level: loud\n`,
    );
    expect(issue(error, 'alerts.channels.ops.min_level')).toBe(
      'expected one of info, success, warning, error, critical (any case) or 10, 11, 20, 25, 30; got "loud"',
    );
  });

  it('an email channel without recipients', async () => {
    const { error } = await errorOf(
      'alerts:\n  channels:\n    oncall:\n      type: mail\n      transport: { host: smtp.example.com }\n      from: alerts@example.com\n',
    );
    expect(issue(error, 'alerts.channels.oncall.recipients')).toBe(
      'missing: expected at least one recipient address: `recipients` or `to`',
    );
    const empty = await errorOf(
      'alerts:\n  channels:\n    oncall:\n      type: mail\n      transport: { host: smtp.example.com }\n      from: alerts@example.com\n      recipients: []\n',
    );
    expect(issue(empty.error, 'alerts.channels.oncall.recipients')).toBe(
      'expected at least one address',
    );
  });

  it('misspelt keys, with did-you-mean, at every depth and in every preset', async () => {
    const { error } = await errorOf(
      `alerts:\n  throtle: { rate: 1 }\n  channels:\n    max_retry: 3\n    ops:\n${slack}      min_lvl: warning\n    oncall:\n      type: mail\n      transport: { host: smtp.example.com, usename: me }\n      from: alerts@example.com\n      recipents: [oncall@example.com]\n  presets:\n    prod: { throttle: { rate: 1, brust: 1 } }\n    dev: { channel: {} }\n`,
    );
    expect(issue(error, 'alerts.throtle')).toBe('unknown key; did you mean "throttle"?');
    expect(issue(error, 'alerts.channels.max_retry')).toBe(
      'unknown channel default (did you mean "max_retries"?): scalar keys of `channels` are timeout, max_retries; a channel is a mapping with a `type`',
    );
    expect(issue(error, 'alerts.channels.ops.min_lvl')).toBe(
      'unknown key; did you mean "min_level"?',
    );
    expect(issue(error, 'alerts.channels.oncall.transport.usename')).toBe(
      'unknown key; did you mean "username"?',
    );
    expect(issue(error, 'alerts.channels.oncall.recipents')).toBe(
      'unknown key; did you mean "recipients"?',
    );
    expect(issue(error, 'alerts.presets.prod.throttle.brust')).toBe(
      'unknown key; did you mean "burst"?',
    );
    expect(issue(error, 'alerts.presets.dev.channel')).toBe(
      'unknown key; did you mean "channels"?',
    );
    expect(issue(error, 'alerts.channels.oncall.recipients')).toMatch(/^missing/);
  });

  it('a chosen preset that is not a mapping', async () => {
    const { error } = await errorOf('alerts:\n  presets:\n    prod: 3\n', { preset: 'prod' });
    expect(issue(error, 'alerts.presets.prod')).toBe('expected a mapping; got a number');
  });

  it('an error in the chosen preset points at the preset', async () => {
    const { error } = await errorOf(
      `alerts:\n  channels:\n    ops:\n${slack}  presets:\n    prod: { channels: { ops: { min_level: urgent } } }\n`,
      {
        preset: 'prod',
      },
    );
    expect(issue(error, 'alerts.presets.prod.channels.ops.min_level')).toMatch(
      /^expected one of info/,
    );
  });

  it('a secret in a wrong place is never echoed', async () => {
    const { error } = await errorOf(
      'alerts:\n  channels:\n    ops:\n      type: chat\n      webhook_url: ${SLACK_URL}\n      min_level: ${SMTP_PASSWORD}\n      timeout: !secret API_KEY\n',
    );
    expect(issue(error, 'alerts.channels.ops.min_level')).toMatch(
      /^expected one of .*; got a string$/,
    );
    expect(issue(error, 'alerts.channels.ops.timeout')).toMatch(
      /^expected a duration: .*; got a string$/,
    );
  });

  it('an unreadable *_file names the file, never its content', async () => {
    const { error } = await errorOf(
      'alerts:\n  channels:\n    ops:\n      type: chat\n      webhook_url_file: ./nope.txt\n    hook:\n      type: webhook\n      url: https://example.com/x\n      url_file: ./also.txt\n',
    );
    expect(issue(error, 'alerts.channels.ops.webhook_url_file')).toMatch(
      /^cannot read the file .*nope\.txt \(ENOENT\)$/,
    );
    expect(issue(error, 'alerts.channels.hook.url_file')).toBe(
      'give either `url` or `url_file`, not both',
    );
  });

  it('a failing credential resolver is reported by name, its message withheld', async () => {
    const resolver = {
      resolve(name: string) {
        if (name === 'broken') throw new Error(`vault said: token ${SECRETS.API_KEY} expired`);
        return undefined;
      },
    };
    const { error } = await errorOf(
      'alerts:\n  channels:\n    a:\n      type: chat\n      credentials: broken\n    b:\n      type: hook\n      credentials: absent\n',
      { resolver },
    );
    expect(issue(error, 'alerts.channels.a.credentials')).toBe(
      '`credentials: broken` could not be resolved: the credential resolver threw',
    );
    expect(issue(error, 'alerts.channels.b.credentials')).toBe(
      '`credentials: absent` has no value: the credential resolver returned nothing for `absent`',
    );
  });

  it('an unknown YAML tag', async () => {
    const { error } = await errorOf(
      'alerts:\n  channels:\n    ops:\n      type: chat\n      webhook_url: !env SLACK_URL\n',
    );
    expect(error.message).toMatch(
      /line 5, column \d+: unknown tag !env; the one custom tag is !secret NAME/,
    );
  });
});

describe('rate: 0', () => {
  it('is clamped to 1 with a warning, not an error', async () => {
    const dir = await tempDir({ 'tocsin.config.yaml': 'alerts:\n  throttle: { rate: 0 }\n' });
    dirs.push(dir);
    const logger = memoryLogger();
    const config = await loadConfig(undefined, { cwd: dir.path, logger });
    expect(config.throttle).toMatchObject({ rate: 1, burst: 1 });
    expect(logger.warnings).toEqual([
      `throttle.rate 0 (from alerts.throttle.rate in ${dir.file('tocsin.config.yaml')}) is below the minimum 1; using 1`,
    ]);
  });
});
