// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { maskConfig, tocsinConfigJsonSchema } from '@tocsin/core';
import { channelConfig } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';
import { ROUTING_KEY } from './harness.js';

// A `type: pagerduty` entry of a config file, through core's loader and this package's definition.

const { load, issues } = channelConfig(channelDefinition, [ROUTING_KEY]);

describe('a pagerduty channel in a config file', () => {
  it('takes every option in snake_case; severity_map keys are data', async () => {
    const config = await load(
      {
        pager: {
          type: 'pagerduty',
          routing_key: '${PD_KEY}',
          base_url: 'https://events.eu.pagerduty.com',
          source: 'web-1',
          severity_map: { warning: 'error' },
          component_label: 'service',
          client_url: 'https://status.example.com/',
          max_connections: '${CONNECTIONS}',
          min_level: 'error',
        },
      },
      { PD_KEY: ROUTING_KEY, CONNECTIONS: '2' },
    );
    expect(config.channels.pager?.options).toMatchObject({
      routingKey: ROUTING_KEY,
      baseUrl: 'https://events.eu.pagerduty.com',
      source: 'web-1',
      severityMap: { warning: 'error' },
      componentLabel: 'service',
      groupLabel: 'group',
      clientUrl: 'https://status.example.com/',
      maxConnections: 2,
      name: 'pager',
    });
    const masked = JSON.stringify(maskConfig(config));
    expect(masked).not.toContain(ROUTING_KEY);
    expect(masked).toContain('"routingKey":"***"');
    expect(JSON.stringify(config)).not.toContain(ROUTING_KEY);
  });

  it('reads the key from `credentials: <name>`', async () => {
    const config = await load(
      { pager: { type: 'pagerduty', credentials: 'pagerduty_key' } },
      { PAGERDUTY_KEY: ROUTING_KEY },
    );
    expect(config.channels.pager?.options.routingKey).toBe(ROUTING_KEY);
  });

  it('reports refusals at the file path, in its spelling, never the key', async () => {
    expect(
      await issues({ pager: { type: 'pagerduty', routing_key: ROUTING_KEY, sevrity_map: {} } }),
    ).toEqual([
      {
        path: 'alerts.channels.pager.sevrity_map',
        message: 'unknown key; did you mean "severity_map"?',
      },
    ]);
    expect(
      await issues({ pager: { type: 'pagerduty', routing_key: `${ROUTING_KEY}-and-more` } }),
    ).toEqual([
      {
        path: 'alerts.channels.pager.routing_key',
        message: expect.stringMatching(/^`routing_key` must be the 32-character/),
      },
    ]);
    const [severity] = await issues({
      pager: { type: 'pagerduty', routing_key: ROUTING_KEY, severity_map: { warning: 'high' } },
    });
    expect(severity?.path).toBe('alerts.channels.pager.severity_map.warning');
    expect(await issues({ pager: { type: 'pagerduty' } })).toEqual([
      {
        path: 'alerts.channels.pager.routing_key',
        message: expect.stringMatching(/^`routing_key` is required/),
      },
    ]);
  });

  it('is described in the JSON Schema (file spelling), and `tocsin check` shows no secret', () => {
    const schema = JSON.stringify(tocsinConfigJsonSchema([channelDefinition]));
    expect(schema).toContain('"routing_key"');
    expect(schema).toContain('"const":"pagerduty"');
    expect(
      channelDefinition.describeTarget?.({
        routingKey: '***',
        baseUrl: 'https://events.eu.pagerduty.com',
      }),
    ).toBe('POST https://events.eu.pagerduty.com/v2/enqueue (routing key ***)');
  });
});
