import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

const PASSWORD = 'url-smtp-p@ss/w:rd';
const ENCODED = encodeURIComponent(PASSWORD);

const fromUrl = (text: string) => {
  const options = channelDefinition.fromUrl?.(new URL(text));
  if (options === undefined) throw new Error('no fromUrl');
  return options;
};

function refusal(text: string): string {
  try {
    fromUrl(text);
  } catch (error) {
    const message = (error as Error).message;
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain(ENCODED);
    return message;
  }
  throw new Error('expected fromUrl to throw');
}

describe('smtp:// and smtps:// URLs', () => {
  it('smtp:// is SMTP with STARTTLS when offered; user and password percent-decoded', () => {
    expect(channelDefinition.schemes).toEqual(['smtp', 'smtps']);
    const options = fromUrl(
      `smtp://alerts%40example.com:${ENCODED}@smtp.example.com:587?from=Alerts%20%3Calerts@example.com%3E&to=a@example.com,b@example.com&cc=c@example.com&bcc=d@example.com&subject_prefix=%5BPROD%5D`,
    );
    expect(options).toEqual({
      transport: {
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        auth: { user: 'alerts@example.com', pass: PASSWORD },
      },
      from: 'Alerts <alerts@example.com>',
      to: ['a@example.com', 'b@example.com'],
      cc: ['c@example.com'],
      bcc: ['d@example.com'],
      subjectPrefix: '[PROD]',
    });
    const parsed = channelDefinition.schema.parse(options);
    expect(parsed).toMatchObject({
      transport: { host: 'smtp.example.com', port: 587, secure: false, requireTLS: false },
      from: { name: 'Alerts', address: 'alerts@example.com' },
      to: [{ address: 'a@example.com' }, { address: 'b@example.com' }],
      subjectPrefix: '[PROD]',
    });
  });

  it('smtps:// is TLS from the first byte (port 465 unless given); require_tls and IPv6 hosts', () => {
    expect(fromUrl('smtps://mail.example.com?from=a@example.com&to=b@example.com')).toEqual({
      transport: { host: 'mail.example.com', secure: true },
      from: 'a@example.com',
      to: ['b@example.com'],
    });
    expect(fromUrl('smtp://[::1]:2525/?from=a@x.org&to=b@x.org&require_tls=yes&html=no')).toEqual({
      transport: { host: '::1', port: 2525, secure: false, requireTLS: true },
      from: 'a@x.org',
      to: ['b@x.org'],
      html: false,
    });
  });

  it('names the wrong part, never the password', () => {
    expect(refusal(`smtp://u:${ENCODED}@smtp.example.com/inbox?to=a@x.org`)).toMatch(/^the path/);
    expect(refusal(`smtp://:${ENCODED}@smtp.example.com?to=a@x.org`)).toMatch(/^the authority/);
    expect(refusal(`smtp://u:${ENCODED}@smtp.example.com?to=a@x.org&starttls=1`)).toMatch(
      /^the query key "starttls" is not known: expected from, to, cc/,
    );
    expect(refusal('smtps://smtp.example.com?to=a@x.org&require_tls=yes')).toMatch(
      /^the query key "require_tls": smtps:\/\/ is TLS from the start/,
    );
    expect(refusal('smtp://u:%E0%A4%A@smtp.example.com?to=a@x.org')).toBe(
      'the password: a percent-encoding is broken',
    );
  });

  it('a URL without recipients is the schema’s refusal, naming `to`', () => {
    const parsed = channelDefinition.schema.safeParse(
      fromUrl('smtp://smtp.example.com?from=a@x.org'),
    );
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('to');
  });
});
