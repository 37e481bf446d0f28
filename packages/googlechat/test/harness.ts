import type { FakeHttpServer } from '@tocsin/test-kit';
import { GoogleChatChannel, type GoogleChatChannelOptions } from '../src/index.js';

/** The secret parts of the test webhook URL. */
export const SPACE = 'AAAAbCdEfGh';
export const KEY = 'AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI';
export const TOKEN = 'secretTok3n_0123456789abcdefghijklmnopqrstu%3D';
export const WEBHOOK_PATH = `/v1/spaces/${SPACE}/messages?key=${KEY}&token=${TOKEN}`;
/** The token as it arrives decoded (`%3D` is `=`). */
export const TOKEN_DECODED = decodeURIComponent(TOKEN);

export function secretsFor(server: FakeHttpServer): string[] {
  return [`${server.url}${WEBHOOK_PATH}`, SPACE, KEY, TOKEN, TOKEN_DECODED];
}

export function chatChannel(
  server: FakeHttpServer | string,
  options: Partial<GoogleChatChannelOptions> = {},
): GoogleChatChannel {
  const base = typeof server === 'string' ? server : server.url;
  return new GoogleChatChannel({
    webhookUrl: `${base}${WEBHOOK_PATH}`,
    allowInsecureHttp: true,
    ...options,
  });
}

export interface PostedCard {
  header: { title: string; subtitle: string };
  sections: Array<{ header?: string; widgets: Array<Record<string, Record<string, string>>> }>;
}
export interface Posted {
  fallbackText: string;
  cardsV2: Array<{ cardId: string; card: PostedCard }>;
  thread?: { threadKey: string };
  text?: string;
}
export const cardOf = (json: unknown): PostedCard =>
  (json as Posted).cardsV2[0]?.card as PostedCard;
