import { describe, expect, it } from 'vitest';
import { takeUrlFlags } from './take-url-flags.js';

const keys = { allow_insecure_http: 'allowInsecureHttp', thread: 'thread' };

describe('takeUrlFlags', () => {
  it("takes the flags off and leaves the service's own keys", () => {
    const query = new URLSearchParams('sig=abc&allow_insecure_http=yes&thread=no&sp=x');
    expect(takeUrlFlags(query, keys)).toEqual({ allowInsecureHttp: true });
    expect(query.toString()).toBe('sig=abc&sp=x');
  });

  it('reads a bare key as yes, and the last of repeated keys', () => {
    expect(takeUrlFlags(new URLSearchParams('thread'), keys)).toEqual({ thread: true });
    expect(takeUrlFlags(new URLSearchParams('thread=1&thread=false'), keys)).toEqual({});
  });

  it('names the key, not the value, for a word that is neither yes nor no', () => {
    expect(() => takeUrlFlags(new URLSearchParams('thread=secret-value'), keys)).toThrow(
      new Error('the query key "thread": expected yes or no'),
    );
  });
});
