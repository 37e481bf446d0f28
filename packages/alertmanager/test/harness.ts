import type { FakeHttpServer } from '@tocsin/test-kit';
import { AlertmanagerChannel, type AlertmanagerChannelOptions } from '../src/index.js';

/** The secrets of every test: a bearer token and a basic-auth password. */
export const TOKEN = 'am-bearer-token-0123456789abcdef';
export const PASSWORD = 'am-basic-password-0123456789';

/** An AlertmanagerChannel pushing to the fake servers (or URLs), with a bearer token. */
export function alertmanagerChannel(
  servers: ReadonlyArray<FakeHttpServer | string>,
  options: Partial<AlertmanagerChannelOptions> = {},
): AlertmanagerChannel {
  return new AlertmanagerChannel({
    urls: servers.map((server) => (typeof server === 'string' ? server : server.url)),
    auth: { bearer: TOKEN },
    ...options,
  });
}
