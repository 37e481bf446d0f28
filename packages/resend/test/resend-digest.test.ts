import {
  deliverDigest,
  deliverRepeated,
  errorFrom,
  type FakeHttpServer,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResendChannel, type ResendChannelOptions } from '../src/index.js';
import { resendReplies } from './resend-replies.js';

let server: FakeHttpServer;
let channels: ResendChannel[];

beforeEach(async () => {
  server = await startFakeHttpServer({ defaultReply: resendReplies.ok('email-1') });
  channels = [];
});
afterEach(async () => {
  for (const channel of channels) await channel.close();
  await server.close();
});

function makeChannel(options: Partial<ResendChannelOptions> = {}): ResendChannel {
  const channel = new ResendChannel({
    apiKey: 're_test_9Qm2xV7kLp4Zt8Rw',
    from: 'alerts@example.com',
    to: 'oncall@example.com',
    baseUrl: server.url,
    ...options,
  });
  channels.push(channel);
  return channel;
}

interface Posted {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}
const posted = (index = -1) => server.requests.at(index)?.json() as Posted;

const error = errorFrom;

describe('ResendChannel: digests and repeats go through the shared email renderer', () => {
  it("posts failnozzle's summary: digest subject, text summary and details, an HTML table", async () => {
    const event = await deliverDigest(
      makeChannel(),
      [
        error('Exception in view', 'service1', 'host1'),
        error('Exception in view', 'service1', 'host2'),
        error('Exception in view', 'service1', 'host2'),
        error('Could not retrieve file', 'service2', 'host3'),
      ],
      { fingerprint: ['service'] },
    );
    expect(event.result.status).toBe('sent');
    const body = posted();
    expect(body.subject).toBe(
      '[ALERT] [ERROR] 4 instances of 2 unique alerts (service1, service2)',
    );
    expect(body.text).toContain(
      'Summary:\n3X Exception in view (in service1)\n1X Could not retrieve file (in service2)',
    );
    expect(body.text).toContain('- on host2, 2X\n- on host1, 1X');
    expect(body.html).toContain('<td style="');
    expect(body.html).toContain('host2 2X, host1 1X');
    expect(body.headers['X-Tocsin-Fingerprint']).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps a digest of 5,000 fingerprints within the body cap, saying how many were left out', async () => {
    const long = 'y'.repeat(2000);
    const inputs = Array.from({ length: 5000 }, (_, i) => error(`E${i} ${long}`, 's', `h${i}`));
    const event = await deliverDigest(makeChannel({ maxBodyBytes: 32 * 1024 }), inputs);
    expect(event.result.status).toBe('sent');
    const body = posted();
    expect(body.subject.length).toBeLessThanOrEqual(250);
    expect(Buffer.byteLength(body.text)).toBeLessThan(32 * 1024 + 4096);
    expect(body.text).toMatch(/and \d+ more unique alerts \(\d+ alerts\) not shown/);
    expect(Buffer.byteLength(body.html)).toBeLessThan(32 * 1024 + 8192);
    expect(body.html).toMatch(/And \d+ more unique alerts \(\d+ alerts\) not shown/);
  });

  it('says how often a repeated alert was seen, and escapes hostile entries', async () => {
    const channel = makeChannel();
    const since = new Date('2026-12-01T14:02:00Z');
    await deliverRepeated(channel, error('Disk full', 'api', 'web-1'), 37, since);
    expect(posted().text).toContain('Seen 37 times since 2026-12-01 14:02:00 UTC');
    expect(posted().html).toContain('Seen 37 times since 2026-12-01 14:02:00 UTC');

    await deliverDigest(channel, [
      error('<img src=x onerror=alert(1)>', 'a\r\nBcc: x@evil.test', 'h'),
      error('two', 'b', 'h'),
    ]);
    const digest = posted();
    expect(digest.subject).not.toMatch(/[\r\n]/);
    expect(digest.html).not.toContain('<img');
    expect(digest.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
