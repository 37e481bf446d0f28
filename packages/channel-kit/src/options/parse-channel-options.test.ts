import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withAliases } from './option-aliases.js';
import { parseChannelOptions } from './parse-channel-options.js';
import { secondsField } from './seconds-field.js';

const schema = withAliases(
  z.strictObject({
    url: z.string().describe('Receiver URL; secret'),
    to: z.array(z.string()).min(1).optional().describe('Recipients'),
    recipients: z.array(z.string()).min(1).optional().describe("kstlib's name for to"),
    port: z.number().int().max(65_535).optional().describe('Port'),
    transport: z
      .union([
        z.custom<{ send(): void }>(
          (v) => typeof (v as { send?: unknown } | null)?.send === 'function',
        ),
        z.strictObject({ host: z.string() }),
      ])
      .optional()
      .describe('Transport'),
    wait: secondsField('wait', 60).optional().describe('Seconds to wait'),
  }),
  { to: { alias: 'recipients', expected: 'at least one recipient' } },
);
const settings = { channel: 'TestChannel', required: '`url`' };
const parse = (options: unknown) => parseChannelOptions(schema, options, settings);

describe('parseChannelOptions', () => {
  it('returns the output, aliases folded into their option', () => {
    expect(parse({ url: 'u', recipients: ['a'], wait: '1m' })).toEqual({
      url: 'u',
      to: ['a'],
      wait: 60,
    });
  });

  it('names the option in backticks, TypeError or RangeError, never the value', () => {
    expect(() => parse('https://secret.example/x')).toThrow(
      new TypeError('TestChannel: options must be an object with at least `url`'),
    );
    expect(() => parse({ to: ['a'] })).toThrow(new TypeError('TestChannel: `url` is required'));
    expect(() => parse({ url: 'u', to: ['a'], port: 70_000 })).toThrow(RangeError);
    expect(() => parse({ url: 'u', to: ['a'], bogus: 'secret-value' })).toThrow(
      'TestChannel: unknown option `bogus`',
    );
    expect(() => parse({ url: 'u' })).toThrow(
      'TestChannel: `to` is required: at least one recipient (`to` or `recipients`)',
    );
    expect(() => parse({ url: 'u', to: ['a'], recipients: ['b'] })).toThrow(
      'give either `to` or `recipients`, not both',
    );
    expect(() => parse({ url: 'u', to: ['a'], wait: '2h' })).toThrow(
      new RangeError('TestChannel: `wait` is in seconds and must be <= 60'),
    );
  });

  it('follows the union branch that matched the value', () => {
    expect(() => parse({ url: 'u', to: ['a'], transport: { host: 1 } })).toThrow(
      'TestChannel: `transport.host` must be a string',
    );
  });
});
