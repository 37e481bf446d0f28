import { optionsFromUrl, urlRefusal } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

const TOKEN = 'Xy9_secretDiscordToken-aBcDeF';
const fromUrl = (url: string) => optionsFromUrl(channelDefinition, url);

describe('discord:// channel URLs', () => {
  it('reads discord://<id>/<token> into options the schema accepts', () => {
    expect(channelDefinition.schemes).toEqual(['discord']);
    const options = fromUrl(`discord://1200000000000000002/${TOKEN}`);
    expect(options).toEqual({
      webhookUrl: `https://discord.com/api/webhooks/1200000000000000002/${TOKEN}`,
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({ ...options, name: 'discord' });
  });

  it('reads username, avatar_url, thread_id and a base_url for a local fake', () => {
    const options = fromUrl(
      `discord://12345/${TOKEN}?username=tocsin&avatar_url=https%3A%2F%2Fexample.com%2Fa.png&thread_id=777&base_url=http%3A%2F%2F127.0.0.1%3A8080%2Fapi%2Fwebhooks%2F`,
    );
    expect(options).toEqual({
      webhookUrl: `http://127.0.0.1:8080/api/webhooks/12345/${TOKEN}`,
      username: 'tocsin',
      avatarUrl: 'https://example.com/a.png',
      threadId: '777',
    });
    expect(() => channelDefinition.schema.parse(options)).not.toThrow();
  });

  it('names the wrong part, never a value', () => {
    const cases: Array<[string, RegExp]> = [
      [`discord://not-an-id/${TOKEN}`, /^the host: expected the webhook id/],
      ['discord://12345', /^the path: expected \/<webhook token>/],
      [`discord://12345/${TOKEN}/extra`, /^the path/],
      [`discord://user:${TOKEN}@12345/${TOKEN}`, /^the authority/],
      [`discord://12345/${TOKEN}?colour=red`, /^the query key "colour" is not known/],
    ];
    for (const [url, message] of cases)
      expect(urlRefusal(channelDefinition, url, [TOKEN])).toMatch(message);
  });
});
