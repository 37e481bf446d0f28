import { DeliveryError } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { isTimeoutReason } from './is-timeout-reason.js';

describe('isTimeoutReason', () => {
  it("recognises core's deadline error and AbortSignal.timeout's reason", async () => {
    const deadline = new DeliveryError('x', {
      channel: 'c',
      retryable: true,
      code: 'TOCSIN_TIMEOUT',
    });
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect(isTimeoutReason(deadline)).toBe(true);
    expect(isTimeoutReason(signal.reason)).toBe(true);
  });

  it('is false for any other reason', () => {
    const controller = new AbortController();
    controller.abort();
    expect(isTimeoutReason(controller.signal.reason)).toBe(false);
    expect(isTimeoutReason(new Error('shutting down'))).toBe(false);
    expect(isTimeoutReason(undefined)).toBe(false);
    expect(isTimeoutReason('timeout')).toBe(false);
  });
});
