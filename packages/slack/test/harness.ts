import type { FakeHttpServer } from '@tocsin/test-kit';
import { SlackChannel, type SlackChannelOptions } from '../src/index.js';

/** The secret parts of the test webhook URL: team id, webhook id and token. */
export const TEAM = 'T0SECRET1';
export const HOOK = 'B0SECRET2';
export const TOKEN = 'xyzSecretToken0123456789';
export const WEBHOOK_PATH = `/services/${TEAM}/${HOOK}/${TOKEN}`;

/** Every string that must never be visible, for a server at `url`. */
export function secretsFor(server: FakeHttpServer | string): string[] {
  const base = typeof server === 'string' ? server : server.url;
  return [`${base}${WEBHOOK_PATH}`, WEBHOOK_PATH, TEAM, HOOK, TOKEN];
}

/** A SlackChannel posting to the fake server's Slack-like path. */
export function slackChannel(
  server: FakeHttpServer | string,
  options: Partial<SlackChannelOptions> = {},
): SlackChannel {
  const base = typeof server === 'string' ? server : server.url;
  return new SlackChannel({
    webhookUrl: `${base}${WEBHOOK_PATH}`,
    allowInsecureHttp: true,
    ...options,
  });
}
