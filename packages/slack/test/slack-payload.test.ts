import { ALERT_LEVELS, alertLevelName } from '@tocsin/core';
import {
  type FakeHttpServer,
  fixedAlert,
  resolvedAlert,
  sendContext,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { SlackChannel } from '../src/index.js';
import type { SlackChannelOptions } from '../src/slack-channel-options.js';
import { slackChannel } from './harness.js';
import { slackReplies } from './slack-replies.js';

interface Block {
  type: string;
  text?: { type: string; text: string; emoji?: boolean };
  elements?: Array<{ type: string; text: string }>;
}
interface Posted {
  text: string;
  username?: string;
  icon_emoji?: string;
  channel?: string;
  blocks: Block[];
  attachments: Array<{ color: string; fallback: string; blocks: Block[] }>;
}

const closeLater = closeAfterEach();
let server: FakeHttpServer;
beforeEach(async () => {
  server = closeLater(await startFakeHttpServer({ defaultReply: slackReplies.ok }));
});

/** Send one alert through a real SlackChannel and return the JSON the fake Slack received. */
async function post(
  input: Parameters<typeof fixedAlert>[0] = {},
  options: Partial<SlackChannelOptions> = {},
) {
  const channel = closeLater(slackChannel(server, options));
  await channel.send(fixedAlert(input), sendContext());
  const request = server.requests.at(-1);
  if (request === undefined) throw new Error('the fake Slack received nothing');
  return { request, payload: request.json() as Posted };
}

const header = (payload: Posted) => payload.blocks[0]?.text?.text ?? '';
const bodySection = (payload: Posted) =>
  payload.attachments[0]?.blocks.find((block) => block.type === 'section')?.text?.text;
const contextTexts = (payload: Posted) =>
  payload.attachments[0]?.blocks
    .find((block) => block.type === 'context')
    ?.elements?.map((e) => e.text) ?? [];
/** Every text Slack would parse for mentions and links. */
const allTexts = (payload: Posted) => [
  payload.text,
  payload.attachments[0]?.fallback ?? '',
  ...payload.blocks.map((block) => block.text?.text ?? ''),
  ...(payload.attachments[0]?.blocks ?? []).flatMap((block) => [
    block.text?.text ?? '',
    ...(block.elements ?? []).map((element) => element.text),
  ]),
];

describe('SlackChannel payload (what the Slack server receives)', () => {
  for (const level of ALERT_LEVELS) {
    it(`renders the ${alertLevelName(level)} level as Block Kit with its colour bar`, async () => {
      const { request, payload } = await post({ level });
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/services/T0SECRET1/B0SECRET2/xyzSecretToken0123456789');
      expect(request.headers['content-type']).toBe('application/json');
      expect(payload).toMatchSnapshot();
    });
  }

  it('uses the level emoji and colour: CRITICAL is :rotating_light: and #ff0000, SUCCESS :white_check_mark:', async () => {
    const critical = (await post({ level: 'critical' })).payload;
    expect(header(critical)).toBe(':rotating_light: Database connection lost');
    expect(critical.attachments[0]?.color).toBe('#ff0000');
    const success = (await post({ level: 'success' })).payload;
    expect(header(success)).toMatch(/^:white_check_mark: /);
    expect(success.attachments[0]?.color).toBe('#36a64f');
    const error = (await post({ level: 'error' })).payload;
    expect(header(error)).toMatch(/^:x: /);
    expect(error.attachments[0]?.color).toBe('#e8590c');
  });

  it('sends a header (plain_text), the body as mrkdwn, the context line and a text fallback', async () => {
    const { payload } = await post();
    expect(payload.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':rotating_light: Database connection lost', emoji: true },
    });
    expect(bodySection(payload)).toBe('Primary unreachable for 30 s');
    expect(contextTexts(payload)).toEqual([
      '*Level:* CRITICAL',
      '*service:* api  ·  *host:* db-1',
      '*Source:* health-check',
      '<!date^1735787045^{date_num} {time_secs}|2025-01-02 03:04:05 UTC>',
    ]);
    expect(payload.text).toBe(
      ':rotating_light: [CRITICAL] Database connection lost\nPrimary unreachable for 30 s',
    );
  });

  it('leaves out the body section when the body is empty, and labels and source when absent', async () => {
    const { payload } = await post({ body: '', labels: {}, source: undefined });
    expect(bodySection(payload)).toBeUndefined();
    expect(contextTexts(payload)).toHaveLength(2);
    expect(payload.text).toBe(':rotating_light: [CRITICAL] Database connection lost');
  });

  it('shows the timestamp prefix in the title when the alert asks for it', async () => {
    const { payload } = await post({ timestampInTitle: true });
    expect(header(payload)).toBe(
      ':rotating_light: 2025-01-02 03:04:05 ::: Database connection lost',
    );
  });

  it('passes username, iconEmoji and channelName as Slack expects them', async () => {
    const { payload } = await post(
      {},
      { username: 'tocsin', iconEmoji: ':bell:', channelName: '#ops' },
    );
    expect(payload).toMatchObject({ username: 'tocsin', icon_emoji: ':bell:', channel: '#ops' });
  });

  it('sends no username, icon or channel fields unless configured', async () => {
    const { payload } = await post();
    expect(Object.keys(payload).sort()).toEqual(['attachments', 'blocks', 'text']);
  });
});

