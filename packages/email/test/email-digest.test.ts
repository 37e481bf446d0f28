import {
  deliverDigest,
  deliverRepeated,
  errorFrom,
  type SmtpSink,
  startSmtpSink,
} from '@tocsin/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailChannel, type EmailChannelOptions } from '../src/index.js';

let sink: SmtpSink | undefined;
let channel: EmailChannel | undefined;
afterEach(async () => {
  await channel?.close();
  await sink?.close();
  channel = undefined;
  sink = undefined;
});

async function setup(options: Partial<EmailChannelOptions> = {}) {
  sink = await startSmtpSink();
  channel = new EmailChannel({
    transport: sink.transportOptions,
    from: 'alerts@example.com',
    to: 'oncall@example.com',
    ...options,
  });
  return { sink, channel };
}

const error = errorFrom;

/** failnozzle's README example: 4 of one error on two hosts, 1 of another. */
const failnozzleExample = [
  error('Exception in view', 'service1', 'host1', 'Traceback (most recent call last):'),
  error('Exception in view', 'service1', 'host2'),
  error('Exception in view', 'service1', 'host2'),
  error('Could not retrieve file "foo.txt"', 'service2', 'host3'),
  error('Exception in view', 'service1', 'host2'),
];

describe('EmailChannel: digests (what the SMTP server receives)', () => {
  it("renders failnozzle's summary: subject, text summary and details, an HTML table", async () => {
    const { sink, channel } = await setup();
    const event = await deliverDigest(channel, failnozzleExample, { fingerprint: ['service'] });
    expect(event.result.status).toBe('sent');
    const message = sink.messages[0];
    expect(message?.subject).toBe(
      '[ALERT] [ERROR] 5 instances of 2 unique alerts (service1, service2)',
    );
    const text = message?.text ?? '';
    expect(text).toContain(
      'Summary:\n4X Exception in view (in service1)\n1X Could not retrieve file "foo.txt" (in service2)\n',
    );
    expect(text).toContain('Alert #1 of 2: 4X Exception in view (in service1)\nSeen between ');
    expect(text).toContain('- on host2, 3X\n- on host1, 1X\n\nTraceback (most recent call last):');
    expect(text).toContain('Alert #2 of 2: 1X Could not retrieve file "foo.txt" (in service2)');
    expect(text).not.toContain('more unique alert');

    const html = message?.html ?? '';
    const rows = html.match(/<tr><td style="[^"]*word-break:break-word;">.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(2);
    const cells = (row: string) =>
      [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]?.replace(/<\/?b>/g, ''));
    expect(cells(rows[0] ?? '')).toEqual([
      '4X',
      'Exception in view',
      'service1',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/),
      expect.stringMatching(/ UTC$/),
      'host2 3X, host1 1X',
    ]);
    expect(cells(rows[1] ?? '').slice(0, 3)).toEqual([
      '1X',
      'Could not retrieve file &quot;foo.txt&quot;',
      'service2',
    ]);
    expect(html).toContain('>Per host</th>');
  });

  it('keeps a digest of 5,000 fingerprints with long titles within the caps, saying how many were left out', async () => {
    const { sink, channel } = await setup({ maxBodyBytes: 64 * 1024 });
    const long = 'x'.repeat(3000);
    const inputs = Array.from({ length: 5000 }, (_, i) =>
      error(`Failure ${i} ${long}`, `svc${i % 7}`, `host${i % 3}`, 'b'.repeat(5000)),
    );
    const event = await deliverDigest(channel, inputs);
    expect(event.result.status).toBe('sent');
    const message = sink.messages[0];
    expect(message?.subject).toMatch(/^\[ALERT\] \[ERROR\] 5000 instances of 5000 unique alerts/);
    expect(message?.subject?.length).toBeLessThanOrEqual(250);
    const text = message?.text ?? '';
    expect(Buffer.byteLength(text)).toBeLessThan(64 * 1024 + 4096);
    expect(text).toMatch(/\.\.\. and (\d+) more unique alerts \(\1 alerts\) not shown/);
    expect(text).toMatch(/\(details of \d+ more unique alerts left out\)/);
    expect(text).not.toContain('body truncated by Tocsin');
    const html = message?.html ?? '';
    expect(Buffer.byteLength(html)).toBeLessThan(64 * 1024 + 8192);
    expect(html).toMatch(/And \d+ more unique alerts \(\d+ alerts\) not shown/);
    expect(message?.raw.length).toBeLessThan(1024 * 1024);
  });

  it('says how often an alert was seen when it stands for repeats', async () => {
    const { sink, channel } = await setup();
    const since = new Date('2026-12-01T14:02:00Z');
    const result = await deliverRepeated(channel, error('Disk full', 'api', 'web-1'), 37, since);
    expect(result.status).toBe('sent');
    const message = sink.messages.at(-1);
    expect(message?.text).toContain(
      'Disk full\n=========\n\nSeen 37 times since 2026-12-01 14:02:00 UTC\n',
    );
    expect(message?.html).toContain('>Seen 37 times since 2026-12-01 14:02:00 UTC</td>');
    expect(sink.messages[0]?.text).not.toContain('Seen ');
  });

  it('escapes hostile text of digest entries: no tags in HTML, one subject line', async () => {
    const { sink, channel } = await setup();
    const event = await deliverDigest(channel, [
      error('<img src=x onerror=alert(1)>', 'svc\r\nBcc: victim@evil.test', '<script>h</script>'),
      error('<a href="http://evil.test">click</a>', 'svc2', 'h2'),
    ]);
    expect(event.result.status).toBe('sent');
    const message = sink.messages[0];
    expect(message?.subject).toBe(
      '[ALERT] [ERROR] 2 instances of 2 unique alerts (svc Bcc: victim@evil.test, svc2)',
    );
    expect(message?.headerNames).not.toContain('bcc');
    expect(message?.envelope.to).toEqual(['oncall@example.com']);
    const html = message?.html ?? '';
    expect(html).not.toMatch(/<img|<script|<a /);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;h&lt;/script&gt; 1X');
  });
});
