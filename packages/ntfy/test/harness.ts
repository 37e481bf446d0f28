import type { FakeHttpServer } from '@tocsin/test-kit';
import { NtfyChannel, type NtfyChannelOptions } from '../src/index.js';

/** The secrets of every test: the topic (anyone who knows it can read it) and the token. */
export const TOPIC = 'alerts_Secret_Topic_4f9c';
export const TOKEN = 'tk_secretntfytoken0123456789abc';
export const PASSWORD = 'pw-Secret-ntfy-77';

/** An NtfyChannel publishing to the fake server with a token. */
export function ntfyChannel(
  server: FakeHttpServer | string,
  options: Partial<NtfyChannelOptions> = {},
): NtfyChannel {
  return new NtfyChannel({
    topic: TOPIC,
    serverUrl: typeof server === 'string' ? server : server.url,
    ...('username' in options ? {} : { token: TOKEN }),
    ...options,
  });
}
