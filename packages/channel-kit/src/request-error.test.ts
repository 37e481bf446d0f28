import { inspect } from 'node:util';
import { DeliveryError } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { abortError, requestError } from './request-error.js';

const SECRET = 'T000/B000/s3cr3t-token';
const context = (signal = new AbortController().signal) => ({
  channel: 'hook',
  where: 'POST https://example.com/***',
  secrets: [SECRET],
  signal,
});
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('requestError', () => {
  it('makes network failures retryable TOCSIN_NETWORK, with a sanitised cause', () => {
    const thrown = new TypeError('fetch failed', {
      cause: withCode(`connect ECONNREFUSED https://example.com/${SECRET}`, 'ECONNREFUSED'),
    });
    const error = requestError(thrown, context());
    expect(error).toMatchObject({ code: 'TOCSIN_NETWORK', retryable: true, channel: 'hook' });
    expect(error.message).toContain('connection refused');
    expect(error.message).toContain('(ECONNREFUSED)');
    const seen = `${error.message}\n${inspect(error, { depth: 5 })}`;
    expect(seen).not.toContain(SECRET);
    expect(error.cause).not.toBe(thrown);
  });

  it('finds the code of a refused dual-stack connect inside an AggregateError', () => {
    const aggregate = new AggregateError([withCode('connect ECONNREFUSED ::1', 'ECONNREFUSED')]);
    expect(requestError(aggregate, context()).message).toContain('(ECONNREFUSED)');
  });

  it('makes a slow answer a retryable TOCSIN_TIMEOUT, and bad input a final TOCSIN_CHANNEL', () => {
    expect(requestError(withCode('x', 'UND_ERR_HEADERS_TIMEOUT'), context())).toMatchObject({
      code: 'TOCSIN_TIMEOUT',
      retryable: true,
    });
    expect(requestError(withCode('x', 'ERR_INVALID_URL'), context())).toMatchObject({
      code: 'TOCSIN_CHANNEL',
      retryable: false,
    });
  });

  it('does not follow a redirect: final TOCSIN_REJECTED', () => {
    const thrown = new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    expect(requestError(thrown, context())).toMatchObject({
      code: 'TOCSIN_REJECTED',
      retryable: false,
    });
  });

  it("tells the channel's own timeout from the caller's abort", () => {
    const own = AbortSignal.abort(new DOMException('timed out', 'TimeoutError'));
    const error = requestError(new Error('aborted'), {
      ...context(),
      timeout: { signal: own, seconds: 2 },
    });
    expect(error).toMatchObject({ code: 'TOCSIN_TIMEOUT', retryable: true });
    expect(error.message).toBe('hook: no answer from POST https://example.com/*** within 2 s');
  });

  it('passes a DeliveryError through unchanged', () => {
    const original = new DeliveryError('x', { channel: 'hook', retryable: false });
    expect(requestError(original, context())).toBe(original);
  });
});

describe('abortError', () => {
  it("is a retryable TOCSIN_TIMEOUT when time ran out (core's deadline or a TimeoutError)", () => {
    const deadline = new DeliveryError('no answer within 1 s', {
      channel: 'hook',
      retryable: true,
      code: 'TOCSIN_TIMEOUT',
    });
    for (const reason of [deadline, new DOMException('t', 'TimeoutError')]) {
      expect(abortError(context(AbortSignal.abort(reason)))).toMatchObject({
        code: 'TOCSIN_TIMEOUT',
        retryable: true,
      });
    }
  });

  it('is a final TOCSIN_ABORTED when the caller cancelled, and hides secrets in the reason', () => {
    const signal = AbortSignal.abort(new Error(`shutting down ${SECRET}`));
    const error = abortError(context(signal));
    expect(error).toMatchObject({ code: 'TOCSIN_ABORTED', retryable: false });
    expect(error.message).toBe('hook: POST https://example.com/*** was aborted: shutting down ***');
    expect(inspect(error, { depth: 5 })).not.toContain(SECRET);
  });
});
