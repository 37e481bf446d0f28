import { optionsFromUrl, urlRefusal } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

const SECRET = 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const fromUrl = (url: string) => optionsFromUrl(channelDefinition, url);

describe('telegram:// channel URLs', () => {
  it('rejoins the token from user:password and reads the one chat', () => {
    expect(channelDefinition.schemes).toEqual(['telegram']);
    const options = fromUrl(`telegram://110201543:${SECRET}@telegram?chats=-1001234567890`);
    expect(options).toEqual({ botToken: `110201543:${SECRET}`, chatId: '-1001234567890' });
    expect(channelDefinition.schema.parse(options)).toMatchObject({
      ...options,
      name: 'telegram',
      apiUrl: 'https://api.telegram.org',
    });
  });

  it('reads thread_id, silent_below and an api_url for a local fake', () => {
    const options = fromUrl(
      `telegram://110201543:${SECRET}@telegram/?chats=@alerts_channel&thread_id=17&silent_below=error&api_url=http%3A%2F%2F127.0.0.1%3A8081`,
    );
    expect(options).toEqual({
      botToken: `110201543:${SECRET}`,
      chatId: '@alerts_channel',
      messageThreadId: 17,
      silentBelow: 'error',
      apiUrl: 'http://127.0.0.1:8081',
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({ silentBelow: 25 });
  });

  it('names the wrong part, never a value', () => {
    const cases: Array<[string, RegExp]> = [
      [`telegram://110201543:${SECRET}@api.telegram.org?chats=1`, /^the host: expected telegram/],
      [`telegram://${SECRET}@telegram?chats=1`, /^the user: expected the bot token/],
      [`telegram://110201543:${SECRET}@telegram/sendMessage?chats=1`, /^the path/],
      [
        `telegram://110201543:${SECRET}@telegram?chats=1,2`,
        /^the query key "chats": expected exactly one/,
      ],
      [`telegram://110201543:${SECRET}@telegram`, /^the query key "chats"/],
      [
        `telegram://110201543:${SECRET}@telegram?chats=1&parsemode=markdown`,
        /^the query key "parsemode" is not known/,
      ],
    ];
    for (const [url, message] of cases)
      expect(urlRefusal(channelDefinition, url, [SECRET])).toMatch(message);
  });
});
