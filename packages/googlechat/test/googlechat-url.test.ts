import { optionsFromUrl, urlRefusal } from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

const KEY = 'AIzaSyUrlSecretKey0123456789';
const TOKEN = 'urlSecretToken0123456789';
const fromUrl = (url: string) => optionsFromUrl(channelDefinition, url);

describe('googlechat:// URLs', () => {
  it('is declared for the googlechat scheme', () => {
    expect(channelDefinition.schemes).toEqual(['googlechat']);
  });

  it("stands for the https webhook, as Shoutrrr's form", () => {
    const options = fromUrl(
      `googlechat://chat.googleapis.com/v1/spaces/FOO/messages?key=${KEY}&token=${TOKEN}`,
    );
    expect(options).toEqual({
      webhookUrl: `https://chat.googleapis.com/v1/spaces/FOO/messages?key=${KEY}&token=${TOKEN}`,
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({
      name: 'googlechat',
      threadByFingerprint: false,
    });
  });

  it('takes thread_by_fingerprint and allow_insecure_http off the query', () => {
    const options = fromUrl(
      `googlechat://127.0.0.1:8080/v1/spaces/FOO/messages?key=${KEY}&thread_by_fingerprint=yes&token=${TOKEN}&allow_insecure_http=yes`,
    );
    expect(options).toEqual({
      webhookUrl: `http://127.0.0.1:8080/v1/spaces/FOO/messages?key=${KEY}&token=${TOKEN}`,
      allowInsecureHttp: true,
      threadByFingerprint: true,
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({ threadByFingerprint: true });
  });

  it.each([
    [`googlechat:///v1/spaces/FOO/messages?key=${KEY}&token=${TOKEN}`, 'the host: expected'],
    [
      `googlechat://chat.googleapis.com/v1/spaces/FOO?key=${KEY}&token=${TOKEN}`,
      'the path: expected /v1/spaces/<space>/messages',
    ],
    [
      `googlechat://chat.googleapis.com/v1/spaces/FOO/messages?token=${TOKEN}`,
      'the query key "key": expected it',
    ],
    [
      `googlechat://chat.googleapis.com/v1/spaces/FOO/messages?key=${KEY}`,
      'the query key "token": expected it',
    ],
    [
      `googlechat://u:${TOKEN}@chat.googleapis.com/v1/spaces/FOO/messages?key=${KEY}&token=${TOKEN}`,
      'the user and password',
    ],
    [
      `googlechat://chat.googleapis.com/v1/spaces/FOO/messages?key=${KEY}&token=${TOKEN}&thread_by_fingerprint=maybe`,
      'the query key "thread_by_fingerprint": expected yes or no',
    ],
  ])('refuses %s, naming the part and never the key or token', (url, message) => {
    expect(urlRefusal(channelDefinition, url, [KEY, TOKEN])).toContain(message);
  });
});
