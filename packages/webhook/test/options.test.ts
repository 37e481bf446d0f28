import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebhookChannel, webhookChannelOptionsSchema } from '../src/index.js';
import { fastWebhookOptions } from '../src/webhook-channel-options.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('WebhookChannel options', () => {
  it('has sensible defaults', () => {
    const channel = new WebhookChannel({ url: 'https://alerts.example.com/in' });
    expect(channel.name).toBe('webhook');
    expect(channel.method).toBe('POST');
    expect(channel.timeout).toBeUndefined();
    expect(channel.toJSON()).toMatchObject({ format: 'tocsin', signed: false, headers: [] });
  });

  it.each([
    [undefined, TypeError, /options must be an object/],
    [{}, TypeError, /^WebhookChannel: `url` must be a string/],
    [{ url: 42 }, TypeError, /^WebhookChannel: `url` must be a string/],
    [
      { url: 'example.com/hook' },
      TypeError,
      /^WebhookChannel: `url` must be an absolute https:\/\/ or http:\/\/ URL/,
    ],
    [
      { url: 'ftp://example.com/hook' },
      TypeError,
      /^WebhookChannel: `url` must use https: or http:; got ftp:/,
    ],
    [
      { url: 'https://example.com', method: 'GET' },
      TypeError,
      /^WebhookChannel: `method` must be 'POST' or 'PUT'/,
    ],
    [
      { url: 'https://example.com', format: 'xml' },
      TypeError,
      /^WebhookChannel: `format` must be 'tocsin', 'alertmanager' or a function/,
    ],
    [
      { url: 'https://example.com', headers: { 'x-n': 1 } },
      TypeError,
      /`headers` values must be strings/,
    ],
    [
      { url: 'https://example.com', headers: { 'bad name': 'v' } },
      TypeError,
      /`headers` has an invalid header name/,
    ],
    [
      { url: 'https://example.com', headers: { 'Idempotency-Key': 'v' } },
      TypeError,
      /`headers.Idempotency-Key` is set by the channel/,
    ],
    [
      { url: 'https://example.com', headers: { 'content-length': '1' } },
      TypeError,
      /`headers.content-length` is set by the channel/,
    ],
    [
      { url: 'https://example.com', headers: { 'x-a': 'a\nb' } },
      TypeError,
      /`headers.x-a` must not contain line breaks/,
    ],
    [
      { url: 'https://example.com', secret: 'short' },
      RangeError,
      /^WebhookChannel: `secret` must be at least 16 characters/,
    ],
    [
      { url: 'https://example.com', name: '' },
      RangeError,
      /^WebhookChannel: `name` must be a non-empty string/,
    ],
    [
      { url: 'https://example.com', timeout: '5' },
      TypeError,
      /^WebhookChannel: `timeout` must be a number of seconds/,
    ],
    [
      { url: 'https://example.com', maxConnections: 0 },
      RangeError,
      /^WebhookChannel: `maxConnections` must be >= 1/,
    ],
    [
      { url: 'https://example.com', maxResponseBytes: 1.5 },
      TypeError,
      /^WebhookChannel: `maxResponseBytes` must be a whole number/,
    ],
    [
      { url: 'https://example.com', maxBodyBytes: 1024 },
      RangeError,
      /^WebhookChannel: `maxBodyBytes` must be >= 4096/,
    ],
    [
      { url: 'https://example.com', maxBodyBytes: 32 * 1024 * 1024 },
      RangeError,
      /^WebhookChannel: `maxBodyBytes` must be <= 16 MiB/,
    ],
  ])('rejects %j with a clear error', (options, kind, message) => {
    expect(() => new WebhookChannel(options as never)).toThrow(kind);
    expect(() => new WebhookChannel(options as never)).toThrow(message);
  });

  it('accepts http (documented as for trusted networks), PUT in any case, and a custom name', () => {
    const channel = new WebhookChannel({
      url: 'http://10.0.0.5:9000/alerts',
      method: 'put',
      name: 'ops-hook',
    });
    expect(channel.method).toBe('PUT');
    expect(channel.name).toBe('ops-hook');
  });

  it('clamps `timeout` into 1..120 s with a warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(new WebhookChannel({ url: 'https://example.com', timeout: 500 }).timeout).toBe(120);
    expect(new WebhookChannel({ url: 'https://example.com', timeout: 0.2 }).timeout).toBe(1);
    expect(new WebhookChannel({ url: 'https://example.com', timeout: 10 }).timeout).toBe(10);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /channel\.timeout 500 \(from WebhookChannel options\) is above the maximum 120; using 120/,
    );
  });

  it('exports its zod schema, which applies the same defaults', () => {
    const parsed = webhookChannelOptionsSchema().parse({ url: 'https://example.com/hook' });
    expect(parsed).toMatchObject({
      method: 'POST',
      format: 'tocsin',
      headers: {},
      name: 'webhook',
      maxResponseBytes: 65_536,
      maxConnections: 16,
      maxBodyBytes: 1_048_576,
    });
    expect(webhookChannelOptionsSchema().shape.maxBodyBytes.description).toMatch(
      /4096\.\.16777216/,
    );
    expect(webhookChannelOptionsSchema().shape.url.description).toMatch(/secret/);
  });
});

