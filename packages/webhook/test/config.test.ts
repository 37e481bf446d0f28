// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { maskConfig } from '@tocsin/core';
import { channelConfig } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition, WebhookChannel } from '../src/index.js';

// A `type: webhook` entry of a config file, through core's loader and this package's definition.

const { load, issues } = channelConfig(channelDefinition, ['cfgsecret']);

describe('a webhook channel in a config file', () => {
  it('takes snake_case options; header names are data, kept as written', async () => {
    const config = await load(
      {
        hook: {
          type: 'webhook',
          url: 'https://example.com/in?token=${TOKEN}',
          headers: { 'X-Api-Key': '${TOKEN}', x_snake_case: 'kept' },
          format: 'alertmanager',
          secret: 'a-signing-secret-long-enough',
          max_connections: '${CONNECTIONS}',
          max_response_bytes: 1024,
        },
      },
      { TOKEN: 'tok-cfgsecret-1', CONNECTIONS: '4' },
    );
    expect(config.channels.hook?.options).toMatchObject({
      url: 'https://example.com/in?token=tok-cfgsecret-1',
      headers: { 'X-Api-Key': 'tok-cfgsecret-1', x_snake_case: 'kept' },
      format: 'alertmanager',
      maxConnections: 4,
      maxResponseBytes: 1024,
      method: 'POST',
    });
    const shown = JSON.stringify(maskConfig(config));
    for (const secret of ['tok-cfgsecret-1', 'a-signing-secret-long-enough']) {
      expect(shown).not.toContain(secret);
      expect(JSON.stringify(config)).not.toContain(secret);
    }
    expect(shown).toContain('"X-Api-Key":"***"');
  });

  // One rule in code and in files: POST or PUT in any case, sent in upper case.
  it('takes `method` in any case from a file and from code, and refuses other methods', async () => {
    for (const method of ['put', 'Put', 'PUT']) {
      const config = await load({ hook: { type: 'webhook', url: 'https://example.com/', method } });
      expect(config.channels.hook?.options.method).toBe('PUT');
      const channel = new WebhookChannel({ url: 'https://example.com/', method });
      expect(channel.method).toBe('PUT');
      await channel.close();
    }
    expect(
      await issues({ hook: { type: 'webhook', url: 'https://example.com/', method: 'get' } }),
    ).toEqual([
      { path: 'alerts.channels.hook.method', message: "`method` must be 'POST' or 'PUT'" },
    ]);
    expect(() => new WebhookChannel({ url: 'https://example.com/', method: 'get' })).toThrow(
      "WebhookChannel: `method` must be 'POST' or 'PUT'",
    );
  });

  it('reads the URL from `credentials` or url_file, and names the path of a bad value', async () => {
    const config = await load(
      { hook: { type: 'webhook', credentials: 'audit_hook' } },
      { AUDIT_HOOK: 'https://example.com/cfgsecret' },
    );
    expect(config.channels.hook?.options.url).toBe('https://example.com/cfgsecret');
    const refused = await issues({
      hook: {
        type: 'webhook',
        url: 'https://example.com/',
        max_connections: 'many',
        secret: 'short',
      },
    });
    expect(refused.map((i) => i.path)).toEqual([
      'alerts.channels.hook.secret',
      'alerts.channels.hook.max_connections',
    ]);
  });
});
