// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
// Types only: `defineConfig` knows each channel type from its package's declaration merging
// (`declare module '@tocsin/core' { interface ChannelTypes { ... } }`), built-in or not.
import { type ChannelDefinition, defineConfig, loadConfig } from '@tocsin/core';
import type {} from '@tocsin/email';
import type {} from '@tocsin/resend';
import type {} from '@tocsin/slack';
import type {} from '@tocsin/webhook';
import { describe, expect, it } from 'vitest';

interface OpsgenieOptions {
  apiKey: string;
  responders?: string[];
  name?: string;
}

declare module '@tocsin/core' {
  interface ChannelTypes {
    opsgenie: OpsgenieOptions;
  }
}

describe('defineConfig', () => {
  it('types every registered channel in the file spelling', () => {
    const config = defineConfig({
      alerts: {
        channels: {
          timeout: '30s',
          ops: {
            type: 'slack',
            webhook_url: '${SLACK_URL}',
            icon_emoji: ':bell:',
            min_level: 'warning',
          },
          hook: {
            type: 'webhook',
            url: 'https://example.com/in',
            method: 'put',
            max_connections: '4',
            headers: { 'X-Token': 't' },
          },
          mail: {
            type: 'email',
            transport: {
              host: 'smtp.example.com',
              port: 587,
              username: 'alerts',
              password_file: './pass',
            },
            sender: 'alerts@example.com',
            recipients: ['oncall@example.com'],
          },
          team: {
            type: 'resend',
            credentials: 'resend_key',
            from: 'a@example.com',
            to: 'b@example.com',
          },
          // A third-party type its package registered: typed like the built-in ones.
          og: { type: 'opsgenie', api_key: 'k', responders: ['ops'] },
        },
      },
    });
    expect(config.alerts.channels?.ops).toBeDefined();
  });

  it('types the lifecycle keys, in alerts and in presets; the result loads', async () => {
    const config = defineConfig({
      alerts: {
        resolve_timeout: '10m',
        silences: [{ matchers: ['host="db1"'], duration: '2h', comment: 'maintenance' }],
        inhibit_rules: [
          {
            source_matchers: ['level="critical"'],
            target_matchers: ['level="warning"'],
            equal: ['service'],
          },
        ],
        time_intervals: [
          {
            name: 'nights',
            time_intervals: [{ times: [{ start_time: '22:00', end_time: '24:00' }] }],
          },
        ],
        heartbeats: { 'nightly-backup': { cron: '0 2 * * *', grace: '30m' } },
        channels: { ops: { type: 'webhook', url: 'https://example.com/in', send_resolved: true } },
        presets: {
          dev: { resolve_timeout: 60, heartbeats: { 'nightly-backup': { grace: '2h' } } },
        },
      },
    });
    const loaded = await loadConfig(config, { preset: 'dev' });
    expect(loaded.heartbeats['nightly-backup']).toMatchObject({ cron: '0 2 * * *', grace: 7200 });
    defineConfig({
      alerts: {
        // @ts-expect-error `inhibit_rules` entries take snake_case keys
        inhibit_rules: [{ sourceMatchers: ['level="critical"'] }],
      },
    });
  });

  it('rejects an unknown option of a built-in type, and of a registered third-party one', () => {
    defineConfig({
      alerts: {
        channels: {
          // @ts-expect-error `webhookUrl` is the code spelling; a file says `webhook_url`
          ops: { type: 'slack', webhookUrl: 'https://hooks.example.com/x' },
        },
      },
    });
    defineConfig({
      alerts: {
        channels: {
          // @ts-expect-error `api_kye` is not an option of opsgenie
          og: { type: 'opsgenie', api_kye: 'k' },
        },
      },
    });
    defineConfig({
      alerts: {
        channels: {
          // @ts-expect-error a type nobody registered
          x: { type: 'carrier-pigeon', loft: 'roof' },
        },
      },
    });
    const definition: ChannelDefinition<'opsgenie', OpsgenieOptions> | undefined = undefined;
    expect(definition).toBeUndefined();
  });
});
