import { describe, expect, it } from 'vitest';
import { decodeUrlPart } from './decode-url-part.js';

describe('decodeUrlPart', () => {
  it('decodes a part of a URL', () => {
    expect(decodeUrlPart('p%40ss%3Aword', 'the password')).toBe('p@ss:word');
  });

  it('names the part and never its value when the encoding is broken', () => {
    expect(() => decodeUrlPart('secret%zz', 'the password')).toThrow(
      new Error('the password: a percent-encoding is broken'),
    );
  });
});