describe('the options fast path', () => {
  // It must give exactly what the zod schema gives, or step aside (undefined).
  const text = fc.oneof(fc.string(), fc.constantFrom('', '__proto__', 'x'.repeat(16)));
  const anything = fc.oneof(
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, [], {}),
  );
  const field = <T>(valid: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: anything, weight: 1 });
  const headers = fc.oneof(
    { arbitrary: fc.dictionary(fc.string(), fc.string(), { noNullPrototype: true }), weight: 12 },
    fc.dictionary(text, fc.oneof(text, anything)),
    fc.constant(Object.assign(Object.create(null), { a: 'b' })),
    fc.constant(JSON.parse('{"__proto__":"x"}')),
    fc.constant({ a: 'b', [Symbol('s')]: 'c' }),
    anything,
  );
  const format = () => 'body';
  const options = fc.record(
    {
      url: field(
        fc.oneof(
          fc.webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true }),
          fc.constantFrom('ftp://x/y', 'not a url', 'https://u:p@example.com/h'),
        ),
      ),
      method: field(fc.constantFrom('POST', 'PUT', 'POST', 'PUT', 'post', 'Put', 'GET')),
      headers,
      timeout: field(fc.oneof(fc.integer({ min: -5, max: 500 }), fc.double())),
      format: field(fc.constantFrom('tocsin', 'alertmanager', 'json', format)),
      secret: field(fc.string({ minLength: 12, maxLength: 40 })),
      name: field(fc.oneof(text, fc.constant('ops'))),
      maxResponseBytes: field(fc.integer({ min: -1, max: 16 * 1024 * 1024 + 1 })),
      maxConnections: field(fc.integer({ min: 0, max: 1025 })),
      maxBodyBytes: field(fc.integer({ min: 4095, max: 16 * 1024 * 1024 + 1 })),
    },
    // Null prototypes come from `shaped`, one shape in several.
    { requiredKeys: ['url'], noNullPrototype: true },
  );
  const shaped = fc
    .tuple(
      options,
      fc.constantFrom('plain', 'plain', 'plain', 'null-prototype', 'class', 'frozen', 'unknown'),
    )
    .map(([raw, shape]) => {
      if (shape === 'unknown') return { ...raw, webhookUrl: raw.url };
      if (shape === 'null-prototype') return Object.assign(Object.create(null), raw);
      if (shape === 'class') return Object.assign(new (class Options {})(), raw);
      return shape === 'frozen' ? Object.freeze(raw) : raw;
    });

  it('gives exactly what the schema gives, or leaves the options to it', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.oneof({ arbitrary: shaped, weight: 9 }, anything), (input) => {
        const mine = fastWebhookOptions(input);
        if (mine === undefined) return;
        fast++;
        const parsed = webhookChannelOptionsSchema().safeParse(input);
        expect(parsed.success).toBe(true);
        expect(mine).toStrictEqual(parsed.data);
      }),
      { numRuns: 5000 },
    );
    // Not vacuous: a good share of the generated options is plainly valid.
    expect(fast).toBeGreaterThan(200);
  });

  it('takes the usual forms of options itself', () => {
    for (const input of [
      { url: 'https://alerts.example.com/in' },
      { url: 'http://127.0.0.1:8080/hook', method: 'PUT', headers: { authorization: 'Bearer t' } },
      { url: 'https://x.example/h', format: 'alertmanager', secret: 'a'.repeat(16), timeout: 5 },
      { url: 'https://x.example/h', format, name: 'ops', maxConnections: 4, maxResponseBytes: 0 },
    ]) {
      expect(fastWebhookOptions(input)).toStrictEqual(webhookChannelOptionsSchema().parse(input));
    }
  });
});
