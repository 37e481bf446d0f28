import { describe, expect, it } from 'vitest';
import { channelDefinition } from '../src/index.js';

const API_KEY = 're_urlSecret_0123456789abcdef';

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
    expect(message).not.toContain(API_KEY);
    return message;
  }
  throw new Error('expected fromUrl to throw');
}

describe('resend:// URLs', () => {
  it('reads the API key from the user part and the mail settings from the query', () => {
    expect(channelDefinition.schemes).toEqual(['resend']);
    const options = fromUrl(
      `resend://${API_KEY}@resend?from=Alerts%20%3Calerts@example.com%3E&to=a@example.com,b@example.com&bcc=c@example.com&reply_to=ops@example.com&subject_prefix=%5BPROD%5D&html=no`,
    );
    expect(options).toEqual({
      apiKey: API_KEY,
      from: 'Alerts <alerts@example.com>',
      to: ['a@example.com', 'b@example.com'],
      bcc: ['c@example.com'],
      replyTo: ['ops@example.com'],
      subjectPrefix: '[PROD]',
      html: false,
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({
      apiKey: API_KEY,
      to: ['a@example.com', 'b@example.com'],
      html: false,
    });
  });

  it('without a key the channel reads RESEND_API_KEY; base_url points it at a local server', () => {
    const options = fromUrl(
      'resend://RESEND?from=a@example.com&to=b@example.com&base_url=http://127.0.0.1:8080',
    );
    expect(options).toEqual({
      from: 'a@example.com',
      to: ['b@example.com'],
      baseUrl: 'http://127.0.0.1:8080',
    });
    expect(channelDefinition.schema.parse(options)).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080',
    });
  });

  it('names the wrong part, never the key', () => {
    expect(refusal(`resend://${API_KEY}@api.example.com?to=a@x.org`)).toMatch(
      /^the host: expected resend/,
    );
    expect(refusal(`resend://user:${API_KEY}@resend?to=a@x.org`)).toMatch(/^the authority/);
    expect(refusal(`resend://${API_KEY}@resend/emails?to=a@x.org`)).toMatch(/^the path/);
    expect(refusal(`resend://${API_KEY}@resend?to=a@x.org&tag=x`)).toMatch(
      /^the query key "tag" is not known/,
    );
  });
});
