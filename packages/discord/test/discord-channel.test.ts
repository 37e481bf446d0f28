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
import {
  DISCORD_LIMITS,
  DiscordChannel,
  type DiscordMessage,
  renderDiscordMessage,
} from '../src/index.js';
import { discordReplies } from './discord-replies.js';
import { posted, setUp, TOKEN, WEBHOOK_ID } from './harness.js';

function charsOf(message: DiscordMessage): number {
  const [embed] = message.embeds;
  let chars = embed.title.length + (embed.description?.length ?? 0) + embed.footer.text.length;
  for (const field of embed.fields) chars += field.name.length + field.value.length;
  return chars;
}

describe('DiscordChannel: the message', () => {
  it('posts one embed with wait=true, mentions disabled, and returns the message id', async () => {
    const { server, channel } = await setUp({
      username: 'tocsin',
      avatarUrl: 'https://example.com/a.png',
    });
    const receipt = await channel.send(fixedAlert(), sendContext());
    expect(receipt).toEqual({ messageId: '1187654321098765432' });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/api/webhooks/${WEBHOOK_ID}/${TOKEN}?wait=true`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json()).toEqual({
      username: 'tocsin',
      avatar_url: 'https://example.com/a.png',
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: '[CRITICAL] Database connection lost',
          description: 'Primary unreachable for 30 s',
          color: 0xff0000,
          fields: [
            { name: 'Level', value: 'CRITICAL', inline: true },
            { name: 'Source', value: 'health-check', inline: true },
            { name: 'service', value: 'api', inline: true },
            { name: 'host', value: 'db-1', inline: true },
          ],
          footer: { text: 'tocsin · alert-0001' },
          timestamp: '2025-01-02T03:04:05.000Z',
        },
      ],
    });
  });

  it('colours the embed by level and posts into a thread when asked', async () => {
    const { server, channel } = await setUp({ threadId: '1300000000000000003' });
    await channel.send(fixedAlert({ level: 'warning' }), sendContext());
    expect(server.requests[0]?.url).toBe(
      `/api/webhooks/${WEBHOOK_ID}/${TOKEN}?wait=true&thread_id=1300000000000000003`,
    );
    expect(posted(server).embeds[0].color).toBe(0xff9800);
  });

  it('neutralises mentions, markdown and masked links in every field', () => {
    const hostile =
      '@everyone @here <@123> <@&456> <#789> [click](https://evil.example) **bold** `code` ||spoiler||';
    const message = renderDiscordMessage(
      fixedAlert({
        title: hostile,
        body: `# Heading\n- item\n> quote\n${hostile}`,
        source: '<@&456>',
        labels: { '[k](https://evil.example)': '@everyone' },
      }),
    );
    expect(message.allowed_mentions).toEqual({ parse: [] });
    const texts = [
      message.embeds[0].title,
      message.embeds[0].description ?? '',
      ...message.embeds[0].fields.flatMap((f) => [f.name, f.value]),
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/@(everyone|here)/);
      expect(text).not.toMatch(/(^|[^\\])<@/);
      expect(text).not.toMatch(/(^|[^\\])\[[^\]]*(^|[^\\])\]\(/);
      expect(text).not.toMatch(/(^|[^\\])\*\*/);
    }
    expect(message.embeds[0].description).toContain('\\[click\\]\\(https://evil.example\\)');
    expect(message.embeds[0].description).toMatch(/^\\# Heading\n\\- item\n\\> quote\n/);
    expect(message.embeds[0].description).toContain('@\u200beveryone');
    expect(message.embeds[0].description).toContain('\\<@\u200b123\\>');
    expect(message.embeds[0].description).toContain('\\<@\u200b&456\\>');
  });

  it('keeps within Discord limits with a visible marker, never failing', async () => {
    const labels = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`label${i}`, 'v'.repeat(2000)]),
    );
    const message = renderDiscordMessage(
      fixedAlert({ title: 't'.repeat(1000), body: 'b*'.repeat(5000), labels }),
    );
    const [embed] = message.embeds;
    expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.title.endsWith('… [truncated]')).toBe(true);
    expect(embed.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.description?.endsWith('… [truncated]')).toBe(true);
    // An escape is never cut in half: no lone backslash before the marker.
    expect(embed.description).not.toMatch(/[^\\](\\\\)*\\… \[truncated\]$/);
    expect(embed.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const field of embed.fields) {
      expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
    expect(embed.fields.at(-1)).toMatchObject({
      name: 'More labels',
      value: expect.stringMatching(/^\d+ more labels not shown$/),
    });
    expect(charsOf(message)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);

    const { server, channel } = await setUp();
    await channel.send(
      fixedAlert({ title: 't'.repeat(1000), body: 'b'.repeat(9000), labels }),
      sendContext(),
    );
    expect(charsOf(posted(server))).toBeLessThanOrEqual(6000);
  });

  it('says how often a repeated alert was seen', async () => {
    const { server, channel } = await setUp();
    await deliverRepeated(
      channel,
      { title: 'Disk full', level: 'error' },
      37,
      new Date('2026-12-01T14:02:00Z'),
    );
    const message = posted(server, -1);
    expect(message.embeds[0].fields).toContainEqual({
      name: 'Repeats',
      value: 'Seen 37 times since 2026-12-01 14:02:00 UTC',
      inline: false,
    });
  });
});

