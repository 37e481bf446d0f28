// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { maskConfig } from '@tocsin/core';
import { channelConfig } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

// A `type: slack` entry of a config file, through core's loader and this package's definition.

const URL_SECRET = 'https://hooks.slack.com/services/T1/B2/cfgsecretslack';
const { load, issues } = channelConfig(channelDefinition, ['cfgsecretslack']);

describe('a slack channel in a config file', () => {
  it('takes every option in snake_case, string forms from ${VAR} converted', async () => {
    const config = await load(
      {
        ops: {
          type: 'slack',
          webhook_url: '${SLACK_URL}',
          icon_emoji: ':bell:',
          channel_name: '#alerts',
          webhook_type: 'incoming',
          allow_insecure_http: '${INSECURE}',
          mention: { text: '@here', min_level: 'error' },
          min_level: 'warning',
        },
      },
      { SLACK_URL: URL_SECRET, INSECURE: 'false' },
    );
    expect(config.channels.ops?.options).toMatchObject({
      webhookUrl: URL_SECRET,
      iconEmoji: ':bell:',
      channelName: '#alerts',
      webhookType: 'incoming',
      allowInsecureHttp: false,
      mention: { text: '<!here>', minLevel: 25 },
      name: 'ops',
    });
    expect(JSON.stringify(maskConfig(config))).toContain(
      '"webhookUrl":"https://hooks.slack.com/***/***/***/***"',
    );
    expect(JSON.stringify(config)).not.toContain('cfgsecretslack');
  });

  it('reads the URL from `credentials: <name>` (kstlib) or webhook_url_file', async () => {
    const config = await load(
      { ops: { type: 'slack', credentials: 'slack_webhook' } },
      { SLACK_WEBHOOK: URL_SECRET },
    );
    expect(config.channels.ops?.options.webhookUrl).toBe(URL_SECRET);
  });

  it('reports refusals at the file path, in its spelling, never the URL', async () => {
    expect(
      await issues({
        ops: { type: 'slack', webhook_url: URL_SECRET, icon_emoij: ':bell:' },
      }),
    ).toEqual([
      {
        path: 'alerts.channels.ops.icon_emoij',
        message: 'unknown key; did you mean "icon_emoji"?',
      },
    ]);
    const [insecure] = await issues({
      ops: { type: 'slack', webhook_url: 'http://hooks.example.com/services/T1/B1/cfgsecretslack' },
    });
    expect(insecure).toEqual({
      path: 'alerts.channels.ops.webhook_url',
      message: expect.stringMatching(/^`webhook_url` must use https:.*`allow_insecure_http: true`/),
    });
    expect(await issues({ ops: { type: 'slack' } })).toEqual([
      {
        path: 'alerts.channels.ops.webhook_url',
        message: expect.stringMatching(/^`webhook_url` is required/),
      },
    ]);
  });
});
