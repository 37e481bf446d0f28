import { describe, expect, it } from 'vitest';
import { maskUrl, redact } from './redact.js';

describe('redact', () => {
  it('masks URL credentials, query, fragment and path tokens', () => {
    expect(maskUrl('https://hooks.example.com/services/T0001/B0002/XXXXsecret')).toBe(
      'https://hooks.example.com/***/***/***/***',
    );
    expect(maskUrl('https://bob:hunter2@example.com/hook?token=abc#frag')).toBe(
      'https://example.com/***?***#***',
    );
    // A secret in the first segment: a relay token, an ntfy topic, a healthcheck UUID.
    for (const url of [
      'https://relay.example/TOKEN0123456789',
      'https://ntfy.sh/my-secret-topic',
      'https://hc-ping.com/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    ]) {
      expect(maskUrl(url)).toBe(`${new URL(url).origin}/***`);
      expect(redact(`POST ${url} failed`)).toBe(`POST ${new URL(url).origin}/*** failed`);
    }
    expect(maskUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/');
  });

  it('masks URLs, bearer tokens, Resend keys and Slack tokens inside messages, and given secrets', () => {
    const message =
      'POST https://hooks.example.com/services/T1/B2/abc failed; Authorization: Bearer re_123456789abc; Basic dXNlcjpwYXNz; pw hunter22';
    const out = redact(message, ['hunter22']);
    expect(out).toBe(
      'POST https://hooks.example.com/***/***/***/*** failed; Authorization: Bearer ***; Basic ***; pw ***',
    );
    // Service token shapes are the channels' business, not core's.
    expect(redact('key re_AbCdEf123456 leaked')).toBe('key re_AbCdEf123456 leaked');
  });
});
