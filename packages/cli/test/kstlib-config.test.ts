import { readFile } from 'node:fs/promises';
import { loadConfig, type TocsinConfig } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI_CHANNEL_DEFINITIONS } from '../src/channel-definitions.js';

// A file written for kstlib's AlertManager.from_config loads with the channel packages'
// definitions (kstlib's names are theirs to map, not core's) into the same options as before.

const fixture = async () =>
  parse(await readFile(new URL('./fixtures/kstlib-from-config.yaml', import.meta.url), 'utf8'));

describe("a kstlib from_config file, through the channels' definitions", () => {
  it('loads unchanged, with kstlib names mapped by the email package', async () => {
    const env = {
      SLACK_WEBHOOK: 'https://hooks.slack.com/services/T9/B9/fromenv',
      RESEND_API_KEY: 're_fromenv_123456',
    };
    const config = await loadConfig(await fixture(), {
      env,
      definitions: CLI_CHANNEL_DEFINITIONS,
    });
    expect(Object.keys(config.channels)).toEqual([
      'slack_ops',
      'hb',
      'email_critical',
      'email_team',
    ]);
    const { slack_ops, hb, email_critical, email_team } = config.channels as Record<
      string,
      TocsinConfig['channels'][string]
    >;
    expect(slack_ops).toMatchObject({
      type: 'slack',
      minLevel: 20,
      timeout: 10,
      throttle: { rate: 10, per: 60, burst: 10 },
      options: {
        webhookUrl: env.SLACK_WEBHOOK,
        username: 'kstlib-alerts',
        iconEmoji: ':bell:',
        name: 'slack_ops',
      },
    });
    expect(hb).toMatchObject({
      name: 'heartbeat',
      minLevel: 10,
      throttle: { rate: 5, per: 30, burst: 5 },
    });
    expect(hb?.options).toMatchObject({ name: 'heartbeat' });
    expect(email_critical).toMatchObject({
      type: 'email',
      minLevel: 30,
      options: {
        transport: {
          host: 'smtp.example.com',
          port: 587,
          requireTLS: true,
          ignoreTLS: false,
          auth: { user: 'alerts', pass: 'kstlib-plain-password' },
        },
        from: { name: '', address: 'alerts@example.com' },
        to: [
          { name: '', address: 'oncall@example.com' },
          { name: '', address: 'backup@example.com' },
        ],
        subjectPrefix: '[PROD ALERT]',
      },
    });
    expect(email_team?.options).toMatchObject({
      transport: { type: 'resend' },
      from: { address: 'alerts@example.com' },
      to: [{ address: 'team@example.com' }],
    });
    // The password and the key are secrets of their definitions: masked, never printed.
    const shown = JSON.stringify(config);
    for (const secret of ['kstlib-plain-password', 're_fromenv_123456', 'fromenv'])
      expect(shown).not.toContain(secret);
  });
});
