import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAlertAt } from '../alert.js';
import { CompiledMatchers, matcherText, parseMatcher, parseMatchers } from './label-matchers.js';

const alert = (labels: Record<string, string>, level = 'error', title = 'Disk full') =>
  createAlertAt({ title, level, labels } as never, '', 0, undefined);

const matches = (text: string, labels: Record<string, string>, level?: string) =>
  new CompiledMatchers(parseMatchers(text)).matches(alert(labels, level));

describe('label matchers, as Alertmanager writes them', () => {
  it('reads the four operators, quoted or not, one by one or in braces', () => {
    expect(parseMatchers('{service="api", env!=dev, host=~"web-\\\\d+", team!~"a,b"}')).toEqual([
      { name: 'service', operator: '=', value: 'api' },
      { name: 'env', operator: '!=', value: 'dev' },
      { name: 'host', operator: '=~', value: 'web-\\d+' },
      { name: 'team', operator: '!~', value: 'a,b' },
    ]);
    expect(parseMatcher(' service = "a \\"b\\"" ')).toEqual({
      name: 'service',
      operator: '=',
      value: 'a "b"',
    });
    expect(matcherText({ name: 'host', operator: '=~', value: 'web-\\d+' })).toBe(
      'host=~"web-\\\\d+"',
    );
  });

  it('matches labels; a missing label is the empty string; regexes are anchored', () => {
    expect(matches('service="api"', { service: 'api' })).toBe(true);
    expect(matches('service="api"', { service: 'api-2' })).toBe(false);
    expect(matches('service=~"api|web"', { service: 'web' })).toBe(true);
    expect(matches('service=~"api|web"', { service: 'api-gateway' })).toBe(false);
    expect(matches('env!="prod"', {})).toBe(true);
    expect(matches('env=""', {})).toBe(true);
    expect(matches('env!~"prod|staging"', { env: 'staging' })).toBe(false);
    expect(matches('service="api", env="prod"', { service: 'api' })).toBe(false);
    // Not inherited properties: `constructor` is a label like any other.
    expect(matches('constructor=""', {})).toBe(true);
  });

  it('matches the level and the title (alertname); a label of that name wins', () => {
    expect(matches('level=~"error|critical"', {}, 'critical')).toBe(true);
    expect(matches('level="critical"', {}, 'warning')).toBe(false);
    expect(matches('level="p1"', { level: 'p1' }, 'warning')).toBe(true);
    expect(matches('alertname="Disk full"', {})).toBe(true);
  });

  it('refuses what it cannot read, naming the matcher', () => {
    expect(() => parseMatcher('service')).toThrow(
      'matcher "service": expected <label><op><value> with op =, !=, =~ or !~ (service="api")',
    );
    expect(() => parseMatcher('1abc="x"')).toThrow(/matcher "1abc=x": the label name/);
    expect(() => parseMatcher('a=~"("')).toThrow(/matcher "a=~\(": not a valid regular expression/);
    expect(() => parseMatcher('a="open')).toThrow(/the quoted value is not closed/);
    expect(() => parseMatchers([{ name: 'a', operator: '==', value: 'b' } as never])).toThrow(
      /the operator must be =, !=, =~ or !~/,
    );
  });

  it('round-trips any matcher through its text', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}$/);
    const operator = fc.constantFrom('=', '!=', '=~', '!~') as fc.Arbitrary<
      '=' | '!=' | '=~' | '!~'
    >;
    const value = fc.string({ maxLength: 20 }).filter((v) => {
      try {
        new RegExp(v, 'u');
        return true;
      } catch {
        return false;
      }
    });
    fc.assert(
      fc.property(name, operator, value, (n, o, v) => {
        const matcher = { name: n, operator: o, value: v };
        expect(parseMatcher(matcherText(matcher))).toEqual(matcher);
      }),
    );
  });
});