describe('escaping: alert text never mentions anyone or hides a link', () => {
  const hostile = [
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<@U123ABC>',
    '<http://evil.example|click>',
    '<!subteam^S123>',
  ];

  for (const [field, input] of [
    ['title', (text: string) => ({ title: `Alert ${text}` })],
    ['body', (text: string) => ({ body: `See ${text} now` })],
    ['label value', (text: string) => ({ labels: { service: text } })],
    ['label key', (text: string) => ({ labels: { [text]: 'x' } })],
    ['source', (text: string) => ({ source: text })],
  ] as const) {
    it(`escapes ${field}: ${hostile.join(' ')} arrive as text`, async () => {
      for (const text of hostile) {
        const { payload } = await post(input(text));
        const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        const texts = allTexts(payload);
        for (const part of texts) expect(part).not.toContain(text);
        expect(texts.some((part) => part.includes(escaped))).toBe(true);
        // The only Slack control sequence left is our own date token.
        expect(texts.join('\n').replace(/<!date\^\d+\^[^|]+\|[^>]+>/g, '')).not.toMatch(/[<>]/);
      }
    });
  }

  it('escapes & so an entity in alert text cannot smuggle a control character', async () => {
    const { payload } = await post({ title: 'a &lt;!channel&gt; b', body: 'x & y' });
    expect(header(payload)).toBe(':rotating_light: a &amp;lt;!channel&amp;gt; b');
    expect(bodySection(payload)).toBe('x &amp; y');
  });

  it('turns line breaks in the title into spaces (a header is one line)', async () => {
    const { payload } = await post({ title: 'first\nsecond\r\nthird' });
    expect(header(payload)).toBe(':rotating_light: first second third');
  });
});

describe('truncation to Slack limits, with a visible marker', () => {
  it('cuts a long title to 150 characters in the header, ending with the marker', async () => {
    const { payload } = await post({ title: 'T'.repeat(400) });
    const text = header(payload);
    expect(text.length).toBeLessThanOrEqual(150);
    expect(text.length).toBeGreaterThan(140);
    expect(text.endsWith('… [truncated]')).toBe(true);
    expect(text.startsWith(':rotating_light: TTT')).toBe(true);
  });

  it('cuts a long body to 3000 characters in the section, ending with the marker', async () => {
    const { payload } = await post({ body: 'b'.repeat(10_000) });
    const text = bodySection(payload) ?? '';
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.length).toBeGreaterThan(2980);
    expect(text.endsWith('… [truncated]')).toBe(true);
    expect(payload.text.length).toBeLessThanOrEqual(3000);
  });

  it('leaves text at the limit untouched', async () => {
    const body = 'b'.repeat(3000);
    const { payload } = await post({ body });
    expect(bodySection(payload)).toBe(body);
  });

  it('never cuts inside an escaped entity or an emoji', async () => {
    const amps = (await post({ body: '&'.repeat(2000) })).payload;
    const text = bodySection(amps) ?? '';
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^(&amp;)+… \[truncated\]$/);
    const emoji = (await post({ title: '🚨'.repeat(200) })).payload;
    const title = header(emoji);
    expect(title.length).toBeLessThanOrEqual(150);
    expect(title).toMatch(/^:rotating_light: (🚨)+… \[truncated\]$/u);
  });
});

describe('mention option', () => {
  it('mentions @here on CRITICAL alerts, in Slack syntax, in a section and the notification text', async () => {
    const { payload } = await post({ level: 'critical' }, { mention: '@here' });
    expect(payload.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '<!here>' },
    });
    expect(payload.text.startsWith('<!here> :rotating_light: [CRITICAL]')).toBe(true);
  });

  it('does not mention below the mention level', async () => {
    const { payload } = await post({ level: 'error' }, { mention: '@here' });
    expect(payload.blocks).toHaveLength(1);
    expect(JSON.stringify(payload)).not.toContain('<!here>');
  });

  it('takes several targets and a lower level: @channel, a user and a user group from WARNING', async () => {
    const mention = { text: '@channel @U024BE7LH <!subteam^S0614TZR7>', minLevel: 'warning' };
    const warning = (await post({ level: 'warning' }, { mention })).payload;
    expect(warning.blocks[1]?.text?.text).toBe('<!channel> <@U024BE7LH> <!subteam^S0614TZR7>');
    const info = (await post({ level: 'info' }, { mention })).payload;
    expect(info.blocks).toHaveLength(1);
  });

  it('still escapes the alert text when a mention is configured', async () => {
    const { payload } = await post({ title: '<!channel> hi' }, { mention: '@here' });
    expect(header(payload)).toBe(':rotating_light: &lt;!channel&gt; hi');
    expect(payload.text).toBe(
      '<!here> :rotating_light: [CRITICAL] &lt;!channel&gt; hi\nPrimary unreachable for 30 s',
    );
  });
});

