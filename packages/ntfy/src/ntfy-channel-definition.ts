import { decodeUrlPart, defineLazyChannel, urlQuery } from '@tocsin/channel-kit';
import { NtfyChannel } from './ntfy-channel.js';
import {
  DEFAULT_SERVER_URL,
  type NtfyChannelOptions,
  ntfyChannelOptionsSchema,
} from './ntfy-channel-options.js';

/** `type: ntfy` in a config file: core validates, types and builds ntfy channels from this. */
export const ntfyChannelDefinition = defineLazyChannel({
  type: 'ntfy',
  lazySchema: ntfyChannelOptionsSchema,
  secrets: ['topic', 'token', 'password', 'proxy'],
  credentials: 'token',
  description: 'ntfy push notifications, ntfy.sh or self-hosted (@tocsin/ntfy)',
  describeTarget: (options) =>
    `POST ${String(options.serverUrl ?? DEFAULT_SERVER_URL).replace(/\/$/, '')}/ (topic ***)`,
  schemes: ['ntfy', 'ntfys', 'ntfy+http'],
  fromUrl: ntfyOptionsFromUrl,
  create: (options) => new NtfyChannel(options),
});

/**
 * `ntfy://[user:password@]host[:port]/<topic>` (https; `ntfys://` too, `ntfy+http://` for
 * plain http, a local server), or `ntfy://<topic>` on ntfy.sh. Query: `token`, `priority`,
 * `tags`, `click`, `timeout`.
 */
export function ntfyOptionsFromUrl(url: URL): Record<string, unknown> {
  const protocol = url.protocol === 'ntfy+http:' ? 'http' : 'https';
  const path = url.pathname.replace(/^\/|\/$/g, '');
  if (path.includes('/')) throw new Error('the path: expected one topic, ntfy://host/<topic>');
  if (url.hostname === '')
    throw new Error('the host: expected ntfy://host/<topic> or ntfy://<topic>');
  const query = urlQuery(url, {
    token: 'string',
    priority: 'integer',
    tags: 'list',
    click: 'string',
    timeout: 'integer',
  });
  const options: Record<string, unknown> = { ...query };
  if (path === '') {
    if (url.username !== '' || url.password !== '' || url.port !== '')
      throw new Error(
        'the path: expected /<topic> after the host, ntfy://user:password@host/<topic>',
      );
    options.topic = url.hostname;
  } else {
    options.topic = decodeUrlPart(path, 'the path');
    options.serverUrl = `${protocol}://${url.host}`;
  }
  if (url.username !== '' || url.password !== '') {
    if (url.password === '') throw new Error('the authority: expected user:password@');
    options.username = decodeUrlPart(url.username, 'the user');
    options.password = decodeUrlPart(url.password, 'the password');
  }
  return options;
}

declare module '@tocsin/core' {
  interface ChannelTypes {
    ntfy: NtfyChannelOptions;
  }
}
