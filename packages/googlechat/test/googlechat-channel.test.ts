import type { DeliveryError } from '@tocsin/core';
import {
  deliverWithRetries,
  deliveryFailure,
  type FakeReply,
  fixedAlert,
  refusedUrl,
  rejectionOf,
  resolvedAlert,
  sendContext,
  shownText,
} from '@tocsin/test-kit';
import { useFakeHttpChannel } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { GoogleChatChannel } from '../src/index.js';
import { chatReplies } from './googlechat-replies.js';
import {
  cardOf,
  chatChannel,
  KEY,
  type Posted,
  SPACE,
  secretsFor,
  TOKEN,
  WEBHOOK_PATH,
} from './harness.js';

const fake = useFakeHttpChannel({ defaultReply: chatReplies.created(SPACE) }, (server) =>
  chatChannel(server),
);

function expectNoSecret(...seen: unknown[]): void {
  const text = seen.map(shownText).join('\n');
  for (const secret of secretsFor(fake.server)) expect(text).not.toContain(secret);
}
const posted = () => fake.server.requests.at(-1)?.json() as Posted;

describe('the request', () => {
  it('posts one cardsV2 card as JSON to the webhook URL; the receipt is the message name', async () => {
    const receipt = await fake.channel.send(fixedAlert(), sendContext());
    expect(receipt).toEqual({ messageId: `spaces/${SPACE}/messages/mD4zQ8kKsJk.mD4zQ8kKsJk` });
    const [request] = fake.server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(WEBHOOK_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    const body = posted();
    expect(body.text).toBeUndefined();
    expect(body.thread).toBeUndefined();
    expect(body.fallbackText).toBe('🚨 [CRITICAL] Database connection lost');
    expect(body.cardsV2).toHaveLength(1);
  });

  it('shows the title, the level in its colour, the body, labels, source and time', async () => {
    await fake.channel.send(fixedAlert(), sendContext());
    expect(cardOf(posted())).toEqual({
      header: { title: '🚨 Database connection lost', subtitle: 'CRITICAL · health-check' },
      sections: [
        {
          widgets: [
            { textParagraph: { text: '<font color="#ff0000"><b>CRITICAL</b></font>' } },
            { textParagraph: { text: 'Primary unreachable for 30 s' } },
          ],
        },
        {
          header: 'Labels',
          widgets: [
            { decoratedText: { topLabel: 'service', text: 'api', wrapText: true } },
            { decoratedText: { topLabel: 'host', text: 'db-1', wrapText: true } },
          ],
        },
        {
          widgets: [
            { decoratedText: { topLabel: 'Source', text: 'health-check', wrapText: true } },
            {
              decoratedText: { topLabel: 'Time', text: '2025-01-02 03:04:05 UTC', wrapText: true },
            },
          ],
        },
      ],
    });
  });

  it('threads by fingerprint when asked: threadKey, and the reply option in the URL', async () => {
    await fake.channel.close();
    fake.channel = chatChannel(fake.server, { threadByFingerprint: true });
    const alert = fixedAlert();
    await fake.channel.send(alert, sendContext());
    expect(posted().thread).toEqual({ threadKey: alert.fingerprint });
    expect(fake.server.requests[0]?.url).toBe(
      `${WEBHOOK_PATH}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`,
    );
  });
});

describe('RESOLVED notices', () => {
  it('have a check mark, RESOLVED in green before the level, and how long the incident lasted', async () => {
    await fake.channel.send(resolvedAlert(), sendContext());
    const body = posted();
    expect(body.fallbackText).toBe('✅ [RESOLVED] [CRITICAL] Database connection lost');
    const card = cardOf(body);
    expect(card.header).toEqual({
      title: '✅ Database connection lost',
      subtitle: 'RESOLVED · CRITICAL · health-check',
    });
    expect(card.sections[0]?.widgets).toEqual([
      { textParagraph: { text: '<font color="#2eb67d"><b>RESOLVED</b></font> · CRITICAL' } },
      {
        textParagraph: {
          text: '<b>Resolved after 12 min 30 s (37 alerts since 2025-01-02 03:04:05 UTC)</b>',
        },
      },
      { textParagraph: { text: 'Primary unreachable for 30 s' } },
    ]);
  });

  it('keep hostile text escaped and the fallback defused', async () => {
    const hostile = '<users/all> <a href="https://evil.example">x</a>';
    await fake.channel.send(resolvedAlert({ title: hostile, body: hostile }), sendContext());
    const body = posted();
    const [, , paragraph] = cardOf(body).sections[0]?.widgets ?? [];
    expect(paragraph?.textParagraph?.text).toBe(
      '&lt;users/all&gt; &lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt;',
    );
    expect(body.fallbackText).not.toMatch(/<users\/all>|<a /);
  });
});

describe('hostile alert text', () => {
  it('cannot mention, link or format: card text is HTML-escaped, the fallback defused', async () => {
    const hostile =
      '<users/all> <https://evil.example|click> <b>bold</b> <a href="https://evil.example">x</a> *b* &amp;';
    await fake.channel.send(
      fixedAlert({
        title: hostile,
        body: `${hostile}\nline two`,
        labels: { [hostile]: hostile },
        source: hostile,
      }),
      sendContext(),
    );
    const body = posted();
    const card = cardOf(body);
    const [, paragraph] = card.sections[0]?.widgets ?? [];
    expect(paragraph?.textParagraph?.text).toBe(
      '&lt;users/all&gt; &lt;https://evil.example|click&gt; &lt;b&gt;bold&lt;/b&gt; &lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt; *b* &amp;amp;<br>line two',
    );
    const label = card.sections[1]?.widgets[0]?.decoratedText;
    expect(label?.topLabel).not.toMatch(/<(?!br>)/);
    expect(label?.text).not.toContain('<');
    expect(card.sections[2]?.widgets[0]?.decoratedText?.text).not.toContain('<');
    // The header is plain text (Chat does not format it); the fallback cannot form <users/…>.
    expect(card.header.title).toBe(`🚨 ${hostile}`);
    expect(body.fallbackText).not.toMatch(/<users\/all>|<https:/);
    expect(body.text).toBeUndefined();
  });
});

describe('limits', () => {
  it('keeps a huge alert under 32,000 bytes and 100 widgets, with the marker in the body', async () => {
    const labels = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`l${i}`, '<'.repeat(400)]),
    );
    await fake.channel.send(
      fixedAlert({ title: 'T'.repeat(5000), body: '<&>"'.repeat(50_000), labels }),
      sendContext(),
    );
    const raw = fake.server.requests[0]?.body ?? '';
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(32_000);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(25_000);
    const card = cardOf(JSON.parse(raw));
    const widgets = card.sections.flatMap((section) => section.widgets);
    expect(widgets.length).toBeLessThanOrEqual(100);
    expect(card.sections[0]?.widgets[1]?.textParagraph?.text).toMatch(/… \[truncated\]$/);
    expect(card.header.title.length).toBeLessThanOrEqual(203);
    expect(card.sections[1]?.widgets.at(-1)).toEqual({
      textParagraph: { text: expect.stringMatching(/^<i>\d+ more labels not shown<\/i>$/) },
    });
  });
});

