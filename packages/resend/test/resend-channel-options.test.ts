import { createAlert } from '@tocsin/core';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ResendChannel,
  type ResendChannelOptions,
  resendChannelOptionsSchema,
} from '../src/index.js';
import { resendReplies } from './resend-replies.js';

const API_KEY = 're_opts_Xy7Wq3Lm9Kd2';
const base = { apiKey: API_KEY, from: 'alerts@example.com', to: 'oncall@example.com' };
const context = () => ({ signal: new AbortController().signal, attempt: 1, timeoutMs: 5000 });
const alert = () => createAlert({ title: 'Options check', level: 'warning' });

function thrown(options: unknown): Error {
  try {
    new ResendChannel(options as ResendChannelOptions);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the constructor to throw');
}

describe('ResendChannel options: bad input gets a clear error', () => {
  it.each([
    [{ ...base, from: undefined }, TypeError, '`from` is required'],
    [{ ...base, to: undefined }, TypeError, '`to` is required'],
    [{ ...base, to: 'not-an-address' }, TypeError, '`to` must be an email address'],
    [{ ...base, to: ['ok@example.com', 'nope'] }, TypeError, '`to[1]` must be an email address'],
    [
      { ...base, to: 'a@example.com\r\nBcc: b@example.com' },
      TypeError,
      '`to` must not contain line breaks',
    ],
    [{ ...base, to: 42 }, TypeError, '`to` must be a string or a list'],
    [{ ...base, to: [] }, RangeError, '`to` must list at least one recipient'],
    [
      { ...base, to: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) },
      RangeError,
      '`to` is out of range',
    ],
    [{ ...base, cc: 'nope' }, TypeError, '`cc` must be an email address'],
    [{ ...base, from: { address: 'nope' } }, TypeError, '`from.address` must be an email address'],
    [
      { ...base, tags: [{ name: 'has space', value: 'x' }] },
      TypeError,
      '`tags[0].name` must be 1-256 ASCII letters',
    ],
    [{ ...base, tags: { 'bad tag': 'x' } }, TypeError, '`tags` has an invalid key'],
    [
      { ...base, baseUrl: 'ftp://files.example.com' },
      TypeError,
      '`baseUrl` must be an absolute http(s) URL',
    ],
    [{ ...base, html: 'yes' }, TypeError, '`html`'],
    [{ ...base, maxBodyBytes: 0 }, RangeError, '`maxBodyBytes` must be a positive number of bytes'],
    [{ ...base, name: '' }, RangeError, '`name` must be a non-empty string'],
    [{ ...base, recipient: ['x@example.com'] }, TypeError, 'unknown option `recipient`'],
    [
      { ...base, recipients: ['x@example.com'] },
      TypeError,
      'give either `to` or `recipients`, not both',
    ],
    [null, TypeError, 'options must be an object'],
  ])('%j -> %o %s', (options, type, message) => {
    const error = thrown(options);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toContain(message);
  });

  it('names `apiKey` without echoing what was passed', () => {
    const error = thrown({ ...base, apiKey: ['re_leaked_value_123456'] });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('`apiKey`');
    expect(error.message).not.toContain('re_leaked_value_123456');
  });
});

describe('ResendChannel options: the API key from the environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('without `apiKey` nor RESEND_API_KEY: a TypeError naming both', () => {
    vi.stubEnv('RESEND_API_KEY', '');
    const error = thrown({ from: 'alerts@example.com', to: 'oncall@example.com' });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('`apiKey`');
    expect(error.message).toContain('RESEND_API_KEY');
  });

  describe('against a local server', () => {
    let server: FakeHttpServer;
    beforeEach(async () => {
      server = await startFakeHttpServer({ defaultReply: resendReplies.ok('env-key-email') });
    });
    afterEach(() => server.close());

    it('uses RESEND_API_KEY when `apiKey` is absent, and keeps it out of the string forms', async () => {
      vi.stubEnv('RESEND_API_KEY', 're_from_env_5Tg8Hj2Kl0');
      const channel = new ResendChannel({
        from: 'alerts@example.com',
        to: 'oncall@example.com',
        baseUrl: server.url,
      });
      const receipt = await channel.send(alert(), context());
      await channel.close();
      expect(receipt.messageId).toBe('env-key-email');
      expect(server.requests[0]!.headers.authorization).toBe('Bearer re_from_env_5Tg8Hj2Kl0');
      expect(`${String(channel)} ${JSON.stringify(channel)}`).not.toContain(
        're_from_env_5Tg8Hj2Kl0',
      );
    });

    it('an explicit `apiKey` wins over RESEND_API_KEY', async () => {
      vi.stubEnv('RESEND_API_KEY', 're_from_env_5Tg8Hj2Kl0');
      const channel = new ResendChannel({ ...base, baseUrl: server.url });
      await channel.send(alert(), context());
      await channel.close();
      expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    });

    it('uses RESEND_BASE_URL when `baseUrl` is absent; a trailing slash on `baseUrl` is fine', async () => {
      vi.stubEnv('RESEND_BASE_URL', server.url);
      const fromEnv = new ResendChannel(base);
      await fromEnv.send(alert(), context());
      await fromEnv.close();
      const slashed = new ResendChannel({ ...base, baseUrl: `${server.url}/` });
      await slashed.send(alert(), context());
      await slashed.close();
      expect(server.requests.map((request) => request.url)).toEqual(['/emails', '/emails']);
    });

    it('a `baseUrl` with a path prefix (a proxy) keeps it', async () => {
      const channel = new ResendChannel({ ...base, baseUrl: `${server.url}/resend-proxy` });
      await channel.send(alert(), context());
      await channel.close();
      expect(server.requests[0]!.url).toBe('/resend-proxy/emails');
    });
  });
});

describe('ResendChannel options: defaults and limits', () => {
  it('name defaults to resend; timeout is undefined unless given', () => {
    const channel = new ResendChannel(base);
    expect(channel.name).toBe('resend');
    expect(channel.timeout).toBeUndefined();
    expect(new ResendChannel({ ...base, name: 'oncall-mail', timeout: 15 })).toMatchObject({
      name: 'oncall-mail',
      timeout: 15,
    });
  });

  it('a timeout outside 1..120 s is clamped, with a warning saying so', async () => {
    const warnings: string[] = [];
    const listener = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listener);
    try {
      expect(new ResendChannel({ ...base, timeout: 600 }).timeout).toBe(120);
      expect(new ResendChannel({ ...base, timeout: 0.2 }).timeout).toBe(1);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    expect(
      warnings.some(
        (message) => message.includes('600') && message.includes('ResendChannel options'),
      ),
    ).toBe(true);
  });

  it('the schema describes every option and converts to JSON Schema for the config loader', () => {
    for (const [key, field] of Object.entries(resendChannelOptionsSchema.in.shape) as [
      string,
      z.ZodType,
    ][]) {
      expect(field.description, key).toEqual(expect.any(String));
    }
    const schema = z.toJSONSchema(resendChannelOptionsSchema, { io: 'input' }) as {
      required?: string[];
      properties: object;
    };
    // `from`/`sender` and `to`/`recipients`: one of each pair is required (checked on parse).
    expect(schema.required).toBeUndefined();
    expect(Object.keys(schema.properties)).toContain('apiKey');
  });
});
