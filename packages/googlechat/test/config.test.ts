// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { maskConfig } from '@tocsin/core';
import { channelConfig } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

// A `type: googlechat` entry of a config file, through core's loader and this package's definition.

const KEY = 'AIzaSyCfgSecretKey0123456789';
const TOKEN = 'cfgSecretToken0123456789';
const URL_SECRET = `https://chat.googleapis.com/v1/spaces/AAAAcfgSpace/messages?key=${KEY}&token=${TOKEN}`;
const SECRETS = [KEY, TOKEN, 'AAAAcfgSpace'];
const { load, issues, target } = channelConfig(channelDefinition, SECRETS);

describe('a googlechat channel in a config file', () => {
  it('takes every option in snake_case, string forms from ${VAR} converted', async () => {
    const config = await load(
      {
        ops: {
          type: 'googlechat',
          webhook_url: '${CHAT_URL}',
          thread_by_fingerprint: '${THREAD}',
          max_connections: '2',
          min_level: 'warning',
        },
      },
      { CHAT_URL: URL_SECRET, THREAD: 'true' },
    );
    expect(config.channels.ops?.options).toMatchObject({
      webhookUrl: URL_SECRET,
      threadByFingerprint: true,
      allowInsecureHttp: false,
      maxConnections: 2,
      name: 'ops',
    });
    const masked = JSON.stringify(maskConfig(config));
    for (const secret of [KEY, TOKEN, 'AAAAcfgSpace']) expect(masked).not.toContain(secret);
    expect(masked).toContain('"webhookUrl":"https://chat.googleapis.com/');
    // What `tocsin check` prints: one line, from the masked options.
    const line = target(config, 'ops');
    expect(line).toMatch(/^POST https:\/\/[a-z0-9.-]+(:\d+)?\/\*\*\*/);
    for (const secret of SECRETS) expect(line).not.toContain(secret);
  });

  it('reads the URL from `credentials: <name>`', async () => {
    const config = await load(
      { ops: { type: 'googlechat', credentials: 'chat_webhook' } },
      { CHAT_WEBHOOK: URL_SECRET },
    );
    expect(config.channels.ops?.options.webhookUrl).toBe(URL_SECRET);
  });

  it('reports refusals at the file path, in its spelling, never the URL', async () => {
    expect(
      await issues({
        ops: { type: 'googlechat', webhook_url: URL_SECRET, thread_by_fingerprnt: true },
      }),
    ).toEqual([
      {
        path: 'alerts.channels.ops.thread_by_fingerprnt',
        message: 'unknown key; did you mean "thread_by_fingerprint"?',
      },
    ]);
    expect(
      await issues({
        ops: { type: 'googlechat', webhook_url: URL_SECRET.replace('https:', 'http:') },
      }),
    ).toEqual([
      {
        path: 'alerts.channels.ops.webhook_url',
        message: expect.stringMatching(
          /^`webhook_url` must use https:.*`allow_insecure_http: true`/,
        ),
      },
    ]);
    expect(await issues({ ops: { type: 'googlechat' } })).toEqual([
      {
        path: 'alerts.channels.ops.webhook_url',
        message: expect.stringMatching(/^`webhook_url` is required/),
      },
    ]);
  });
});