describe('DiscordChannel: RESOLVED notices', () => {
  it('are green, titled ✅ [RESOLVED], with a field saying how long the incident lasted', async () => {
    const { server, channel } = await setUp();
    await channel.send(resolvedAlert(), sendContext());
    const [embed] = posted(server).embeds;
    expect(embed.title).toBe('✅ [RESOLVED] [CRITICAL] Database connection lost');
    expect(embed.color).toBe(0x2eb67d);
    expect(embed.fields).toContainEqual({
      name: 'Resolved',
      value: 'Resolved after 12 min 30 s \\(37 alerts since 2025-01-02 03:04:05 UTC\\)',
      inline: false,
    });
    expect(embed.footer.text).toBe('tocsin · resolved-0001');
    expect(posted(server).allowed_mentions).toEqual({ parse: [] });
  });

  it('keep hostile text from pinging or linking', async () => {
    const { server, channel } = await setUp();
    await channel.send(
      resolvedAlert({ title: '@everyone [click](https://evil.example)', body: '<@123> **x**' }),
      sendContext(),
    );
    const [embed] = posted(server).embeds;
    expect(embed.title).toBe(
      '✅ [RESOLVED] [CRITICAL] @\u200beveryone \\[click\\]\\(https://evil.example\\)',
    );
    expect(embed.description).toBe('\\<@\u200b123\\> \\*\\*x\\*\\*');
  });
});

