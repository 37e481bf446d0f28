import { describe, expect, it } from 'vitest';
import { deliveryCodeForStatus, httpStatusError, isRetryableStatus } from './http-status-error.js';

describe('the one HTTP retry policy', () => {
  it('retries 408, 425, 429 and 5xx, and nothing else', () => {
    const retryable = [408, 425, 429, 500, 502, 503, 504, 599];
    const final = [200, 301, 302, 400, 401, 403, 404, 409, 410, 413, 422, 600];
    for (const status of retryable) expect(isRetryableStatus(status), String(status)).toBe(true);
    for (const status of final) expect(isRetryableStatus(status), String(status)).toBe(false);
  });

  it('gives every status one shared code', () => {
    expect(deliveryCodeForStatus(401)).toBe('TOCSIN_AUTH');
    expect(deliveryCodeForStatus(403)).toBe('TOCSIN_AUTH');
    expect(deliveryCodeForStatus(408)).toBe('TOCSIN_TIMEOUT');
    expect(deliveryCodeForStatus(429)).toBe('TOCSIN_RATE_LIMITED');
    expect(deliveryCodeForStatus(425)).toBe('TOCSIN_REMOTE');
    expect(deliveryCodeForStatus(503)).toBe('TOCSIN_REMOTE');
    expect(deliveryCodeForStatus(302)).toBe('TOCSIN_REJECTED');
    expect(deliveryCodeForStatus(404)).toBe('TOCSIN_REJECTED');
  });

  it('reads Retry-After only when the status is retryable, and keeps the remote reason', () => {
    const limited = httpStatusError({
      channel: 'hook',
      status: 429,
      message: 'hook: 429',
      retryAfter: '3',
      reason: 'rate_limited',
    });
    expect(limited).toMatchObject({
      name: 'DeliveryError',
      code: 'TOCSIN_RATE_LIMITED',
      retryable: true,
      retryAfter: 3,
      statusCode: 429,
      reason: 'rate_limited',
      channel: 'hook',
      message: 'hook: 429',
    });
    const gone = httpStatusError({ channel: 'hook', status: 410, message: 'x', retryAfter: '3' });
    expect(gone).toMatchObject({
      code: 'TOCSIN_REJECTED',
      retryable: false,
      retryAfter: undefined,
    });
  });

  it('falls back to backoff when Retry-After is unreadable', () => {
    const error = httpStatusError({
      channel: 'hook',
      status: 503,
      message: 'x',
      retryAfter: 'soon-ish; 5',
    });
    expect(error).toMatchObject({ retryable: true, retryAfter: undefined });
  });
});
