import { describe, expect, it } from 'vitest';
import { maskUrl, redact } from './redact.js';

describe('redact', () => {
  it('masks URL credentials, query, fragment and path tokens', () => {
    expect(maskUrl('https://hooks.slack.com/services/T0001/B0002/XXXXsecret')).toBe(
      'https://hooks.slack.com/services/***/***/***',
    );
    expect(maskUrl('https://bob:hunter2@example.com/hook?token=abc#frag')).toBe(
      'https://example.com/hook?***#***',
    );
    expect(maskUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/');
  });

  it('masks URLs, bearer tokens, Resend keys and Slack tokens inside messages, and given secrets', () => {
    const message =
      'POST https://hooks.slack.com/services/T1/B2/abc failed; Authorization: Bearer re_123456789abc; Basic dXNlcjpwYXNz; pw hunter22';
    const out = redact(message, ['hunter22']);
    expect(out).toBe(
      'POST https://hooks.slack.com/services/***/***/*** failed; Authorization: Bearer ***; Basic ***; pw ***',
    );
    // Service token shapes are the channels' business, not core's.
    expect(redact('key re_AbCdEf123456 leaked')).toBe('key re_AbCdEf123456 leaked');
  });
});
