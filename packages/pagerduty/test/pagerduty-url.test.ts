import { optionsFromUrl, urlRefusal } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';
import { ROUTING_KEY } from './harness.js';

const fromUrl = (url: string) => optionsFromUrl(channelDefinition, url);

/** The message fromUrl throws, checked to hold no part of the URL's secret. */
const refusal = (url: string) => urlRefusal(channelDefinition, url, [ROUTING_KEY]);

describe('pagerduty:// URLs', () => {
  it('reads the routing key from the host and options from the query', () => {
    expect(channelDefinition.schemes).toEqual(['pagerduty']);
    const options = fromUrl(
      `pagerduty://${ROUTING_KEY}?source=web-1&client=Tocsin&client_url=https%3A%2F%2Fstatus.example.com%2F&component_label=service&timeout=10`,
    );
    expect(options).toEqual({
      routingKey: ROUTING_KEY,
      source: 'web-1',
      client: 'Tocsin',
      clientUrl: 'https://status.example.com/',
      componentLabel: 'service',
      timeout: 10,
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({
      routingKey: ROUTING_KEY,
      baseUrl: 'https://events.pagerduty.com',
    });
  });

  it('keeps the key’s case, and takes a region or a base_url for a local fake', () => {
    expect(fromUrl(`pagerduty://${ROUTING_KEY}/?region=EU`)).toEqual({
      routingKey: ROUTING_KEY,
      baseUrl: 'https://events.eu.pagerduty.com',
    });
    const local = fromUrl(`pagerduty://${ROUTING_KEY}?base_url=http://127.0.0.1:8080`);
    expect(channelDefinition.schema.parse(local)).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080',
    });
  });

  it('names the wrong part, never the key', () => {
    expect(refusal(`pagerduty://${ROUTING_KEY}/extra`)).toMatch(/^the path: expected none/);
    expect(refusal(`pagerduty://user:${ROUTING_KEY}@host`)).toMatch(/^the authority/);
    expect(refusal(`pagerduty://${ROUTING_KEY}?region=mars`)).toBe(
      'the query key "region": expected us or eu',
    );
    expect(refusal(`pagerduty://${ROUTING_KEY}?region=eu&base_url=http://x`)).toMatch(
      /give one of them/,
    );
    expect(refusal(`pagerduty://${ROUTING_KEY}?severity=high`)).toMatch(
      /^the query key "severity" is not known: expected region, base_url/,
    );
    expect(refusal(`pagerduty://${ROUTING_KEY}?timeout=soon`)).toBe(
      'the query key "timeout": expected a whole number',
    );
  });

  it('a key of the wrong shape is the schema’s refusal, naming `routingKey`', () => {
    const parsed = channelDefinition.schema.safeParse(fromUrl('pagerduty://tooshort'));
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('`routingKey` must be the 32-character');
  });
});
