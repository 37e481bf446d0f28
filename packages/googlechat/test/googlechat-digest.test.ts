import { deliverDigest, deliverRepeated, errorFrom } from '@tocsin/test-kit';
import { useFakeHttpChannel } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { chatReplies } from './googlechat-replies.js';
import { cardOf, chatChannel, SPACE } from './harness.js';

const fake = useFakeHttpChannel({ defaultReply: chatReplies.created(SPACE) }, (server) =>
  chatChannel(server),
);

const firstSection = () => cardOf(fake.server.requests.at(-1)?.json()).sections[0]?.widgets ?? [];

describe('GoogleChatChannel: digests and repeats (what Chat receives)', () => {
  it('shows an entry per fingerprint, most alerts first, with its service and hosts', async () => {
    const event = await deliverDigest(fake.channel, [
      errorFrom('Exception in view', 'service1', 'host2'),
      errorFrom('Disk <b>full</b> <users/all>', 'service2', 'host3'),
      errorFrom('Exception in view', 'service1', 'host2'),
      errorFrom('Exception in view', 'service1', 'host2'),
    ]);
    expect(event.result.status).toBe('sent');
    const entries = firstSection()
      .map((widget) => widget.decoratedText)
      .filter((entry) => entry !== undefined);
    expect(entries).toEqual([
      {
        text: '<b>3×</b> Exception in view <i>(in service1)</i>',
        wrapText: true,
        bottomLabel: 'host2 3X',
      },
      {
        text: '<b>1×</b> Disk &lt;b&gt;full&lt;/b&gt; &lt;users/all&gt; <i>(in service2)</i>',
        wrapText: true,
        bottomLabel: 'host3 1X',
      },
    ]);
  });

  it('keeps a digest of 5,000 kinds within 100 widgets and 32,000 bytes, saying what was left out', async () => {
    const inputs = Array.from({ length: 5000 }, (_, i) =>
      errorFrom(`Failure number ${i} ${'<'.repeat(150)}`, `svc${i}`, `host${i}`),
    );
    const event = await deliverDigest(fake.channel, inputs);
    expect(event.result.status).toBe('sent');
    const raw = fake.server.requests[0]?.body ?? '';
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(32_000);
    const card = cardOf(JSON.parse(raw));
    expect(card.sections.flatMap((section) => section.widgets).length).toBeLessThanOrEqual(100);
    const widgets = firstSection();
    expect(widgets.filter((widget) => widget.decoratedText !== undefined).length).toBeGreaterThan(
      10,
    );
    expect(widgets.at(-1)).toEqual({
      textParagraph: {
        text: expect.stringMatching(
          /^<i>and \d+ more unique alerts \(\d+ alerts\) not shown<\/i>$/,
        ),
      },
    });
  });

  it('says how often a deduplicated alert was seen', async () => {
    const result = await deliverRepeated(
      fake.channel,
      { title: 'Disk full', level: 'warning' },
      37,
      new Date('2026-12-01T14:02:00Z'),
    );
    expect(result.status).toBe('sent');
    expect(firstSection()[1]).toEqual({
      textParagraph: { text: '<i>Seen 37 times since 2026-12-01 14:02:00 UTC</i>' },
    });
  });
});
