import { describe, expect, it } from 'vitest';
import { urlQuery } from './url-query.js';

describe('urlQuery', () => {
  const known = { to: 'list', use_html: 'boolean', port: 'integer', title: 'string' } as const;

  it('reads each kind, camelCasing the keys', () => {
    const url = new URL(
      'x://h/p?to=a@x.org,b@x.org&to=c@x.org&use_html=no&port=2525&title=Ops%20room',
    );
    expect(urlQuery(url, known)).toEqual({
      to: ['a@x.org', 'b@x.org', 'c@x.org'],
      useHtml: false,
      port: 2525,
      title: 'Ops room',
    });
    expect(urlQuery(new URL('x://h?use_html'), known)).toEqual({ useHtml: true });
  });

  it('names an unknown key or a bad value, never the value', () => {
    expect(() => urlQuery(new URL('x://h?token=s3cr3t'), known)).toThrow(
      'the query key "token" is not known: expected to, use_html, port, title',
    );
    const messageOf = (query: string) => {
      try {
        urlQuery(new URL(`x://h?${query}`), known);
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(messageOf('port=s3cr3t')).toBe('the query key "port": expected a whole number');
    expect(messageOf('use_html=s3cr3t')).toBe('the query key "use_html": expected yes or no');
  });
});
