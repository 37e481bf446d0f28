import { defineLazyChannel } from '@tocsin/channel-kit';
import { AlertmanagerChannel } from './alertmanager-channel.js';
import {
  type AlertmanagerChannelOptions,
  alertmanagerChannelOptionsSchema,
} from './alertmanager-channel-options.js';

/** `type: alertmanager` in a config file: core validates, types and builds Alertmanager channels from this. */
export const alertmanagerChannelDefinition = defineLazyChannel({
  type: 'alertmanager',
  lazySchema: alertmanagerChannelOptionsSchema,
  secrets: ['auth.bearer', 'auth.password', 'proxy'],
  description:
    'Prometheus Alertmanager: push alerts to every instance of a cluster, resolve sets endsAt (@tocsin/alertmanager)',
  describeTarget: (options) => {
    const urls = Array.isArray(options.urls) ? options.urls.map(String) : [];
    const auth = options.auth === undefined ? '' : ' (auth ***)';
    return `POST ${urls.map((url) => `${url.replace(/\/$/, '')}/api/v2/alerts`).join(', ')}${auth}`;
  },
  create: (options) => new AlertmanagerChannel(options),
});

declare module '@tocsin/core' {
  interface ChannelTypes {
    alertmanager: AlertmanagerChannelOptions;
  }
}
