// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { maskConfig, tocsinConfigJsonSchema } from '@tocsin/core';
import { channelConfig } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';
import { PASSWORD, TOKEN, TOPIC } from './harness.js';

// A `type: ntfy` entry of a config file, through core's loader and this package's definition.

const { load, issues } = channelConfig(channelDefinition, [TOPIC, TOKEN, PASSWORD]);

describe('an ntfy channel in a config file', () => {
  it('takes every option in snake_case, numbers from ${VAR}; secrets masked', async () => {
    const config = await load(
      {
        phone: {
          type: 'ntfy',
          topic: '${NTFY_TOPIC}',
          server_url: 'https://ntfy.example.com',
          username: 'ops',
          password: '${NTFY_PASSWORD}',
          priority: '${PRIORITY}',
          tags: ['db'],
          click: 'https://status.example.com/',
          min_level: 'warning',
        },
      },
      { NTFY_TOPIC: TOPIC, NTFY_PASSWORD: PASSWORD, PRIORITY: '4' },
    );
    expect(config.channels.phone?.options).toMatchObject({
      topic: TOPIC,
      serverUrl: 'https://ntfy.example.com',
      username: 'ops',
      password: PASSWORD,
      priority: 4,
      tags: ['db'],
      name: 'phone',
    });
    const masked = JSON.stringify(maskConfig(config));
    for (const secret of [TOPIC, PASSWORD]) {
      expect(masked).not.toContain(secret);
      expect(JSON.stringify(config)).not.toContain(secret);
    }
  });

  it('reads the token from `credentials: <name>`', async () => {
    const config = await load(
      { phone: { type: 'ntfy', topic: TOPIC, credentials: 'ntfy_token' } },
      { NTFY_TOKEN: TOKEN },
    );
    expect(config.channels.phone?.options.token).toBe(TOKEN);
  });

  it('reports refusals at the file path, in its spelling', async () => {
    expect(await issues({ phone: { type: 'ntfy', topic: TOPIC, server: 'x' } })).toEqual([
      { path: 'alerts.channels.phone.server', message: expect.stringMatching(/^unknown key/) },
    ]);
    expect(
      await issues({
        phone: { type: 'ntfy', topic: TOPIC, token: TOKEN, password: PASSWORD, username: 'u' },
      }),
    ).toEqual([
      {
        path: 'alerts.channels.phone.token',
        message: '`token` and `username`/`password` are two ways to sign in: give one',
      },
    ]);
    const [priority] = await issues({ phone: { type: 'ntfy', topic: TOPIC, priority: 9 } });
    expect(priority?.path).toBe('alerts.channels.phone.priority');
    expect(await issues({ phone: { type: 'ntfy' } })).toEqual([
      {
        path: 'alerts.channels.phone.topic',
        message: expect.stringMatching(/^`topic` is required/),
      },
    ]);
  });

  it('is described in the JSON Schema (file spelling), and `tocsin check` shows no secret', () => {
    const schema = JSON.stringify(tocsinConfigJsonSchema([channelDefinition]));
    expect(schema).toContain('"topic"');
    expect(schema).toContain('"const":"ntfy"');
    expect(
      channelDefinition.describeTarget?.({ topic: '***', serverUrl: 'https://ntfy.example.com' }),
    ).toBe('POST https://ntfy.example.com/ (topic ***)');
  });
});