describe('answers', () => {
  function failureFor(reply: FakeReply): Promise<DeliveryError> {
    fake.server.reply(reply);
    return deliveryFailure(fake.channel.send(fixedAlert(), sendContext()), secretsFor(fake.server));
  }

  it.each([
    [
      chatReplies.invalidPayload,
      400,
      'TOCSIN_REJECTED',
      /answered 400 Bad Request: Invalid JSON payload received/,
    ],
    [
      chatReplies.tooLarge,
      400,
      'TOCSIN_REJECTED',
      /answered 400 Bad Request: Message is longer than 4096 characters/,
    ],
    [
      chatReplies.badKey,
      400,
      'TOCSIN_REJECTED',
      /API key not valid.*; not retried: Chat refused the message or the `key` of `webhookUrl`/,
    ],
    [
      chatReplies.unauthenticated,
      401,
      'TOCSIN_AUTH',
      /answered 401 Unauthorized: Request had invalid authentication credentials/,
    ],
    [
      chatReplies.permissionDenied,
      403,
      'TOCSIN_AUTH',
      /answered 403 Forbidden: The caller does not have permission; not retried: the `key` or `token`/,
    ],
    [
      chatReplies.notFound,
      404,
      'TOCSIN_REJECTED',
      /answered 404 Not Found: Requested entity was not found\.; not retried: the space or its webhook is gone/,
    ],
  ])(
    "refusal %# is not retried and carries Google's message",
    async (reply, status, code, message) => {
      const error = await failureFor(reply);
      expect(error).toMatchObject({
        retryable: false,
        statusCode: status,
        code,
        channel: 'googlechat',
      });
      expect(error.message).toMatch(message);
      expect(error.reason).toEqual(expect.any(String));
    },
  );

  it('429 is retryable after Retry-After', async () => {
    const error = await failureFor(chatReplies.quota('30'));
    expect(error).toMatchObject({
      retryable: true,
      statusCode: 429,
      retryAfter: 30,
      code: 'TOCSIN_RATE_LIMITED',
    });
    expect(error.reason).toMatch(/^Quota exceeded/);
  });

  it.each([
    [chatReplies.internal, 500],
    [chatReplies.unavailable, 503],
  ])('5xx is retryable (%#)', async (reply, status) => {
    expect(await failureFor(reply)).toMatchObject({
      retryable: true,
      statusCode: status,
      code: 'TOCSIN_REMOTE',
    });
  });

  it('a slow answer times out (the `timeout` option), retryable', async () => {
    await fake.channel.close();
    fake.channel = chatChannel(fake.server, { timeout: 1 });
    expect(await failureFor(chatReplies.slow(SPACE))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_TIMEOUT',
    });
  });

  it('a refused connection is a retryable network error', async () => {
    await fake.channel.close();
    fake.channel = chatChannel(await refusedUrl());
    const error = await rejectionOf(fake.channel.send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
    expect(String(error)).not.toContain(KEY);
  });

  it('is retried by core after a 429, then delivered', async () => {
    fake.server.reply(chatReplies.quota('0'));
    const result = await deliverWithRetries(fake.channel, { title: 't', level: 'error' });
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.server.requests).toHaveLength(2);
  });

  it('a closed channel refuses to send, without a request', async () => {
    await fake.channel.close();
    expect(await rejectionOf(fake.channel.send(fixedAlert(), sendContext()))).toMatchObject({
      code: 'TOCSIN_CLOSED',
    });
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('secrets', () => {
  it('shows the URL masked in String, JSON and inspect', () => {
    expectNoSecret(fake.channel);
    expect(JSON.parse(JSON.stringify(fake.channel))).toEqual({
      type: 'googlechat',
      name: 'googlechat',
      webhookUrl: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+\/\*\*\*\/\*\*\*\/\*\*\*\/\*\*\*\?\*\*\*$/,
      ),
      threadByFingerprint: false,
    });
  });

  it('never echoes the URL in an option error', () => {
    for (const webhookUrl of [
      `http://chat.example/v1/spaces/${SPACE}/messages?key=${KEY}&token=${TOKEN}`,
      `nope ${KEY}`,
    ]) {
      let thrown: unknown;
      try {
        new GoogleChatChannel({ webhookUrl });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect(String(thrown)).toMatch(/`webhookUrl` must/);
      expectNoSecret(thrown);
    }
  });
});
