import {
  deliverDigest,
  deliverRepeated,
  errorFrom,
  type FakeHttpServer,
  fixedAlert,
  sendContext,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../src/slack-limits.js';
import { slackChannel } from './harness.js';
import { slackReplies } from './slack-replies.js';

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: Array<{ type: string; text: string }>;
}
interface Posted {
  text: string;
  blocks: Block[];
  attachments: Array<{ color: string; fallback: string; blocks: Block[] }>;
}

const closeLater = closeAfterEach();
let server: FakeHttpServer;
beforeEach(async () => {
  server = closeLater(await startFakeHttpServer({ defaultReply: slackReplies.ok }));
});

function channel() {
  return closeLater(slackChannel(server));
}
const posted = () => server.requests.at(-1)?.json() as Posted;
const blocksOf = (payload: Posted) => [
  ...payload.blocks,
  ...(payload.attachments[0]?.blocks ?? []),
];
const textsOf = (block: Block) => [
  ...(block.text === undefined ? [] : [block.text.text]),
  ...(block.elements ?? []).map((e) => e.text),
];
const sections = (payload: Posted) =>
  (payload.attachments[0]?.blocks ?? [])
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text);
const contexts = (payload: Posted) =>
  (payload.attachments[0]?.blocks ?? []).filter((b) => b.type === 'context').flatMap(textsOf);

/** Every Slack limit, checked on what the server received. */
function expectWithinSlackLimits(payload: Posted) {
  const blocks = blocksOf(payload);
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  let chars = payload.text.length + (payload.attachments[0]?.fallback.length ?? 0);
  for (const block of blocks) {
    for (const text of textsOf(block)) {
      expect(text.length).toBeLessThanOrEqual(
        block.type === 'header' ? SLACK_LIMITS.header : SLACK_LIMITS.section,
      );
      chars += text.length;
    }
  }
  expect(chars).toBeLessThanOrEqual(SLACK_LIMITS.message);
  expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallback);
}

const error = errorFrom;

describe('SlackChannel: digests (what the Slack server receives)', () => {
  it('posts a header, a section per fingerprint with its count and hosts, most first', async () => {
    const event = await deliverDigest(
      channel(),
      [
        error('Exception in view', 'service1', 'host1'),
        error('Exception in view', 'service1', 'host2'),
        error('Exception in view', 'service1', 'host2'),
        error('Could not retrieve file', 'service2', 'host3'),
        error('Exception in view', 'service1', 'host2'),
      ],
      { fingerprint: ['service'] },
    );
    expect(event.result.status).toBe('sent');
    const payload = posted();
    expect(payload.blocks[0]?.text?.text).toBe(
      ':x: 5 instances of 2 unique alerts (service1, service2)',
    );
    expect(sections(payload)).toEqual([
      '*4X* Exception in view _(in service1)_\nhost2 3X, host1 1X',
      '*1X* Could not retrieve file _(in service2)_\nhost3 1X',
    ]);
    expect(contexts(payload).join('\n')).not.toContain('not shown');
    expect(payload.text).toMatch(/^:x: \[ERROR\] 5 instances of 2 unique alerts/);
    expect(payload.text).toContain('4X Exception in view (in service1)');
    expectWithinSlackLimits(payload);
  });

  it('keeps a digest of 5,000 fingerprints with long titles within every limit, saying what was left out', async () => {
    const long = 'z'.repeat(4000);
    const inputs = Array.from({ length: 5000 }, (_, i) => error(`E${i} ${long}`, 's', `h${i}`));
    const event = await deliverDigest(channel(), inputs);
    expect(event.result.status).toBe('sent');
    const payload = posted();
    expectWithinSlackLimits(payload);
    const shown = sections(payload).length;
    expect(shown).toBeGreaterThan(10);
    expect(contexts(payload)).toContain(
      `_and ${5000 - shown} more unique alerts (${5000 - shown} alerts) not shown_`,
    );
    expect(payload.blocks[0]?.text?.text).toMatch(/^:x: 5000 instances of 5000 unique alerts/);
    expect(payload.text.endsWith('… [truncated]')).toBe(true);
  });

  it('keeps an ordinary alert with many long labels within the limits', async () => {
    const labels = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [`label${i}`, 'v'.repeat(100)]),
    );
    const made = channel();
    await made.send(fixedAlert({ labels, body: 'b'.repeat(50_000) }), sendContext());
    expectWithinSlackLimits(posted());
  });

  it('says how often an alert was seen when it stands for repeats', async () => {
    const since = new Date('2026-12-01T14:02:00Z');
    const result = await deliverRepeated(channel(), error('Disk full', 'api', 'w1'), 37, since);
    expect(result.status).toBe('sent');
    expect(contexts(posted())[0]).toBe('*Seen 37 times since 2026-12-01 14:02:00 UTC*');
    expect(JSON.stringify(server.requests[0]?.json())).not.toContain('Seen ');
  });

  it('escapes hostile digest entries: no mention, no link', async () => {
    await deliverDigest(channel(), [
      error('<!channel> wake up', '<!here>', '<@U123ABC>'),
      error('<http://evil.example|click>', 's', '<!subteam^S1>'),
    ]);
    const payload = posted();
    const all = [
      payload.text,
      payload.attachments[0]?.fallback ?? '',
      ...blocksOf(payload).flatMap(textsOf),
    ];
    // `<!date^…>` is the channel's own timestamp, not alert text.
    for (const text of all) expect(text).not.toMatch(/<[!@#](?!date\^)|<http/);
    expect(sections(payload).join('\n')).toContain('&lt;!channel&gt; wake up _(in &lt;!here&gt;)_');
    expect(sections(payload).join('\n')).toContain('&lt;@U123ABC&gt; 1X');
  });
});
