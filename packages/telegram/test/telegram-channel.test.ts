import { DeliveryError } from '@tocsin/core';
import {
  deliverDigest,
  deliverRepeated,
  deliverWithRetries,
  errorFrom,
  fixedAlert,
  refusedUrl,
  rejectionOf,
  resolvedAlert,
  sendContext,
  shownText,
} from '@tocsin/test-kit';
import { describe, expect, it } from 'vitest';
import { renderTelegramText, TELEGRAM_LIMITS, TelegramChannel } from '../src/index.js';
import { CHAT, posted, setUp, TOKEN, TOKEN_SECRET, visibleText } from './harness.js';
import { telegramReplies } from './telegram-replies.js';

function expectNoToken(text: string) {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(TOKEN_SECRET);
}

describe('TelegramChannel: the message', () => {
  it('posts sendMessage to the one chat in HTML, previews off, and returns the message id', async () => {
    const { server, channel } = await setUp();
    const receipt = await channel.send(fixedAlert(), sendContext());
    expect(receipt).toEqual({ messageId: '4242' });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/bot${TOKEN}/sendMessage`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(posted(server)).toEqual({
      chat_id: CHAT,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      text: [
        '<b>🚨 [CRITICAL] Database connection lost</b>',
        '',
        'Primary unreachable for 30 s',
        '',
        '<b>service:</b> api · <b>host:</b> db-1',
        '<i>Source: </i>health-check',
        '<code>2025-01-02 03:04:05 UTC</code>',
      ].join('\n'),
    });
  });

  it('posts into a topic, and silently below `silentBelow` (warning by default)', async () => {
    const { server, channel } = await setUp({ messageThreadId: 17 });
    await channel.send(fixedAlert({ level: 'info' }), sendContext());
    await channel.send(fixedAlert({ level: 'warning' }), sendContext());
    expect(posted(server, 0)).toMatchObject({ message_thread_id: 17, disable_notification: true });
    expect(posted(server, 1)).not.toHaveProperty('disable_notification');
    const loud = await setUp({ silentBelow: 'info' });
    await loud.channel.send(fixedAlert({ level: 'info' }), sendContext());
    expect(posted(loud.server)).not.toHaveProperty('disable_notification');
  });

  it('escapes hostile text: only our own tags reach Telegram', () => {
    const hostile =
      '<a href="https://evil.example">click</a> & <b>x</b> <tg-spoiler>s</tg-spoiler> &amp;';
    const text = renderTelegramText(
      fixedAlert({
        title: hostile,
        body: hostile,
        source: hostile,
        labels: { [hostile]: hostile },
      }),
    );
    const tags = [...text.matchAll(/<\/?([a-z-]+)[^>]*>/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(['b', 'i', 'code']));
    expect(text).not.toContain('<a');
    expect(text).not.toContain('href="');
    expect(text).toContain(
      '&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt; &amp; &lt;b&gt;x&lt;/b&gt; &lt;tg-spoiler&gt;s&lt;/tg-spoiler&gt; &amp;amp;',
    );
    // The reader sees exactly what the alert said.
    expect(visibleText(text)).toContain(hostile);
  });

  it('keeps within 4,096 characters as the reader sees them, with a marker', async () => {
    const labels = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`label${i}`, '<'.repeat(500)]),
    );
    const text = renderTelegramText(
      fixedAlert({ title: 't'.repeat(1000), body: '&<>'.repeat(3000), labels }),
    );
    const seen = visibleText(text);
    expect(seen.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.text);
    expect(seen.length).toBeGreaterThan(3500);
    expect(seen).toContain('… [truncated]');
    expect(seen).toContain('+20 more');
    // A cut never splits an entity: every & starts one of ours.
    expect(text.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
    const { server, channel } = await setUp();
    await channel.send(fixedAlert({ body: 'x'.repeat(10_000) }), sendContext());
    expect(visibleText(String(posted(server).text)).length).toBeLessThanOrEqual(4096);
  });

  it('says how often a repeated alert was seen', async () => {
    const { server, channel } = await setUp();
    await deliverRepeated(
      channel,
      { title: 'Disk full', level: 'error' },
      37,
      new Date('2026-12-01T14:02:00Z'),
    );
    expect(posted(server, -1).text).toContain('<i>Seen 37 times since 2026-12-01 14:02:00 UTC</i>');
  });
});

describe('TelegramChannel: RESOLVED notices', () => {
  it('are titled ✅ [RESOLVED] with a line saying how long the incident lasted', async () => {
    const { server, channel } = await setUp();
    await channel.send(resolvedAlert(), sendContext());
    expect(posted(server).text).toBe(
      [
        '<b>✅ [RESOLVED] [CRITICAL] Database connection lost</b>',
        '<i>Resolved after 12 min 30 s (37 alerts since 2025-01-02 03:04:05 UTC)</i>',
        '',
        'Primary unreachable for 30 s',
        '',
        '<b>service:</b> api · <b>host:</b> db-1',
        '<i>Source: </i>health-check',
        '<code>2025-01-02 03:04:05 UTC</code>',
      ].join('\n'),
    );
  });

  it('escape hostile text: only our own tags reach Telegram', async () => {
    const hostile = '<a href="https://evil.example">click</a> & <tg-spoiler>s</tg-spoiler>';
    const { server, channel } = await setUp();
    await channel.send(resolvedAlert({ title: hostile, body: hostile }), sendContext());
    const text = String(posted(server).text);
    const tags = [...text.matchAll(/<\/?([a-z-]+)[^>]*>/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(['b', 'i', 'code']));
    expect(text).not.toContain('<a');
    expect(visibleText(text)).toContain(`✅ [RESOLVED] [CRITICAL] ${hostile}`);
  });

  it('keep within 4,096 characters as the reader sees them', async () => {
    const { server, channel } = await setUp();
    await channel.send(resolvedAlert({ body: '<'.repeat(10_000) }), sendContext());
    const seen = visibleText(String(posted(server).text));
    expect(seen.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.text);
    expect(seen.length).toBeGreaterThan(4000);
    expect(seen).toContain('Resolved after 12 min 30 s');
  });
});

describe('TelegramChannel: digests', () => {
  it('lists each fingerprint with its counts, largest first, escaped', async () => {
    const { server, channel } = await setUp();
    const event = await deliverDigest(
      channel,
      [
        errorFrom('Exception in view', 'service1', 'host1'),
        errorFrom('Exception in view', 'service1', 'host2'),
        errorFrom('Exception in view', 'service1', 'host2'),
        errorFrom('<a href="https://evil.example">x</a>', 'service2', 'host3'),
      ],
      { fingerprint: ['service'] },
    );
    expect(event.result.status).toBe('sent');
    expect(posted(server).text).toContain(
      [
        '<b>3×</b> Exception in view <i>(in service1)</i>',
        'host2 2X, host1 1X',
        '<b>1×</b> &lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt; <i>(in service2)</i>',
        'host3 1X',
      ].join('\n'),
    );
  });

  it('cuts a large digest to 4,096 characters and says what it left out', async () => {
    const { server, channel } = await setUp();
    const inputs = Array.from({ length: 300 }, (_, i) =>
      errorFrom(`Failure number ${i} ${'x'.repeat(60)}`, `service${i}`, `host${i}`),
    );
    await deliverDigest(channel, inputs);
    const text = String(posted(server).text);
    expect(visibleText(text).length).toBeLessThanOrEqual(TELEGRAM_LIMITS.text);
    expect(text).toMatch(/<i>and \d+ more unique alerts \(\d+ alerts\) not shown<\/i>/);
  });
});

describe('TelegramChannel: errors', () => {
  const cases = [
    [
      '400 chat not found',
      telegramReplies.chatNotFound,
      'TOCSIN_REJECTED',
      'Bad Request: chat not found',
      /check `chatId`/,
    ],
    [
      '400 message too long',
      telegramReplies.tooLong,
      'TOCSIN_REJECTED',
      'Bad Request: message is too long',
      /not retried/,
    ],
    [
      '401 Unauthorized',
      telegramReplies.unauthorized,
      'TOCSIN_AUTH',
      'Unauthorized',
      /check `botToken`/,
    ],
    [
      '403 blocked',
      telegramReplies.blocked,
      'TOCSIN_AUTH',
      'Forbidden: bot was blocked by the user',
      /may not write/,
    ],
  ] as const;
  for (const [label, reply, code, reason, hint] of cases) {
    it(`${label}: final, with Telegram's description`, async () => {
      const { server, channel } = await setUp();
      server.reply(reply);
      const error = await rejectionOf(channel.send(fixedAlert(), sendContext()));
      expect(DeliveryError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        retryable: false,
        code,
        reason,
        statusCode: Number(label.slice(0, 3)),
      });
      expect(error.message).toMatch(hint);
      expect(error.message).toContain('/bot***/sendMessage');
      expectNoToken(shownText(error));
    });
  }

  it('404 for a wrong token path: final, the token never shown', async () => {
    const { channel } = await setUp({ botToken: `110201543:${'W'.repeat(35)}` });
    const error = await rejectionOf(channel.send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({
      retryable: false,
      code: 'TOCSIN_REJECTED',
      statusCode: 404,
      reason: 'Not Found',
    });
    expect(shownText(error)).not.toContain('W'.repeat(35));
  });

  it('429: retryable after Retry-After, or parameters.retry_after without the header', async () => {
    const { server, channel } = await setUp();
    server.reply(telegramReplies.tooManyRequests(3), telegramReplies.tooManyRequests(35, false));
    expect(await rejectionOf(channel.send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_RATE_LIMITED',
      retryAfter: 3,
      reason: 'Too Many Requests: retry after 3',
    });
    const fromBody = await rejectionOf(channel.send(fixedAlert(), sendContext()));
    expect(fromBody).toMatchObject({ retryable: true, retryAfter: 35, statusCode: 429 });
    expectNoToken(shownText(fromBody));
  });

  it('429 then ok through AlertManager: sent on the second attempt', async () => {
    const { server, channel } = await setUp();
    server.reply(telegramReplies.tooManyRequests(0, false));
    const result = await deliverWithRetries(channel, fixedAlert());
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('5xx (JSON or nginx HTML): retryable', async () => {
    const { server, channel } = await setUp();
    server.reply(telegramReplies.internal, telegramReplies.badGateway);
    expect(await rejectionOf(channel.send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_REMOTE',
      statusCode: 500,
    });
    expect(await rejectionOf(channel.send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_REMOTE',
      statusCode: 502,
    });
  });

  it('a 200 with ok: false is a final refusal with its description', async () => {
    const { server, channel } = await setUp();
    server.reply(telegramReplies.okFalse);
    expect(await rejectionOf(channel.send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: false,
      code: 'TOCSIN_REJECTED',
      reason: 'Bad Request: odd',
    });
  });

  it('a slow answer past `timeout`: a retryable timeout', async () => {
    const { server, channel } = await setUp({ timeout: 1 });
    server.reply(telegramReplies.slow(60_000));
    const error = await rejectionOf(channel.send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_TIMEOUT' });
    expectNoToken(shownText(error));
  });

  it('a refused connection: a retryable network error, the token nowhere in it or its cause', async () => {
    const channel = new TelegramChannel({
      botToken: TOKEN,
      chatId: CHAT,
      apiUrl: await refusedUrl(),
    });
    const error = await rejectionOf(channel.send(fixedAlert(), sendContext()));
    await channel.close();
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
    expectNoToken(shownText(error));
  });

  it('a send after close: TOCSIN_CLOSED', async () => {
    const { channel } = await setUp();
    await channel.close();
    expect(await rejectionOf(channel.send(fixedAlert(), sendContext()))).toMatchObject({
      code: 'TOCSIN_CLOSED',
    });
  });
});

describe('TelegramChannel: options and secrets', () => {
  it('never shows the token, not even in part', async () => {
    const { channel } = await setUp();
    const seen = `${shownText(channel)}\n${channel.maskedUrl}`;
    expectNoToken(seen);
    expect(seen).not.toContain('110201543');
    expect(JSON.parse(JSON.stringify(channel))).toMatchObject({
      type: 'telegram',
      chatId: CHAT,
      silentBelow: 20,
    });
  });

  it('refuses bad options by name, never echoing the token', () => {
    const attempts = [
      [
        { botToken: `bad ${TOKEN_SECRET}`, chatId: CHAT },
        /`botToken` must look like <bot id>:<secret>/,
      ],
      [{ botToken: TOKEN, chatId: 'general chat' }, /`chatId` must be a chat id/],
      [
        { botToken: TOKEN, chatId: CHAT, apiUrl: 'http://api.example.com' },
        /`apiUrl` must use https:/,
      ],
      [{ botToken: TOKEN, chatId: CHAT, silentBelow: 'loud' }, /`silentBelow` must be one of/],
      [{ botToken: TOKEN }, /`chatId` is required/],
    ] as const;
    for (const [options, message] of attempts) {
      let error: unknown;
      try {
        new TelegramChannel(options as never);
      } catch (e) {
        error = e;
      }
      expect(String(error)).toMatch(message);
      expectNoToken(String(error));
    }
  });
});
