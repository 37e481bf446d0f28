import { defineLazyChannel, urlQuery } from '@tocsin/channel-kit';
import { PagerDutyChannel } from './pagerduty-channel.js';
import {
  DEFAULT_BASE_URL,
  type PagerDutyChannelOptions,
  pagerDutyChannelOptionsSchema,
} from './pagerduty-channel-options.js';

const REGIONS: Readonly<Record<string, string>> = {
  us: DEFAULT_BASE_URL,
  eu: 'https://events.eu.pagerduty.com',
};

/** `type: pagerduty` in a config file: core validates, types and builds PagerDuty channels from this. */
export const pagerDutyChannelDefinition = defineLazyChannel({
  type: 'pagerduty',
  lazySchema: pagerDutyChannelOptionsSchema,
  secrets: ['routingKey', 'proxy'],
  credentials: 'routingKey',
  description:
    'PagerDuty Events API v2: trigger events deduplicated by fingerprint (@tocsin/pagerduty)',
  describeTarget: (options) =>
    `POST ${String(options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, '')}/v2/enqueue (routing key ***)`,
  schemes: ['pagerduty'],
  fromUrl: pagerDutyOptionsFromUrl,
  create: (options) => new PagerDutyChannel(options),
});

/**
 * `pagerduty://<routing key>?region=eu&source=web-1`: the routing key is the host; the
 * query takes `region` (us, eu), `base_url` (a local fake), `source`, `client`,
 * `client_url`, `component_label`, `group_label`, `class_label` and `timeout`.
 */
export function pagerDutyOptionsFromUrl(url: URL): Record<string, unknown> {
  if (url.username !== '' || url.password !== '' || url.port !== '')
    throw new Error(
      'the authority: expected pagerduty://<routing key>, without user, password or port',
    );
  if (url.hostname === '')
    throw new Error('the host: expected the routing key, pagerduty://<routing key>');
  if (url.pathname !== '' && url.pathname !== '/')
    throw new Error('the path: expected none, pagerduty://<routing key>?<options>');
  const { region, ...query } = urlQuery(url, {
    region: 'string',
    base_url: 'string',
    source: 'string',
    client: 'string',
    client_url: 'string',
    component_label: 'string',
    group_label: 'string',
    class_label: 'string',
    timeout: 'integer',
  });
  const options: Record<string, unknown> = { routingKey: url.hostname, ...query };
  if (region !== undefined) {
    const baseUrl = REGIONS[String(region).toLowerCase()];
    if (baseUrl === undefined) throw new Error('the query key "region": expected us or eu');
    if (query.baseUrl !== undefined)
      throw new Error('the query keys "region" and "base_url": give one of them');
    options.baseUrl = baseUrl;
  }
  return options;
}

declare module '@tocsin/core' {
  interface ChannelTypes {
    pagerduty: PagerDutyChannelOptions;
  }
}
