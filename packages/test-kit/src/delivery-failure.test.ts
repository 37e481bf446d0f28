import { DeliveryError } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { deliveryFailure } from './delivery-failure.js';

const refusal = (message: string) =>
  new DeliveryError(message, { channel: 'test', retryable: false, statusCode: 400 });

describe('deliveryFailure', () => {
  it('hands back the DeliveryError the send rejected with', async () => {
    const error = refusal('refused');
    expect(await deliveryFailure(Promise.reject(error), ['s3cret'])).toBe(error);
  });

  it('fails when the send resolved, or rejected with something else', async () => {
    await expect(deliveryFailure(Promise.resolve({}), [])).rejects.toThrow(
      'expected a DeliveryError, but the send resolved',
    );
    await expect(deliveryFailure(Promise.reject(new Error('plain')), [])).rejects.toThrow(
      'expected a DeliveryError, got Error: plain',
    );
  });

  it('fails when the error shows a secret, in its message or deep in its cause', async () => {
    await expect(
      deliveryFailure(Promise.reject(refusal('at /s3cret')), ['s3cret']),
    ).rejects.toThrow('the DeliveryError shows secrets[0]');
    const deep = refusal('refused');
    Object.defineProperty(deep, 'cause', { value: { request: { url: 'https://x/s3cret' } } });
    await expect(deliveryFailure(Promise.reject(deep), ['other', 's3cret'])).rejects.toThrow(
      'the DeliveryError shows secrets[1]',
    );
  });
});
