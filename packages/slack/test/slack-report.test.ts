import { AlertManager } from '@tocsin/core';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../src/slack-limits.js';
import { slackChannel } from './harness.js';
import { slackReplies } from './slack-replies.js';

interface Block {
  type: string;
  text?: { type: string; text: string };
}
interface Posted {
  text: string;
  blocks: Block[];
  attachments: Array<{ color: string; blocks: Block[] }>;
}

const closeLater = closeAfterEach();
let server: FakeHttpServer;
beforeEach(async () => {
  server = closeLater(await startFakeHttpServer({ defaultReply: slackReplies.ok }));
});

describe('Slack: a scheduled report', () => {
  it('arrives as a section per table, rows aligned in a code block, the body before them', async () => {
    const manager = new AlertManager().addChannel(slackChannel(server), { key: 'ops-slack' });
    const report = manager.scheduleReport({
      at: '08:00',
      channel: 'ops-slack',
      name: 'daily',
      collect: () => ({ bookings: 412, '<!channel> sneaky': 'a & b' }),
    });
    for (let i = 0; i < 3; i++) await manager.send({ title: 'DB down', level: 'error' });
    const results = await report.sendNow();
    expect(results.map((r) => r.status)).toEqual(['sent']);
    await manager.close();

    const payload = server.requests.at(-1)?.json() as Posted;
    expect(payload.blocks[0]?.text?.text).toMatch(
      /^:information_source: Report "daily": 3 alerts from /,
    );
    const sections = (payload.attachments[0]?.blocks ?? [])
      .filter((b) => b.type === 'section')
      .map((b) => b.text?.text ?? '');
    expect(sections[0]).toMatch(/^Period: .* \(UTC\), /);
    expect(sections.slice(1).map((s) => s.split('\n')[0])).toEqual([
      '*Alerts by level*',
      '*Outcomes by status*',
      '*Top fingerprints*',
      '*Metrics*',
    ]);
    expect(sections[1]).toContain(
      '```\nLevel     Alerts\n--------  ------\nCRITICAL       0\nERROR          3',
    );
    expect(sections[1]?.endsWith('```')).toBe(true);
    expect(sections[3]).toMatch(/ {4}3 {2}ERROR {2}DB down/);
    // Cells are escaped: no mention, no broken entity.
    expect(sections[4]).toContain('&lt;!channel&gt; sneaky');
    expect(sections[4]).toContain('a &amp; b');
    expect(JSON.stringify(payload)).not.toContain('<!channel>');
    // The tables are shown once: not also as the body's text.
    expect(sections[0]).not.toContain('Alerts by level');
  });

  it('a report of many long rows stays within Slack limits', async () => {
    const manager = new AlertManager().addChannel(slackChannel(server), { key: 'ops-slack' });
    const report = manager.scheduleReport({
      at: '08:00',
      channel: 'ops-slack',
      top: 100,
      collect: () =>
        Array.from({ length: 17 }, (_, t) => ({
          title: `Table ${t}`,
          columns: ['Key', 'Value'],
          rows: Array.from({ length: 200 }, (_, i) => [`key-${i}`, 'v'.repeat(300)]),
        })),
    });
    for (let i = 0; i < 150; i++) await manager.send({ title: `Error kind ${i}`, level: 'error' });
    const results = await report.sendNow();
    expect(results.map((r) => r.status)).toEqual(['sent']);
    await manager.close();
    const payload = server.requests.at(-1)?.json() as Posted;
    const blocks = [...payload.blocks, ...(payload.attachments[0]?.blocks ?? [])];
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const chars = blocks.reduce((sum, b) => sum + (b.text?.text.length ?? 0), 0);
    expect(chars).toBeLessThanOrEqual(SLACK_LIMITS.message);
    for (const block of blocks)
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.section);
  });
});