describe('RESOLVED notices', () => {
  /** Send a resolved notice through a real SlackChannel; the JSON the fake Slack received. */
  async function postResolved(
    alert = resolvedAlert(),
    options: Partial<SlackChannelOptions> = {},
  ): Promise<Posted> {
    await closeLater(slackChannel(server, options)).send(alert, sendContext());
    return server.requests.at(-1)?.json() as Posted;
  }

  it('are green, say RESOLVED in the header and the notification, and how long it lasted', async () => {
    const payload = await postResolved();
    expect(header(payload)).toBe(':white_check_mark: RESOLVED: Database connection lost');
    expect(payload.attachments[0]?.color).toBe('#2eb67d');
    expect(payload.text.startsWith(':white_check_mark: [RESOLVED] [CRITICAL] Database')).toBe(true);
    expect(contextTexts(payload)).toEqual([
      '*Resolved after 12 min 30 s (37 alerts since 2025-01-02 03:04:05 UTC)*',
    ]);
    expect(bodySection(payload)).toBe('Primary unreachable for 30 s');
    const firing = (await post()).payload;
    expect(firing.attachments[0]?.color).toBe('#ff0000');
    expect(JSON.stringify(firing)).not.toContain('RESOLVED');
  });

  it('say when the auto-resolve timeout ended the incident', async () => {
    const payload = await postResolved(resolvedAlert({}, { by: 'timeout' }));
    expect(contextTexts(payload)[0]).toContain('no new alert before the auto-resolve timeout');
  });

  it('mention no one, even at a level the mention option fires for', async () => {
    const payload = await postResolved(resolvedAlert(), { mention: '@here' });
    expect(JSON.stringify(payload)).not.toContain('<!here>');
    expect(payload.blocks).toHaveLength(1);
  });

  it('reach a workflow trigger with text starting [RESOLVED] and an empty mention', async () => {
    server.setDefault(slackReplies.workflowOk);
    await postResolved(resolvedAlert(), {
      webhookUrl: `${server.url}/triggers/T0SECRET1/123456/abcdefSecret`,
      mention: '@here',
    });
    const variables = server.requests.at(-1)?.json() as Record<string, string>;
    expect(variables.text?.startsWith(':white_check_mark: [RESOLVED] [CRITICAL]')).toBe(true);
    expect(variables.mention).toBe('');
  });

  it('keep hostile alert text escaped', async () => {
    const payload = await postResolved(
      resolvedAlert({ title: 'Disk <!channel> full', body: 'see <http://evil.example|click>' }),
    );
    expect(header(payload)).toBe(':white_check_mark: RESOLVED: Disk &lt;!channel&gt; full');
    const texts = allTexts(payload).join('\n');
    expect(texts).not.toContain('<!channel>');
    expect(texts).not.toContain('<http://evil.example|click>');
    expect(texts.replace(/<!date\^\d+\^[^|]+\|[^>]+>/g, '')).not.toMatch(/[<>]/);
  });
});

describe('workflow triggers', () => {
  it('posts flat, escaped string variables to a /triggers/ URL and accepts { ok: true }', async () => {
    server.setDefault(slackReplies.workflowOk);
    const trigger = `${server.url}/triggers/T0SECRET1/123456/abcdefSecret`;
    const workflow = new SlackChannel({
      webhookUrl: trigger,
      allowInsecureHttp: true,
      mention: '@here',
    });
    closeLater(workflow);
    await workflow.send(fixedAlert({ title: 'Disk <!channel> full' }), sendContext());
    const request = server.requests.at(-1);
    expect(request?.url).toBe('/triggers/T0SECRET1/123456/abcdefSecret');
    const variables = request?.json() as Record<string, unknown>;
    for (const value of Object.values(variables)) expect(typeof value).toBe('string');
    expect(variables).toMatchSnapshot();
    expect(String(workflow)).toBe(`SlackChannel(slack -> ${server.url}/triggers/***/***/***)`);
  });

  it('posts Block Kit to a trigger URL when told webhookType: incoming', async () => {
    const { payload } = await post(
      {},
      { webhookUrl: `${server.url}/triggers/A/B/C`, webhookType: 'incoming' },
    );
    expect(payload.blocks[0]?.type).toBe('header');
  });
});
