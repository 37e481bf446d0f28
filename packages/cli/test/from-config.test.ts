// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { readFile } from 'node:fs/promises';
import { AlertManager, ConfigError, loadConfig, tocsinConfigJsonSchema } from '@tocsin/core';
import { EmailChannel } from '@tocsin/email';
import { ResendChannel } from '@tocsin/resend';
import { SlackChannel } from '@tocsin/slack';
import { type LocalSinks, startLocalSinks, type TempDir, tempDir } from '@tocsin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI_CHANNEL_DEFINITIONS } from '../src/channel-definitions.js';
import { PACKAGE_DIR } from '../src/package-dir.js';

// AlertManager.fromConfig with the real channel packages (core's own tests cannot import
// them: core would depend on its plugins).

const KSTLIB_FROM_CONFIG = new URL('./fixtures/kstlib-from-config.yaml', import.meta.url);

let sinks: LocalSinks;
const dirs: TempDir[] = [];
beforeAll(async () => {
  sinks = await startLocalSinks();
});
afterAll(async () => {
  await sinks.close();
  await Promise.all(dirs.map((dir) => dir.remove()));
});
async function dir(files: Record<string, string>): Promise<TempDir> {
  const created = await tempDir(files);
  dirs.push(created);
  return created;
}

/** The package's own class, however the module was loaded (dist through the resolver, or sources). */
function className(manager: AlertManager, key: string): string {
  const entry = (
    manager as unknown as { registry: { entries: Array<{ key: string; channel: object }> } }
  ).registry.entries.find((e) => e.key === key);
  return entry?.channel.constructor.name ?? 'none';
}

describe('AlertManager.fromConfig with the channel packages', () => {
  it("builds a kstlib from_config file's channels with their packages", async () => {
    const d = await dir({ 'kstlib.conf.yml': await readFile(KSTLIB_FROM_CONFIG, 'utf8') });
    const env = {
      SLACK_WEBHOOK: 'https://hooks.slack.com/services/T9/B9/fromenvsecret',
      RESEND_API_KEY: 're_fromConfig_123456',
    };
    const manager = await AlertManager.fromConfig('kstlib.conf.yml', {
      cwd: d.path,
      env,
      searchPaths: [PACKAGE_DIR],
    });
    expect(manager.channels).toEqual(['slack_ops', 'hb', 'email_critical', 'email_team']);
    expect(className(manager, 'slack_ops')).toBe(SlackChannel.name);
    expect(className(manager, 'hb')).toBe(SlackChannel.name);
    expect(className(manager, 'email_critical')).toBe(EmailChannel.name);
    // kstlib's email over a Resend transport is a ResendChannel.
    expect(className(manager, 'email_team')).toBe(ResendChannel.name);
    const text = `${String(manager)} ${JSON.stringify(manager.stats)}`;
    expect(text).not.toContain('fromenvsecret');
    await manager.close();
  });

  it('delivers through Slack, webhook, SMTP and Resend built from one file', async () => {
    const d = await dir({
      'tocsin.config.yaml': `alerts:
  channels:
    max_retries: 0
    slack: { type: slack, webhook_url: "\${SLACK_WEBHOOK_URL}", allow_insecure_http: true }
    hook: { type: webhook, url: "\${WEBHOOK_URL}", format: alertmanager, method: put }
    mail:
      type: email
      transport: { host: "\${SMTP_HOST}", port: "\${SMTP_PORT}", pool: false }
      from: { name: Alerts, address: alerts@example.com }
      to: oncall@example.com
      html: false
    resend:
      type: resend
      api_key: !secret RESEND_TEST_KEY
      base_url: \${RESEND_BASE_URL}
      sender: alerts@example.com
      recipients: [team@example.com]
      tags: { env: test }
`,
    });
    const env = { ...sinks.env, RESEND_TEST_KEY: 're_localSinkKey_987654' };
    const manager = await AlertManager.fromConfig(undefined, {
      cwd: d.path,
      env,
      searchPaths: [PACKAGE_DIR],
    });
    const results = await manager.send({
      title: 'Queue backlog',
      body: '10k messages',
      level: 'error',
      labels: { queue: 'jobs' },
    });
    await manager.close();
    expect(results.map((r) => [r.channel, r.status])).toEqual([
      ['slack', 'sent'],
      ['hook', 'sent'],
      ['mail', 'sent'],
      ['resend', 'sent'],
    ]);
    const hook = sinks.webhook.requests.at(-1);
    expect(hook?.method).toBe('PUT');
    expect(hook?.json()).toMatchObject({
      version: '4',
      alerts: [{ labels: { alertname: 'Queue backlog', queue: 'jobs' } }],
    });
    const mail = sinks.smtp.messages.at(-1);
    expect(mail?.from).toEqual([{ name: 'Alerts', address: 'alerts@example.com' }]);
    expect(mail?.html).toBeUndefined();
    const resend = sinks.resend.requests.at(-1);
    expect(resend?.url).toBe('/emails');
    expect(resend?.headers.authorization).toBe('Bearer re_localSinkKey_987654');
    expect(resend?.json()).toMatchObject({
      from: 'alerts@example.com',
      to: ['team@example.com'],
      tags: [{ name: 'env', value: 'test' }],
    });
  });

  it("reports a channel package's refusal at the config path, in the file's spelling", async () => {
    const error = await AlertManager.fromConfig(
      {
        alerts: {
          channels: {
            ops: {
              type: 'slack',
              webhook_url: 'http://hooks.example.com/services/T1/B1/plainhttpsecret',
            },
            hook: { type: 'webhook', url: 'https://example.com/in', secret: 'too-short' },
          },
        },
      },
      { searchPaths: [PACKAGE_DIR] },
    ).catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    const issues = (error as ConfigError).issues;
    expect(issues).toContainEqual({
      path: 'alerts.channels.ops.webhook_url',
      message: expect.stringMatching(
        /^`webhook_url` must use https:.*set `allow_insecure_http: true` only for local tests/,
      ),
    });
    expect(issues).toContainEqual({
      path: 'alerts.channels.hook.secret',
      message: '`secret` must be at least 16 characters long',
    });
    expect(JSON.stringify(issues)).not.toContain('plainhttpsecret');
  });
});

