import { type Alert, type AlertInput, createAlert, type SendContext } from '@tocsin/core';
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

/** A fixed alert (id and timestamp pinned) so payloads are reproducible. */
export function fixedAlert(input: Partial<AlertInput> = {}): Alert {
  return createAlert({
    id: 'alert-0001',
    title: 'Database connection lost',
    body: 'Primary unreachable for 30 s',
    level: 'critical',
    labels: { service: 'api', host: 'db-1' },
    source: 'health-check',
    timestamp: '2025-01-02T03:04:05.000Z',
    ...input,
  });
}

export function sendContext(signal: AbortSignal = new AbortController().signal): SendContext {
  return { signal, attempt: 1, timeoutMs: 5000 };
}

/** What `promise` rejected with (fails the test if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but it resolved');
    },
    (error: unknown) => error,
  );
}
