import { deliverDigest, deliverRepeated, errorFrom } from '@tocsin/test-kit';
import { useFakeHttpChannel } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { cardOf, teamsChannel } from './harness.js';
import { teamsReplies } from './teams-replies.js';

const fake = useFakeHttpChannel({ defaultReply: teamsReplies.accepted }, (server) =>
  teamsChannel(server),
);

const texts = () =>
  cardOf(fake.server.requests.at(-1)?.json())
    .body.filter((element) => element.type === 'TextBlock')
    .map((element) => element.text as string);

describe('TeamsChannel: digests and repeats (what the workflow receives)', () => {
  it('shows a line per fingerprint, most alerts first, with its service and hosts', async () => {
    const event = await deliverDigest(fake.channel, [
      errorFrom('Exception in view', 'service1', 'host2'),
      errorFrom('Disk [full](https://evil.example)', 'service2', 'host3'),
      errorFrom('Exception in view', 'service1', 'host2'),
      errorFrom('Exception in view', 'service1', 'host2'),
    ]);
    expect(event.result.status).toBe('sent');
    const lines = texts();
    expect(lines).toContain('**3×** Exception in view _(in service1)_\n\nhost2 3X');
    expect(lines).toContain(
      '**1×** Disk \\[full\\]\\(https://evil.example\\) _(in service2)_\n\nhost3 1X',
    );
    expect(lines.findIndex((t) => t.startsWith('**3×'))).toBeLessThan(
      lines.findIndex((t) => t.startsWith('**1×')),
    );
  });

  it('keeps a digest of 5,000 kinds under 28 KB and says how many were left out', async () => {
    const inputs = Array.from({ length: 5000 }, (_, i) =>
      errorFrom(`Failure number ${i} ${'*'.repeat(150)}`, `svc${i}`, `host${i}`),
    );
    const event = await deliverDigest(fake.channel, inputs);
    expect(event.result.status).toBe('sent');
    expect(Buffer.byteLength(fake.server.requests[0]?.body ?? '')).toBeLessThanOrEqual(28_000);
    const lines = texts();
    expect(lines.filter((t) => t.startsWith('**1×**')).length).toBeGreaterThan(10);
    expect(lines).toContainEqual(
      expect.stringMatching(/^and \d+ more unique alerts \\\(\d+ alerts\\\) not shown$/),
    );
  });

  it('says how often a deduplicated alert was seen', async () => {
    const result = await deliverRepeated(
      fake.channel,
      { title: 'Disk full', level: 'warning' },
      37,
      new Date('2026-12-01T14:02:00Z'),
    );
    expect(result.status).toBe('sent');
    expect(texts()).toContain('Seen 37 times since 2026-12-01 14:02:00 UTC');
  });
});
