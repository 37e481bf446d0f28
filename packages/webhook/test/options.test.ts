import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebhookChannel, webhookChannelOptionsSchema } from '../src/index.js';

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
    const parsed = webhookChannelOptionsSchema.parse({ url: 'https://example.com/hook' });
    expect(parsed).toMatchObject({
      method: 'POST',
      format: 'tocsin',
      headers: {},
      name: 'webhook',
      maxResponseBytes: 65_536,
      maxConnections: 16,
      maxBodyBytes: 1_048_576,
    });
    expect(webhookChannelOptionsSchema.shape.maxBodyBytes.description).toMatch(/4096\.\.16777216/);
    expect(webhookChannelOptionsSchema.shape.url.description).toMatch(/secret/);
  });
});
