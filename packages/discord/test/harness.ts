import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { DiscordChannel, type DiscordChannelOptions, type DiscordMessage } from '../src/index.js';
import { discordReplies } from './discord-replies.js';

export const WEBHOOK_ID = '1200000000000000002';
export const TOKEN = 'Xy9_secretDiscordToken-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';

const closeLater = closeAfterEach();

/** A Discord channel posting to a fake Discord on 127.0.0.1, both closed after the test. */
export async function setUp(options: Partial<DiscordChannelOptions> = {}) {
  const server = closeLater(await startFakeHttpServer({ defaultReply: discordReplies.ok }));
  const channel = closeLater(
    new DiscordChannel({
      webhookUrl: `${server.url}/api/webhooks/${WEBHOOK_ID}/${TOKEN}`,
      ...options,
    }),
  );
  return { server, channel };
}

/** The message the fake received in its `index`th request (the last for -1). */
export function posted(server: FakeHttpServer, index = 0): DiscordMessage {
  const request = server.requests.at(index);
  if (request === undefined) throw new Error(`no request ${index}`);
  return request.json() as DiscordMessage;
}
