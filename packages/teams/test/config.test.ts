// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { maskConfig } from '@tocsin/core';
import { channelConfig } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

// A `type: teams` entry of a config file, through core's loader and this package's definition.

const SIG = 'cfgSecretSig0123456789';
const URL_SECRET = `https://prod-12.westeurope.logic.azure.com:443/workflows/0123abcd4567ef89/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`;
const SECRETS = [SIG, '0123abcd4567ef89'];
const { load, issues, target } = channelConfig(channelDefinition, SECRETS);

describe('a teams channel in a config file', () => {
  it('takes every option in snake_case, string forms from ${VAR} converted', async () => {
    const config = await load(
      {
        ops: {
          type: 'teams',
          webhook_url: '${TEAMS_URL}',
          allow_insecure_http: '${INSECURE}',
          max_connections: '2',
          min_level: 'warning',
        },
      },
      { TEAMS_URL: URL_SECRET, INSECURE: 'false' },
    );
    expect(config.channels.ops?.options).toMatchObject({
      webhookUrl: URL_SECRET,
      allowInsecureHttp: false,
      maxConnections: 2,
      name: 'ops',
    });
    const masked = JSON.stringify(maskConfig(config));
    expect(masked).not.toContain(SIG);
    expect(masked).not.toContain('0123abcd4567ef89');
    expect(masked).toContain('"webhookUrl":"https://prod-12.westeurope.logic.azure.com');
    // What `tocsin check` prints: one line, from the masked options.
    const line = target(config, 'ops');
    expect(line).toMatch(/^POST https:\/\/[a-z0-9.-]+(:\d+)?\/\*\*\*/);
    for (const secret of SECRETS) expect(line).not.toContain(secret);
  });

  it('reads the URL from `credentials: <name>`', async () => {
    const config = await load(
      { ops: { type: 'teams', credentials: 'teams_webhook' } },
      { TEAMS_WEBHOOK: URL_SECRET },
    );
    expect(config.channels.ops?.options.webhookUrl).toBe(URL_SECRET);
  });

  it('reports refusals at the file path, in its spelling, never the URL', async () => {
    expect(
      await issues({ ops: { type: 'teams', webhook_url: URL_SECRET, max_conections: 2 } }),
    ).toEqual([
      {
        path: 'alerts.channels.ops.max_conections',
        message: 'unknown key; did you mean "max_connections"?',
      },
    ]);
    const [insecure] = await issues({
      ops: { type: 'teams', webhook_url: URL_SECRET.replace('https:', 'http:') },
    });
    expect(insecure).toEqual({
      path: 'alerts.channels.ops.webhook_url',
      message: expect.stringMatching(/^`webhook_url` must use https:.*`allow_insecure_http: true`/),
    });
    expect(await issues({ ops: { type: 'teams' } })).toEqual([
      {
        path: 'alerts.channels.ops.webhook_url',
        message: expect.stringMatching(/^`webhook_url` is required/),
      },
    ]);
    const [range] = await issues({
      ops: { type: 'teams', webhook_url: URL_SECRET, max_connections: 0 },
    });
    expect(range).toMatchObject({ path: 'alerts.channels.ops.max_connections' });
  });
});
