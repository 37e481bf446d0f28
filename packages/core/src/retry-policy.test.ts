import { describe, expect, it } from 'vitest';
import { DeliveryError } from './errors/delivery-error.js';
import { RetryPolicy, toDeliveryError } from './retry-policy.js';

const retryable = (retryAfter?: number) =>
  new DeliveryError('x', { channel: 'c', retryable: true, retryAfter });

describe('RetryPolicy', () => {
  it('backs off exponentially with full jitter under a cap', () => {
    const top = new RetryPolicy({ baseDelay: 0.5, maxDelay: 3, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5].map((n) => Math.round(top.delayMs(n, retryable())))).toEqual([
      500, 1000, 2000, 3000, 3000,
    ]);
    const bottom = new RetryPolicy({ random: () => 0 });
    expect(bottom.delayMs(3, retryable())).toBe(0);
  });

  it('honours Retry-After, capped by maxRetryAfter', () => {
    const policy = new RetryPolicy({ maxRetryAfter: 10, random: () => 0 });
    expect(policy.delayMs(1, retryable(2))).toBe(2000);
    expect(policy.delayMs(1, retryable(3600))).toBe(10_000);
  });

  it('rejects bad settings naming the option', () => {
    expect(() => new RetryPolicy({ baseDelay: -1 })).toThrow('`retry.baseDelay`');
  });
});

describe('toDeliveryError', () => {
  it('keeps DeliveryErrors, treats network error codes as retryable and other errors as not', () => {
    const own = retryable();
    expect(toDeliveryError(own, 'c')).toBe(own);
    expect(
      toDeliveryError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'c').retryable,
    ).toBe(true);
    expect(toDeliveryError(new TypeError('bug'), 'c')).toMatchObject({
      retryable: false,
      message: 'c: bug',
    });
  });
});
