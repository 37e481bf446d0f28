import { optionsFromUrl } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition, parseSlackChannelOptions } from '../src/index.js';

const TOKEN = 'urlSecretToken0123456789';
const fromUrl = (url: string) => optionsFromUrl(channelDefinition, url);

describe('slack:// URLs', () => {
  it('is declared for the slack scheme', () => {
    expect(channelDefinition.schemes).toEqual(['slack']);
  });

  it('stands for the incoming webhook on hooks.slack.com', () => {
    const options = fromUrl(`slack://T0ABC123/B0DEF456/${TOKEN}`);
    expect(options).toEqual({
      webhookUrl: `https://hooks.slack.com/services/T0ABC123/B0DEF456/${TOKEN}`,
    });
    expect(parseSlackChannelOptions(options)).toMatchObject({ name: 'slack' });
    expect(fromUrl(`slack://T0ABC123/B0DEF456/${TOKEN}/`)).toEqual(options);
  });

  it('reads username, icon_emoji and channel from the query (or username@ and #channel, as Apprise)', () => {
    const options = fromUrl(
      `slack://T0ABC123/B0DEF456/${TOKEN}?username=tocsin&icon_emoji=:bell:&channel=%23alerts`,
    );
    expect(options).toEqual({
      webhookUrl: `https://hooks.slack.com/services/T0ABC123/B0DEF456/${TOKEN}`,
      username: 'tocsin',
      iconEmoji: ':bell:',
      channelName: '#alerts',
    });
    expect(parseSlackChannelOptions(options)).toMatchObject({ channelName: '#alerts' });
    expect(fromUrl(`slack://tocsin%20bot@T0ABC123/B0DEF456/${TOKEN}#ops`)).toMatchObject({
      username: 'tocsin bot',
      channelName: '#ops',
    });
  });

  it('targets a local server with base_url and allow_insecure_http', () => {
    const options = fromUrl(
      `slack://T0ABC123/B0DEF456/${TOKEN}?base_url=http://127.0.0.1:8080&allow_insecure_http=yes`,
    );
    expect(options).toEqual({
      webhookUrl: `http://127.0.0.1:8080/services/T0ABC123/B0DEF456/${TOKEN}`,
      allowInsecureHttp: true,
    });
    expect(parseSlackChannelOptions(options)).toMatchObject({ allowInsecureHttp: true });
    // Without allow_insecure_http the schema refuses the http:// URL, naming the option only.
    const plain = fromUrl(`slack://T0ABC123/B0DEF456/${TOKEN}?base_url=http://127.0.0.1:8080`);
    expect(() => parseSlackChannelOptions(plain)).toThrow(/`webhookUrl` must use https:/);
    expect(() => parseSlackChannelOptions(plain)).not.toThrow(TOKEN);
  });

  it.each([
    [`slack://x0abc/B0DEF456/${TOKEN}`, 'the host: expected the team id T…'],
    [`slack:///B0DEF456/${TOKEN}`, 'the host: expected the team id T…'],
    [`slack://T0ABC123/${TOKEN}`, 'the path: expected /<B…>/<token>'],
    [`slack://T0ABC123/B0DEF456/${TOKEN}/extra`, 'the path: expected /<B…>/<token>'],
    [`slack://T0ABC123/X0DEF456/${TOKEN}`, 'the path: expected the webhook id B… first'],
    [
      `slack://T0ABC123/B0DEF456/${TOKEN}-x`,
      'the path: expected the token (letters and digits) last',
    ],
    [`slack://u:${TOKEN}@T0ABC123/B0DEF456/${TOKEN}`, 'the password'],
    [`slack://T0ABC123/B0DEF456/${TOKEN}?token=${TOKEN}`, 'the query key "token" is not known'],
    [`slack://T0ABC123/B0DEF456/${TOKEN}?base_url=ftp://${TOKEN}`, 'the query key "base_url"'],
    [`slack://T0ABC123/B0DEF456/${TOKEN}?channel=a#b`, 'the fragment: give the channel once'],
    [`slack://T0ABC123/B0DEF456/${TOKEN}#%zz`, 'the fragment: it is not valid percent-encoding'],
  ])('refuses %s, naming the part and never the token', (url, message) => {
    let thrown: unknown;
    try {
      fromUrl(url);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(String(thrown)).toContain(message);
    expect(String(thrown)).not.toContain(TOKEN);
  });
});
