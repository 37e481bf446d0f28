import { lazy, loadZod } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { webhookFields, webhookUrlCheck } from './http-channel-fields.js';
import { channelOptionsParser } from './parse-channel-options.js';

let built = 0;
const schema = lazy(() => {
  built++;
  return loadZod()
    .strictObject(
      webhookFields({
        name: 'chat',
        required: '`webhookUrl` is required: the Chat webhook URL, as a string',
        description: 'Chat webhook URL (https); secret, shown masked',
      }),
    )
    .superRefine(webhookUrlCheck('the webhook key'));
});

const parse = channelOptionsParser(schema, { channel: 'ChatChannel', required: '`webhookUrl`' });

describe('webhookFields', () => {
  it('gives the shared defaults; the schema is built once, on first use', () => {
    expect(built).toBe(0);
    expect(parse({ webhookUrl: 'https://chat.example/hook' })).toEqual({
      webhookUrl: 'https://chat.example/hook',
      allowInsecureHttp: false,
      maxConnections: 4,
      name: 'chat',
    });
    expect(() => parse(null)).toThrow(
      new TypeError('ChatChannel: options must be an object with at least `webhookUrl`'),
    );
    expect(built).toBe(1);
  });

  it('refuses with the shared messages, naming the option', () => {
    expect(() => parse({})).toThrow(/`webhookUrl` is required: the Chat webhook URL/);
    expect(() => parse({ webhookUrl: 'http://chat.example/hook' })).toThrow(
      /`webhookUrl` must use https:; http: sends the webhook key in clear text/,
    );
    expect(() => parse({ webhookUrl: 'https://chat.example/hook', maxConnections: 0 })).toThrow(
      /`maxConnections` must be at least 1/,
    );
    expect(() => parse({ webhookUrl: 'https://chat.example/hook', name: '' })).toThrow(
      /`name` must be a non-empty string/,
    );
    expect(() => parse({ webhookUrl: 'https://chat.example/hook', timeout: 'x' })).toThrow(
      /`timeout` must be a number of seconds/,
    );
  });

  it('accepts http with allowInsecureHttp, for local tests', () => {
    expect(
      parse({ webhookUrl: 'http://127.0.0.1:9/hook', allowInsecureHttp: true, timeout: 5 }),
    ).toMatchObject({ allowInsecureHttp: true, timeout: 5 });
  });
});
