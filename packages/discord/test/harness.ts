import { type Alert, createAlert } from '@tocsin/core';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { afterEach } from 'vitest';
import { DiscordChannel, type DiscordChannelOptions, type DiscordMessage } from '../src/index.js';
import { discordReplies } from './discord-replies.js';

export const WEBHOOK_ID = '1200000000000000002';
export const TOKEN = 'Xy9_secretDiscordToken-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';

const servers: FakeHttpServer[] = [];
const channels: DiscordChannel[] = [];
afterEach(async () => {
  for (const channel of channels.splice(0)) await channel.close();
  for (const server of servers.splice(0)) await server.close();
});

/** A Discord channel posting to a fake Discord on 127.0.0.1, both closed after the test. */
export async function setUp(options: Partial<DiscordChannelOptions> = {}) {
  const server = await startFakeHttpServer({ defaultReply: discordReplies.ok });
  servers.push(server);
  const channel = new DiscordChannel({
    webhookUrl: `${server.url}/api/webhooks/${WEBHOOK_ID}/${TOKEN}`,
    ...options,
  });
  channels.push(channel);
  return { server, channel };
}

/** A fixed alert. */
export function sampleAlert(overrides: Record<string, unknown> = {}): Alert {
  return createAlert({
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    title: 'Database connection lost',
    body: 'Primary unreachable for 30 s',
    level: 'critical',
    labels: { service: 'api', host: 'db-1' },
    source: 'billing-worker',
    timestamp: '2026-03-04T05:06:07.089Z',
    ...overrides,
  });
}

export function sendContext(signal: AbortSignal = AbortSignal.timeout(15_000)) {
  return { signal, attempt: 1, timeoutMs: 15_000 };
}

/** The rejection of `promise`, or a failure when it resolves. */
export async function rejectionOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The message the fake received in its `index`th request (the last for -1). */
export function posted(server: FakeHttpServer, index = 0): DiscordMessage {
  const request = server.requests.at(index);
  if (request === undefined) throw new Error(`no request ${index}`);
  return request.json() as DiscordMessage;
}
