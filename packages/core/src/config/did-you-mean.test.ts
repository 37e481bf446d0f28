import { describe, expect, it } from 'vitest';
import { didYouMean } from './did-you-mean.js';

describe('didYouMean', () => {
  it('suggests close words: typos, swaps, case and dashes, truncations', () => {
    expect(didYouMean('recipents', ['recipients', 'reply_to'])).toBe('recipients');
    expect(didYouMean('brust', ['rate', 'per', 'burst'])).toBe('burst');
    expect(didYouMean('Min-Level', ['min_level', 'max_retries'])).toBe('min_level');
    expect(didYouMean('slak', ['slack', 'email', 'webhook'])).toBe('slack');
    expect(didYouMean('max_retry', ['timeout', 'max_retries'])).toBe('max_retries');
  });

  it('stays quiet when nothing is close', () => {
    expect(didYouMean('pagerduty', ['slack', 'email', 'webhook', 'resend'])).toBeUndefined();
    expect(didYouMean('x', ['rate', 'per'])).toBeUndefined();
    expect(didYouMean('rate', ['rate'])).toBeUndefined();
  });
});
