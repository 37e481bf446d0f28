import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('hides exact strings, URLs, credentials and the token shapes a channel names', () => {
    const text =
      'POST https://hooks.example.com/in/abc failed: token xoxb-1-2-3, key s3cr3t-key, Bearer abc.def';
    expect(redactSecrets(text, ['s3cr3t-key', /\bxox[abposr]-[A-Za-z0-9-]+/g])).toBe(
      'POST https://hooks.example.com/***/*** failed: token ***, key ***, Bearer ***',
    );
  });

  it('masks a pattern every time it occurs, call after call', () => {
    const secrets = [/\bre_[A-Za-z0-9_]{6,}/g];
    for (let i = 0; i < 3; i++) {
      expect(redactSecrets('re_aaaaaaa and re_bbbbbbb', secrets)).toBe('*** and ***');
    }
  });
});
