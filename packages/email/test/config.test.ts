// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { AlertManager, ConfigError, loadConfig, maskConfig } from '@tocsin/core';
import { ResendChannel } from '@tocsin/resend';
import { describe, expect, it } from 'vitest';
import { channelDefinition, EmailChannel } from '../src/index.js';

// A `type: email` entry of a config file, through core's loader and this package's
// definition: kstlib's names (sender, recipients, username/password, use_tls, a Resend
// transport) are this package's to map, not core's.

const PASSWORD = 'cfg-smtp-password-77';
const load = (channels: Record<string, unknown>, env: Record<string, string> = {}) =>
  loadConfig({ alerts: { channels } }, { definitions: [channelDefinition], env });

describe('an email channel in a config file', () => {
  it("takes kstlib's names and the file spelling", async () => {
    const config = await load(
      {
        oncall: {
          type: 'email',
          transport: {
            type: 'SMTP',
            host: 'smtp.example.com',
            port: '${SMTP_PORT}',
            username: 'alerts',
            password: '${SMTP_PASSWORD}',
            use_tls: false,
            connection_timeout: '10s',
            tls: { reject_unauthorized: 'false' },
            client_name: 'app.example.com',
          },
          sender: 'Alerts <alerts@example.com>',
          recipients: ['oncall@example.com'],
          reply_to: 'ops@example.com',
          subject_prefix: '[PROD]',
          headers: { 'X-Env': 'prod' },
          max_body_bytes: '2048',
        },
      },
      { SMTP_PORT: '2525', SMTP_PASSWORD: PASSWORD },
    );
    expect(config.channels.oncall?.options).toMatchObject({
      transport: {
        host: 'smtp.example.com',
        port: 2525,
        auth: { user: 'alerts', pass: PASSWORD },
        requireTLS: false,
        ignoreTLS: true,
        connectionTimeout: 10,
        tls: { rejectUnauthorized: false },
        name: 'app.example.com',
      },
      from: { name: 'Alerts', address: 'alerts@example.com' },
      to: [{ name: '', address: 'oncall@example.com' }],
      replyTo: { name: '', address: 'ops@example.com' },
      subjectPrefix: '[PROD]',
      headers: { 'X-Env': 'prod' },
      maxBodyBytes: 2048,
    });
    expect(JSON.stringify(maskConfig(config))).toContain('"pass":"***"');
    expect(JSON.stringify(config)).not.toContain(PASSWORD);
  });

  it('fills the password from `credentials` in the transport (kstlib), and password_file', async () => {
    const config = await load(
      {
        oncall: {
          type: 'email',
          transport: { host: 'smtp.example.com', username: 'alerts', credentials: 'smtp_password' },
          from: 'alerts@example.com',
          to: 'oncall@example.com',
        },
      },
      { SMTP_PASSWORD: PASSWORD },
    );
    expect(config.channels.oncall?.options.transport).toMatchObject({
      auth: { user: 'alerts', pass: PASSWORD },
    });
  });

  it('builds a ResendChannel for a Resend transport, an EmailChannel otherwise', async () => {
    const manager = await AlertManager.fromConfig(
      {
        alerts: {
          channels: {
            team: {
              type: 'email',
              transport: { type: 'resend', credentials: 'resend_api_key' },
              sender: 'Alerts <alerts@example.com>',
              recipients: ['team@example.com'],
            },
            oncall: {
              type: 'email',
              transport: { host: 'localhost', pool: false },
              from: 'alerts@example.com',
              to: 'oncall@example.com',
            },
          },
        },
      },
      { definitions: [channelDefinition], env: { RESEND_API_KEY: 're_cfgKey_123456' } },
    );
    const { entries } = (
      manager as unknown as { registry: { entries: Array<{ key: string; channel: object }> } }
    ).registry;
    expect(entries.find((e) => e.key === 'team')?.channel).toBeInstanceOf(ResendChannel);
    expect(entries.find((e) => e.key === 'oncall')?.channel).toBeInstanceOf(EmailChannel);
    expect(String(manager)).not.toContain('re_cfgKey_123456');
    await manager.close();
  });

  it('names each bad value by its path in the file, never a secret', async () => {
    const error = await load(
      {
        oncall: {
          type: 'email',
          transport: { host: 'smtp.example.com', password: '${SMTP_PASSWORD}', usename: 'me' },
          sender: 'alerts@example.com',
          recipients: ['oncall@example.com', 'not an address'],
        },
        team: {
          type: 'email',
          transport: { type: 'resend', api_key: 're_x_123456' },
          from: 'alerts@example.com',
          to: 'team@example.com',
          headers: { 'X-Env': 'prod' },
        },
      },
      { SMTP_PASSWORD: PASSWORD },
    ).catch((e: unknown) => e);
    if (!ConfigError.isInstance(error)) throw new Error('expected a ConfigError');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        {
          path: 'alerts.channels.oncall.transport.usename',
          message: 'unknown key; did you mean "username"?',
        },
        {
          path: 'alerts.channels.oncall.recipients[1]',
          message: 'is not an email address: "not an address"',
        },
        {
          path: 'alerts.channels.team.headers',
          message: '`headers` are not supported with transport type resend',
        },
      ]),
    );
    expect(JSON.stringify(error.issues)).not.toContain(PASSWORD);
  });
});
