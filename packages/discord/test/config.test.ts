// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { maskConfig } from '@tocsin/core';
import { channelConfig } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

// A `type: discord` entry of a config file, through core's loader and this package's definition.

const URL_SECRET = 'https://discord.com/api/webhooks/12345/cfgsecretdiscordtoken';
const { load, issues } = channelConfig(channelDefinition, ['cfgsecretdiscordtoken']);

describe('a discord channel in a config file', () => {
  it('takes every option in snake_case, ${VAR} resolved', async () => {
    const config = await load(
      {
        ops: {
          type: 'discord',
          webhook_url: '${DISCORD_URL}',
          username: 'tocsin',
          avatar_url: 'https://example.com/a.png',
          thread_id: '777',
        },
      },
      { DISCORD_URL: URL_SECRET },
    );
    expect(config.channels.ops?.options).toMatchObject({
      webhookUrl: URL_SECRET,
      username: 'tocsin',
      avatarUrl: 'https://example.com/a.png',
      threadId: '777',
      name: 'ops',
    });
    const masked = JSON.stringify(maskConfig(config));
    expect(masked).not.toContain('cfgsecretdiscordtoken');
    expect(masked).toContain('"webhookUrl":"');
    expect(JSON.stringify(config)).not.toContain('cfgsecretdiscordtoken');
  });

  it('reads the URL from `credentials: <name>`', async () => {
    const config = await load(
      { ops: { type: 'discord', credentials: 'discord_webhook' } },
      { DISCORD_WEBHOOK: URL_SECRET },
    );
    expect(config.channels.ops?.options.webhookUrl).toBe(URL_SECRET);
  });

  it('reports refusals at the file path, in its spelling, never the URL', async () => {
    expect(
      await issues({ ops: { type: 'discord', webhook_url: URL_SECRET, user_name: 'x' } }),
    ).toEqual([
      { path: 'alerts.channels.ops.user_name', message: expect.stringMatching(/^unknown key/) },
    ]);
    expect(
      await issues({
        ops: {
          type: 'discord',
          webhook_url: 'http://discord.com/api/webhooks/1/cfgsecretdiscordtoken',
        },
      }),
    ).toEqual([
      {
        path: 'alerts.channels.ops.webhook_url',
        message: expect.stringMatching(/^`webhook_url` must use https:/),
      },
    ]);
    expect(await issues({ ops: { type: 'discord' } })).toEqual([
      {
        path: 'alerts.channels.ops.webhook_url',
        message: expect.stringMatching(/^`webhook_url` is required/),
      },
    ]);
  });
});
