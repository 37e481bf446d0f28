import { type FakeHttpServer, type RecordedRequest, startFakeHttpServer } from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { TelegramChannel, type TelegramChannelOptions } from '../src/index.js';
import { telegramReplies } from './telegram-replies.js';

export const TOKEN_SECRET = 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
export const TOKEN = `110201543:${TOKEN_SECRET}`;
export const CHAT = '-1001234567890';

const closeLater = closeAfterEach();

/** A fake Bot API: 404 `Not Found` for any path but `/bot<TOKEN>/sendMessage`, as Telegram does. */
export async function startFakeTelegram(): Promise<FakeHttpServer> {
  const server = await startFakeHttpServer();
  server.setDefault((request: RecordedRequest) =>
    request.url === `/bot${TOKEN}/sendMessage` ? telegramReplies.ok : telegramReplies.notFound,
  );
  return server;
}

/** A Telegram channel posting to a fake Bot API on 127.0.0.1, both closed after the test. */
export async function setUp(options: Partial<TelegramChannelOptions> = {}) {
  const server = closeLater(await startFakeTelegram());
  const channel = closeLater(
    new TelegramChannel({
      botToken: TOKEN,
      chatId: CHAT,
      apiUrl: server.url,
      ...options,
    }),
  );
  return { server, channel };
}

/** The JSON the fake received in its `index`th request (the last for -1). */
export function posted(server: FakeHttpServer, index = 0): Record<string, unknown> {
  const request = server.requests.at(index);
  if (request === undefined) throw new Error(`no request ${index}`);
  return request.json() as Record<string, unknown>;
}

/** The text as the reader sees it: Telegram's entity parsing of our HTML. */
export function visibleText(html: string): string {
  return html
    .replace(/<\/?(b|i|code|pre)>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