describe('DiscordChannel: digests', () => {
  it('lists each fingerprint with its counts, largest first, in one embed', async () => {
    const { server, channel } = await setUp();
    const event = await deliverDigest(
      channel,
      [
        errorFrom('Exception in view', 'service1', 'host1'),
        errorFrom('Exception in view', 'service1', 'host2'),
        errorFrom('Exception in view', 'service1', 'host2'),
        errorFrom('Timeout <@&456> [x](https://evil.example)', 'service2', 'host3'),
      ],
      { fingerprint: ['service'] },
    );
    expect(event.result.status).toBe('sent');
    const message = posted(server);
    expect(message.embeds).toHaveLength(1);
    expect(message.embeds[0].description).toBe(
      [
        '**3×** Exception in view *(in service1)*',
        'host2 2X, host1 1X',
        '**1×** Timeout \\<@\u200b&456\\> \\[x\\]\\(https://evil.example\\) *(in service2)*',
        'host3 1X',
      ].join('\n'),
    );
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('cuts a large digest to the limits and says what it left out', async () => {
    const { server, channel } = await setUp();
    const inputs = Array.from({ length: 300 }, (_, i) =>
      errorFrom(`Failure number ${i} ${'x'.repeat(60)}`, `service${i}`, `host${i}`),
    );
    await deliverDigest(channel, inputs);
    const message = posted(server);
    const description = message.embeds[0].description ?? '';
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(description).toMatch(/\n\*and \d+ more unique alerts \(\d+ alerts\) not shown\*$/);
    expect(charsOf(message)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
  });
});

describe('DiscordChannel: errors', () => {
  const cases = [
    [
      '400 Invalid Form Body',
      discordReplies.invalidFormBody,
      'TOCSIN_REJECTED',
      'Invalid Form Body (embeds.0.title)',
    ],
    [
      '413 Request entity too large',
      discordReplies.tooLarge,
      'TOCSIN_REJECTED',
      'Request entity too large',
    ],
    [
      '401 Invalid Webhook Token',
      discordReplies.invalidToken,
      'TOCSIN_AUTH',
      'Invalid Webhook Token',
    ],
    [
      '403 Missing Permissions',
      discordReplies.missingPermissions,
      'TOCSIN_AUTH',
      'Missing Permissions',
    ],
    ['404 Unknown Webhook', discordReplies.unknownWebhook, 'TOCSIN_REJECTED', 'Unknown Webhook'],
  ] as const;
  for (const [label, reply, code, reason] of cases) {
    it(`${label}: final, with Discord's message as the reason`, async () => {
      const { server, channel } = await setUp();
      server.reply(reply);
      const error = await rejectionOf(channel.send(fixedAlert(), sendContext()));
      expect(DeliveryError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ retryable: false, code, reason, statusCode: reply.status });
      expect(error.message).toContain(`/api/webhooks/${WEBHOOK_ID}/***`);
      expect(error.message).toContain('not retried');
      expect(shownText(error)).not.toContain(TOKEN);
    });
  }

  it('429: retryable after Retry-After; the body retry_after when the header is missing', async () => {
    const { server, channel } = await setUp();
    server.reply(discordReplies.rateLimited(1.5), discordReplies.rateLimited(2.2, false));
    const withHeader = await rejectionOf(channel.send(fixedAlert(), sendContext()));
    expect(withHeader).toMatchObject({
      retryable: true,
      code: 'TOCSIN_RATE_LIMITED',
      retryAfter: 2,
      reason: 'You are being rate limited.',
    });
    const fromBody = await rejectionOf(channel.send(fixedAlert(), sendContext()));
    expect(fromBody).toMatchObject({
      retryable: true,
      code: 'TOCSIN_RATE_LIMITED',
      retryAfter: 3,
      statusCode: 429,
    });
    expect(fromBody.message).toContain('retry after 3 s');
    expect(shownText(fromBody)).not.toContain(TOKEN);
  });

  it('429s of concurrent sends each keep their own body retry_after', async () => {
    const { server, channel } = await setUp();
    server.setDefault((request) => {
      const title = String((request.json() as DiscordMessage).embeds[0].title);
      return discordReplies.rateLimited(title.includes('slow') ? 7 : 2, false);
    });
    const [slow, fast] = await Promise.all([
      rejectionOf(channel.send(fixedAlert({ title: 'slow one' }), sendContext())),
      rejectionOf(channel.send(fixedAlert({ title: 'fast one' }), sendContext())),
    ]);
    expect(slow.retryAfter).toBe(7);
    expect(fast.retryAfter).toBe(2);
  });

  it('429 then 200 through AlertManager: sent on the second attempt', async () => {
    const { server, channel } = await setUp();
    server.reply(discordReplies.rateLimited(0, false));
    const result = await deliverWithRetries(channel, fixedAlert());
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('5xx (JSON or a Cloudflare page): retryable', async () => {
    const { server, channel } = await setUp();
    server.reply(discordReplies.serverError, discordReplies.badGateway);
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

  it('a slow answer past `timeout`: a retryable timeout', async () => {
    const { server, channel } = await setUp({ timeout: 1 });
    server.reply(discordReplies.slow(60_000));
    const error = await rejectionOf(channel.send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_TIMEOUT' });
    expect(shownText(error)).not.toContain(TOKEN);
  });

  it('a refused connection: a retryable network error without the token', async () => {
    const channel = new DiscordChannel({
      webhookUrl: `${await refusedUrl()}/api/webhooks/${WEBHOOK_ID}/${TOKEN}`,
    });
    const error = await rejectionOf(channel.send(fixedAlert(), sendContext()));
    await channel.close();
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
    expect(shownText(error)).not.toContain(TOKEN);
    expect(shownText(error.cause)).not.toContain(TOKEN);
  });

  it('a send after close: TOCSIN_CLOSED', async () => {
    const { channel } = await setUp();
    await channel.close();
    expect(await rejectionOf(channel.send(fixedAlert(), sendContext()))).toMatchObject({
      code: 'TOCSIN_CLOSED',
      retryable: false,
    });
  });
});

describe('DiscordChannel: options and secrets', () => {
  it('shows the webhook only masked', async () => {
    const { channel } = await setUp({ username: 'tocsin' });
    const seen = `${shownText(channel)}\n${channel.maskedUrl}`;
    expect(seen).not.toContain(TOKEN);
    expect(channel.maskedUrl).toMatch(new RegExp(`/api/webhooks/${WEBHOOK_ID}/\\*\\*\\*$`));
    expect(JSON.parse(JSON.stringify(channel))).toMatchObject({
      type: 'discord',
      name: 'discord',
      username: 'tocsin',
    });
  });

  it('refuses bad options by name, never echoing the URL', () => {
    const secretUrl = `http://discord.example/api/webhooks/1/${TOKEN}`;
    expect(() => new DiscordChannel({ webhookUrl: secretUrl })).toThrow(
      /^DiscordChannel: `webhookUrl` must use https:/,
    );
    try {
      new DiscordChannel({ webhookUrl: secretUrl });
    } catch (error) {
      expect(String(error)).not.toContain(TOKEN);
    }
    expect(() => new DiscordChannel({ webhookUrl: `not a url ${TOKEN}` })).toThrow(
      /could not be parsed$/,
    );
    expect(
      () =>
        new DiscordChannel({ webhookUrl: 'https://discord.com/api/webhooks/1/t', threadId: 'x' }),
    ).toThrow(TypeError);
    expect(() => new DiscordChannel({} as never)).toThrow(/`webhookUrl` is required/);
  });
});
