import { describe, expect, it } from 'vitest';
import { httpsUrlProblem } from './https-url-problem.js';
import { isHttpUrl, isPlainHttpUrl } from './is-http-url.js';

const SECRET = 'sig-7f6e5d4c3b2a';
const rule = { option: 'webhookUrl', secret: 'the webhook signature', http: false } as const;

describe('httpsUrlProblem', () => {
  it('accepts https, and http only as the rule allows', () => {
    expect(httpsUrlProblem(`https://example.com/hook?sig=${SECRET}`, rule)).toBeUndefined();
    expect(httpsUrlProblem('http://example.com/hook', { ...rule, http: true })).toBeUndefined();
    expect(
      httpsUrlProblem('http://127.0.0.1:9/hook', { ...rule, http: 'loopback' }),
    ).toBeUndefined();
    expect(httpsUrlProblem('http://example.com/hook', rule)).toBe(
      '`webhookUrl` must use https:; http: sends the webhook signature in clear text (set `allowInsecureHttp: true` only for local tests)',
    );
    expect(httpsUrlProblem('http://example.com/hook', { ...rule, http: 'loopback' })).toMatch(
      /^`webhookUrl` must use https:; http: is accepted only for a loopback host/,
    );
  });

  it('names the option and never repeats the value', () => {
    const problems = [
      `not a url ${SECRET}`,
      `ftp://example.com/${SECRET}`,
      `https://user:${SECRET}@example.com/hook`,
    ].map((value) => httpsUrlProblem(value, rule));
    expect(problems).toEqual([
      '`webhookUrl` must be an absolute https:// URL; it could not be parsed',
      '`webhookUrl` must use https:; got ftp:',
      '`webhookUrl` must not contain credentials (user:password@)',
    ]);
  });

  it('refuses a query when the URL is a bare base', () => {
    expect(
      httpsUrlProblem(`https://api.example.com/?token=${SECRET}`, { ...rule, bare: true }),
    ).toBe('`webhookUrl` must be a bare origin and path, without a query or credentials');
  });
});

describe('isHttpUrl, isPlainHttpUrl', () => {
  it('tell an http(s) URL, and one without credentials, query or fragment', () => {
    expect(['https://a.example', 'http://a.example/x', 'ftp://a', 'nope'].map(isHttpUrl)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(
      [
        'https://a.example/base',
        'https://u:p@a.example',
        'https://a.example?q=1',
        'https://a#f',
      ].map(isPlainHttpUrl),
    ).toEqual([true, false, false, false]);
  });
});
