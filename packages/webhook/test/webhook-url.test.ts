import {
  fixedAlert,
  optionsFromUrl,
  sendContext,
  startFakeHttpServer,
  urlRefusal,
} from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition, WebhookChannel } from '../src/index.js';

const fromUrl = (url: string) => optionsFromUrl(channelDefinition, url);

describe('webhook+https:// channel URLs', () => {
  it('is the receiver URL with https:// or http://, credentials, path and query kept', () => {
    expect(channelDefinition.schemes).toEqual(['webhook+https', 'webhook+http']);
    expect(fromUrl('webhook+https://hooks.example.com/in/T0KEN?token=abc')).toEqual({
      url: 'https://hooks.example.com/in/T0KEN?token=abc',
    });
    expect(fromUrl('webhook+http://alerts:pa55@127.0.0.1:8080/hook')).toEqual({
      url: 'http://alerts:pa55@127.0.0.1:8080/hook',
    });
    const options = fromUrl('webhook+https://example.com');
    expect(options).toEqual({ url: 'https://example.com/' });
    expect(channelDefinition.schema.parse(options)).toMatchObject({
      url: 'https://example.com/',
      method: 'POST',
    });
  });

  it('takes only tocsin_ keys as options; the receiver keeps its own, format and method included, as written', () => {
    const options = fromUrl(
      'webhook+https://example.com/hook?format=xml&tocsin_format=alertmanager&a=%20b+c&method=GET&tocsin_method=put&tocsin_timeout=10&tocsin_max_body_bytes=8192&x',
    );
    expect(options).toEqual({
      url: 'https://example.com/hook?format=xml&a=%20b+c&method=GET&x',
      format: 'alertmanager',
      method: 'put',
      timeout: 10,
      maxBodyBytes: 8192,
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({
      format: 'alertmanager',
      method: 'PUT',
      timeout: 10,
      maxBodyBytes: 8192,
    });
    expect(
      fromUrl('webhook+https://example.com/h?tocsin_secret=a-signing-secret-long-enough'),
    ).toEqual({
      url: 'https://example.com/h',
      secret: 'a-signing-secret-long-enough',
    });
  });

  it('delivers to the receiver with its own query, in the format the tocsin_ key chose', async () => {
    const server = await startFakeHttpServer();
    const url = `webhook+${server.url}/hook?format=xml&tocsin_format=alertmanager`;
    const channel = new WebhookChannel(
      channelDefinition.schema.parse(fromUrl(url)) as ConstructorParameters<
        typeof WebhookChannel
      >[0],
    );
    try {
      await channel.send(fixedAlert(), sendContext());
      expect(server.requests[0]?.url).toBe('/hook?format=xml');
      expect(server.requests[0]?.json()).toMatchObject({ version: '4', status: 'firing' });
    } finally {
      await channel.close();
      await server.close();
    }
  });

  it('names the wrong part, never a value', () => {
    const cases: Array<[string, RegExp]> = [
      [
        'webhook+https://example.com/h?tocsin_formt=alertmanager',
        /^the query key "tocsin_formt" is not known: expected tocsin_<option>, one of format, method/,
      ],
      [
        'webhook+https://example.com/h?tocsin_timeout=soon',
        /^the query key "tocsin_timeout": expected a whole number$/,
      ],
      ['webhook+https:///path-only', /^the host/],
      ['webhook+ftp://example.com/h', /^the scheme/],
    ];
    for (const [url, message] of cases)
      expect(urlRefusal(channelDefinition, url, ['example.com'])).toMatch(message);
  });
});
