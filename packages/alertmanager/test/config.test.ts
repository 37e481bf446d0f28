// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { maskConfig, tocsinConfigJsonSchema } from '@tocsin/core';
import { channelConfig } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';
import { PASSWORD, TOKEN } from './harness.js';

// A `type: alertmanager` entry of a config file, through core's loader and this package's definition.

const { load, issues } = channelConfig(channelDefinition, [TOKEN, PASSWORD]);

describe('an alertmanager channel in a config file', () => {
  it('takes every option in snake_case, and masks the credentials', async () => {
    const config = await load(
      {
        am: {
          type: 'alertmanager',
          urls: ['http://am-1:9093', 'http://am-2:9093'],
          auth: { bearer: '${AM_TOKEN}' },
          generator_url: 'https://app.example.com/',
          fingerprint_label: 'tocsin_key',
          annotation_labels: ['runbook_url'],
          max_connections: 2,
          min_level: 'warning',
        },
      },
      { AM_TOKEN: TOKEN },
    );
    expect(config.channels.am?.options).toMatchObject({
      urls: ['http://am-1:9093', 'http://am-2:9093'],
      auth: { bearer: TOKEN },
      generatorUrl: 'https://app.example.com/',
      fingerprintLabel: 'tocsin_key',
      annotationLabels: ['runbook_url'],
      maxConnections: 2,
      name: 'am',
    });
    const masked = JSON.stringify(maskConfig(config));
    expect(masked).not.toContain(TOKEN);
    expect(masked).toContain('"bearer":"***"');
  });

  it('masks a basic-auth password', async () => {
    const config = await load(
      {
        am: {
          type: 'alertmanager',
          urls: ['http://am-1:9093'],
          auth: { username: 'tocsin', password: '${AM_PASSWORD}' },
        },
      },
      { AM_PASSWORD: PASSWORD },
    );
    expect(config.channels.am?.options.auth).toEqual({ username: 'tocsin', password: PASSWORD });
    expect(JSON.stringify(maskConfig(config))).not.toContain(PASSWORD);
  });

  it('reports refusals at the file path, in its spelling, never a secret', async () => {
    expect(await issues({ am: { type: 'alertmanager' } })).toEqual([
      { path: 'alerts.channels.am.urls', message: expect.stringMatching(/^`urls` is required/) },
    ]);
    expect(
      await issues({
        am: { type: 'alertmanager', urls: ['http://am-1:9093'], fingerprint_lable: 'x' },
      }),
    ).toEqual([
      {
        path: 'alerts.channels.am.fingerprint_lable',
        message: 'unknown key; did you mean "fingerprint_label"?',
      },
    ]);
    const [auth] = await issues({
      am: { type: 'alertmanager', urls: ['http://am-1:9093'], auth: { username: 'tocsin' } },
    });
    expect(auth?.path).toBe('alerts.channels.am.auth.password');
    const [url] = await issues({ am: { type: 'alertmanager', urls: ['ftp://am-1'] } });
    expect(url?.path).toBe('alerts.channels.am.urls[0]');
  });

  it('is described in the JSON Schema, and `tocsin check` shows no secret', () => {
    const schema = JSON.stringify(tocsinConfigJsonSchema([channelDefinition]));
    expect(schema).toContain('"fingerprint_label"');
    expect(schema).toContain('"const":"alertmanager"');
    expect(
      channelDefinition.describeTarget?.({
        urls: ['http://am-1:9093/', 'http://am-2:9093'],
        auth: { bearer: '***' },
      }),
    ).toBe('POST http://am-1:9093/api/v2/alerts, http://am-2:9093/api/v2/alerts (auth ***)');
  });
});
