import { describe, expect, it } from 'vitest';
import { rejectionOf } from './rejection-of.js';

describe('rejectionOf', () => {
  it('resolves with what the promise rejected with', async () => {
    const error = new Error('refused');
    expect(await rejectionOf(Promise.reject(error))).toBe(error);
  });

  it('rejects when the promise resolved', async () => {
    await expect(rejectionOf(Promise.resolve('fine'))).rejects.toThrow(
      'expected a rejection, but the promise resolved',
    );
  });
});
