import { createAlert } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { emailAddressListSchema, emailAddressSchema } from './email-address.js';
import { formatMailbox } from './format-mailbox.js';
import { tocsinMailHeaders } from './tocsin-mail-headers.js';

describe('mail fields shared by the mail channels', () => {
  it('reads an address in each of its forms, and a list', () => {
    expect(emailAddressSchema().parse('ops@example.com')).toEqual({
      name: '',
      address: 'ops@example.com',
    });
    expect(emailAddressSchema().parse('Ops <ops@example.com>')).toEqual({
      name: 'Ops',
      address: 'ops@example.com',
    });
    expect(
      emailAddressSchema().parse({ name: 'Ops\r\nBcc: x@evil.test', address: 'ops@example.com' }),
    ).toEqual({
      name: 'Ops Bcc: x@evil.test',
      address: 'ops@example.com',
    });
    expect(emailAddressListSchema().parse('a@example.com')).toHaveLength(1);
    expect(emailAddressSchema().safeParse('not an address').success).toBe(false);
    expect(emailAddressSchema().safeParse('a@example.com\r\nBcc: x@evil.test').success).toBe(false);
  });

  it('formats a mailbox for a header, quoting the name and never letting it break the line', () => {
    expect(formatMailbox('ops@example.com')).toBe('ops@example.com');
    expect(formatMailbox({ address: 'ops@example.com' })).toBe('ops@example.com');
    expect(formatMailbox({ name: 'On "call"\n', address: 'ops@example.com' })).toBe(
      '"On \\"call\\"" <ops@example.com>',
    );
  });

  it('names the alert in X-Tocsin headers, safe for a header', () => {
    const alert = createAlert({ title: 't', level: 'critical' });
    expect(tocsinMailHeaders(alert)).toEqual({
      'X-Tocsin-Level': 'CRITICAL',
      'X-Tocsin-Alert-Id': alert.id,
      'X-Tocsin-Fingerprint': alert.fingerprint,
    });
    const keyed = createAlert({ title: 't', dedupKey: 'deploy\r\nBcc: x@evil.test' });
    expect(tocsinMailHeaders(keyed)['X-Tocsin-Fingerprint']).toBe('deploy Bcc: x@evil.test');
  });
});
