// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { ConfigError, loadConfig, maskConfig } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

// A `type: resend` entry of a config file, through core's loader and this package's definition.

const KEY = 're_cfgResendKey_123456';
const load = (channels: Record<string, unknown>, env: Record<string, string> = {}) =>
  loadConfig({ alerts: { channels } }, { definitions: [channelDefinition], env });

describe('a resend channel in a config file', () => {
  it("takes the file spelling and kstlib's sender/recipients; tag names are data", async () => {
    const config = await load(
      {
        team: {
          type: 'resend',
          api_key: '${RESEND_KEY}',
          base_url: 'https://api.example.com',
          sender: 'alerts@example.com',
          recipients: ['team@example.com'],
          reply_to: 'ops@example.com',
          tags: { env_name: 'prod' },
          html: 'false',
          max_body_bytes: '4096',
        },
      },
      { RESEND_KEY: KEY },
    );
    expect(config.channels.team?.options).toMatchObject({
      apiKey: KEY,
      baseUrl: 'https://api.example.com',
      from: 'alerts@example.com',
      to: ['team@example.com'],
      replyTo: ['ops@example.com'],
      tags: [{ name: 'env_name', value: 'prod' }],
      html: false,
      maxBodyBytes: 4096,
      name: 'team',
    });
    expect(JSON.stringify(maskConfig(config))).toContain('"apiKey":"***"');
    expect(JSON.stringify(config)).not.toContain(KEY);
  });

  it('reads the key from `credentials: <name>`', async () => {
    const config = await load(
      {
        team: {
          type: 'resend',
          credentials: 'resend_api_key',
          from: 'a@example.com',
          to: 'b@example.com',
        },
      },
      { RESEND_API_KEY: KEY },
    );
    expect(config.channels.team?.options.apiKey).toBe(KEY);
  });

  it('names each bad value by its path in the file, never the key', async () => {
    const error = await load({
      team: {
        type: 'resend',
        api_key: KEY,
        from: 'alerts@example.com',
        recipients: [],
        tags: [{ name: 'has space', value: 'x' }],
      },
    }).catch((e: unknown) => e);
    if (!ConfigError.isInstance(error)) throw new Error('expected a ConfigError');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'alerts.channels.team.recipients',
      'alerts.channels.team.tags[0].name',
    ]);
    expect(JSON.stringify(error.issues)).not.toContain(KEY);
  });
});