describe('the config file schema against the channel packages', () => {
  /** Keys a channel type accepts in a file, from the published JSON Schema. */
  function fileKeys(type: string, under?: string): string[] {
    const schema = loadSchema();
    const alerts = (
      schema.properties as Record<
        string,
        {
          properties: Record<
            string,
            { additionalProperties: { anyOf: Array<Record<string, unknown>> } }
          >;
        }
      >
    ).alerts;
    const branches = alerts?.properties.channels?.additionalProperties.anyOf ?? [];
    const branch = branches.find(
      (b) => (b.properties as Record<string, { const?: string }>).type?.const === type,
    );
    let properties = (branch?.properties ?? {}) as Record<string, Record<string, unknown>>;
    if (under !== undefined) {
      const nested = properties[under] as {
        anyOf?: Array<{ properties: Record<string, Record<string, unknown>> }>;
      };
      properties = nested.anyOf?.find((b) => 'host' in (b.properties ?? {}))?.properties ?? {};
    }
    return Object.keys(properties);
  }
  const snake = (key: string) =>
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
      .toLowerCase();
  const loadSchema = () => tocsinConfigJsonSchema(CLI_CHANNEL_DEFINITIONS);
  /** The keys of an options schema (through the kstlib aliases' transform). */
  const keysOf = (schema: object) =>
    Object.keys(
      (schema as { shape?: object }).shape ?? (schema as { in: { shape: object } }).in.shape,
    );

  // A package option with no file key cannot be set from a config file: this fails when a
  // channel gains an option the loader does not know (or the loader misspells one).
  it('has a file key for every option of each channel package', async () => {
    const { slackChannelOptionsSchema } = await import('@tocsin/slack');
    const { webhookChannelOptionsSchema } = await import('@tocsin/webhook');
    const { emailChannelOptionsSchema, smtpTransportOptionsSchema } = await import('@tocsin/email');
    const { resendChannelOptionsSchema } = await import('@tocsin/resend');
    // `timeout` in a file is core's per-attempt timeout (which bounds the channel's too);
    // `name` is kstlib's alias and the channel's name.
    const codeOnly = new Set(['timeout', 'name']);
    const cases: Array<[string, string[], string[]]> = [
      ['slack', keysOf(slackChannelOptionsSchema), fileKeys('slack')],
      ['webhook', keysOf(webhookChannelOptionsSchema()), fileKeys('webhook')],
      ['email', keysOf(emailChannelOptionsSchema), fileKeys('email')],
      ['resend', keysOf(resendChannelOptionsSchema), fileKeys('resend')],
      ['email transport', keysOf(smtpTransportOptionsSchema), fileKeys('email', 'transport')],
    ];
    for (const [type, options, file] of cases) {
      const missing = options.filter(
        (option) => !codeOnly.has(option) && !file.includes(snake(option)),
      );
      expect(missing, `${type} options with no file key`).toEqual([]);
    }
    expect(fileKeys('email', 'transport')).toEqual(
      expect.arrayContaining(['username', 'password', 'password_file', 'use_tls', 'credentials']),
    );
  });

  it('validates the documented configs, and flags what the loader refuses', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(loadSchema());
    const files = [
      await readFile(
        new URL('../../core/src/config/fixtures/kstlib-alerts.yaml', import.meta.url),
        'utf8',
      ),
      await readFile(KSTLIB_FROM_CONFIG, 'utf8'),
    ];
    for (const text of files) {
      const value = parse(text);
      expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
      // The loader agrees.
      await loadConfig(value, {
        searchPaths: [PACKAGE_DIR],
        env: {
          SLACK_WEBHOOK: 'https://hooks.slack.com/services/T/B/x',
          RESEND_API_KEY: 're_x_123456',
        },
      });
    }
    const withEnvRefs = {
      alerts: {
        throttle: { rate: '${RATE}' },
        channels: {
          s: { type: 'slack', webhook_url: '${URL}', min_level: 'WARNING', max_retries: 1 },
        },
      },
    };
    expect(validate(withEnvRefs), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ alerts: { throtle: {} } })).toBe(false);
    expect(
      validate({
        alerts: { channels: { s: { type: 'slack', webhook_url: 'x', min_level: 'loud' } } },
      }),
    ).toBe(false);
    expect(
      validate({
        alerts: {
          channels: {
            s: { type: 'email', transport: { host: 'h' }, sender: 'a@b.c', recipents: ['x@y.z'] },
          },
        },
      }),
    ).toBe(false);
    // A type registered in code is accepted with its own keys.
    expect(
      validate({
        alerts: { channels: { p: { type: 'opsgenie', api_key: 'k', min_level: 'critical' } } },
      }),
    ).toBe(true);
  });
});
