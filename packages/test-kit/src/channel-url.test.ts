import { defineChannel, loadZod } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { optionsFromUrl, urlRefusal } from './channel-url.js';
import { MemoryChannel } from './memory-channel.js';

// chatter://<room>: a careless reader that quotes the room when it refuses one.
const definition = defineChannel({
  type: 'chatter',
  get schema() {
    return loadZod().strictObject({ room: loadZod().string() });
  },
  schemes: ['chatter'],
  fromUrl: (url) => {
    if (url.hostname.startsWith('bad')) throw new Error(`the host: ${url.hostname} is bad`);
    if (url.hostname === 'quiet') throw new Error('the host: refused');
    return { room: url.hostname };
  },
  create: () => new MemoryChannel(),
});

describe('optionsFromUrl and urlRefusal', () => {
  it('read the options of a URL', () => {
    expect(optionsFromUrl(definition, 'chatter://ops')).toEqual({ room: 'ops' });
  });

  it('hand back the message of a refusal that keeps the secrets out', () => {
    expect(urlRefusal(definition, 'chatter://quiet', ['s3cret'])).toBe('the host: refused');
  });

  it('fail when the URL is read, or the refusal shows a secret', () => {
    expect(() => urlRefusal(definition, 'chatter://ops', [])).toThrow(
      'expected chatter to refuse a URL',
    );
    expect(() => urlRefusal(definition, 'chatter://bad-s3cret', ['s3cret'])).toThrow(
      'the refusal of a URL shows secrets[0]',
    );
  });

  it('fail when the definition reads no URLs', () => {
    const { fromUrl: _, ...withoutUrls } = definition;
    expect(() => optionsFromUrl(withoutUrls, 'chatter://ops')).toThrow(
      'the chatter definition reads no URLs (no fromUrl)',
    );
  });
});
