import { inspect } from 'node:util';
import { AlertManager } from '@tocsin/core';
import {
  type FakeHttpServer,
  type FakeReply,
  fixedAlert,
  quietLogger,
  refusedUrl,
  rejectionOf,
  sendContext,
  shownText,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackChannel, slackChannelOptionsSchema } from '../src/index.js';
import { secretsFor, slackChannel, TOKEN, WEBHOOK_PATH } from './harness.js';
import { slackReplies } from './slack-replies.js';

let server: FakeHttpServer;

beforeEach(async () => {
  server = await startFakeHttpServer({ defaultReply: slackReplies.ok });
});
afterEach(async () => {
  await server.close();
});

describe('the webhook URL stays secret', () => {
  it('is absent from every error, result, stats entry and string form of the channel', async () => {
    const channel = slackChannel(server, { timeout: 1 });
    const seen: string[] = [];
    const replies: FakeReply[] = [
      slackReplies.invalidPayload,
      slackReplies.forbidden,
      slackReplies.noService,
      slackReplies.channelArchived,
      slackReplies.rateLimited(1),
      slackReplies.rateLimited(1, 'date'),
      slackReplies.serverError,
      slackReplies.drop,
      slackReplies.redirect(WEBHOOK_PATH),
      slackReplies.slow(2000),
      // A server that echoes the URL back in its reason must not leak it either.
      { status: 400, body: `bad request to ${server.url}${WEBHOOK_PATH}` },
    ];
    for (const reply of replies) {
      server.reply(reply);
      seen.push(shownText(await rejectionOf(channel.send(fixedAlert(), sendContext()))));
    }
    const controller = new AbortController();
    controller.abort(new Error(`aborted while posting to ${server.url}${WEBHOOK_PATH}`));
    seen.push(
      shownText(await rejectionOf(channel.send(fixedAlert(), sendContext(controller.signal)))),
    );

    const refused = slackChannel(await refusedUrl());
    seen.push(shownText(await rejectionOf(refused.send(fixedAlert(), sendContext()))));
    await refused.close();

    const manager = new AlertManager({ logger: quietLogger, retry: { baseDelay: 0 } }).addChannel(
      channel,
      {
        maxRetries: 1,
        timeout: 1,
      },
    );
    server.reply(slackReplies.noService, slackReplies.serverError, slackReplies.drop);
    const results = [...(await manager.send(fixedAlert())), ...(await manager.send(fixedAlert()))];
    expect(results.map((result) => [result.status, result.attempts])).toEqual([
      ['failed', 1],
      ['failed', 2],
    ]);
    seen.push(
      JSON.stringify(results),
      JSON.stringify(manager.stats),
      inspect(manager, { depth: 6 }),
    );
    seen.push(
      String(channel),
      `${channel}`,
      JSON.stringify(channel),
      inspect(channel, { depth: 6 }),
    );
    seen.push(
      inspect(channel, { depth: 6, showHidden: true }),
      inspect({ nested: { channel } }, { depth: 6 }),
    );
    await manager.close();

    const all = seen.join('\n');
    for (const secret of secretsFor(server)) expect(all).not.toContain(secret);
    // The masked form is what shows instead.
    expect(all).toContain(`${server.url}/services/T***/B***/***`);
  });

  it('shows the masked form in String(), JSON and inspect', () => {
    const channel = new SlackChannel({
      webhookUrl: `https://hooks.slack.com/services/T0AAA/B0BBB/${TOKEN}`,
    });
    expect(String(channel)).toBe(
      'SlackChannel(slack -> https://hooks.slack.com/services/T***/B***/***)',
    );
    expect(JSON.parse(JSON.stringify(channel))).toEqual({
      type: 'slack',
      name: 'slack',
      webhookUrl: 'https://hooks.slack.com/services/T***/B***/***',
      webhookType: 'incoming',
    });
    expect(inspect(channel)).toContain(
      "webhookUrl: 'https://hooks.slack.com/services/T***/B***/***'",
    );
    expect(channel.maskedUrl).toBe('https://hooks.slack.com/services/T***/B***/***');
  });

  it('masks other hosts as origin plus masked path (GovSlack, custom relays)', () => {
    const gov = new SlackChannel({
      webhookUrl: `https://hooks.slack-gov.com/services/T0AAA/B0BBB/${TOKEN}`,
    });
    expect(gov.maskedUrl).toBe('https://hooks.slack-gov.com/services/T***/B***/***');
    const relay = new SlackChannel({
      webhookUrl: `https://relay.example.com/hooks/${TOKEN}/x?key=${TOKEN}`,
    });
    expect(relay.maskedUrl).toBe('https://relay.example.com/***/***/***?***');
    expect(JSON.stringify(relay)).not.toContain(TOKEN);
  });
});

describe('one keep-alive connection pool', () => {
  it('sends 20 alerts one after another over a single connection', async () => {
    const channel = slackChannel(server);
    for (let i = 0; i < 20; i++)
      await channel.send(fixedAlert({ title: `alert ${i}` }), sendContext());
    expect(server.requests).toHaveLength(20);
    expect(server.connections).toBe(1);
    expect(new Set(server.requests.map((request) => request.connection))).toEqual(new Set([1]));
    await channel.close();
  });

  it('reuses the pool connections for concurrent sends, and close() releases them', async () => {
    const channel = slackChannel(server);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        channel.send(fixedAlert({ title: `a${i}` }), sendContext()),
      ),
    );
    const opened = server.connections;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        channel.send(fixedAlert({ title: `b${i}` }), sendContext()),
      ),
    );
    expect(server.requests).toHaveLength(16);
    expect(server.connections).toBe(opened);
    expect(server.openConnections).toBeGreaterThan(0);
    await channel.close();
    await expect.poll(() => server.openConnections, { timeout: 2000 }).toBe(0);
    await channel.close();
  });

  it('close() lets a slow request finish, then cuts one that never ends after a 5 s grace', async () => {
    const channel = slackChannel(server);
    server.reply(slackReplies.slow(300), slackReplies.hang);
    const slow = channel.send(fixedAlert({ title: 'slow' }), sendContext());
    const hung = channel.send(fixedAlert({ title: 'hung' }), sendContext()).then(
      () => 'sent',
      () => 'rejected',
    );
    await server.waitForRequests(2);
    const started = performance.now();
    await channel.close();
    const took = performance.now() - started;
    await expect(slow).resolves.toBeDefined();
    expect(await hung).toBe('rejected');
    expect(took).toBeGreaterThanOrEqual(4900);
    expect(took).toBeLessThan(7000);
    await expect.poll(() => server.openConnections, { timeout: 2000 }).toBe(0);
  });

  it('opens no connection before the first send', async () => {
    const channel = slackChannel(server);
    await channel.close();
    expect(server.connections).toBe(0);
  });
});

describe('options', () => {
  const url = `https://hooks.slack.com/services/T0AAA/B0BBB/${TOKEN}`;

  it('rejects an http URL without allowInsecureHttp, with a clear error that does not repeat the URL', () => {
    let error: unknown;
    try {
      new SlackChannel({ webhookUrl: `http://hooks.slack.com/services/T0AAA/B0BBB/${TOKEN}` });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/`webhookUrl` must use https:/);
    expect((error as Error).message).toContain('`allowInsecureHttp: true`');
    expect(shownText(error)).not.toContain(TOKEN);
  });

  it('rejects a missing, unparsable, non-http or credentialed URL without echoing it', () => {
    expect(() => new SlackChannel({} as never)).toThrow(/`webhookUrl` is required/);
    expect(() => new SlackChannel(undefined as never)).toThrow(TypeError);
    for (const [webhookUrl, pattern] of [
      [`not a url ${TOKEN}`, /could not be parsed/],
      [`ftp://hooks.slack.com/${TOKEN}`, /must use https:; got ftp:/],
      [`https://user:${TOKEN}@hooks.slack.com/services/a/b/c`, /must not contain credentials/],
    ] as const) {
      let error: unknown;
      try {
        new SlackChannel({ webhookUrl });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(pattern);
      expect(shownText(error)).not.toContain(TOKEN);
    }
  });

  it('accepts a URL object, GovSlack and workflow trigger URLs', () => {
    expect(new SlackChannel({ webhookUrl: new URL(url) }).maskedUrl).toContain('hooks.slack.com');
    expect(
      new SlackChannel({ webhookUrl: 'https://hooks.slack-gov.com/services/T1/B1/x' }).name,
    ).toBe('slack');
    const trigger = new SlackChannel({ webhookUrl: 'https://hooks.slack.com/triggers/T1/123/abc' });
    expect(trigger.toJSON()).toMatchObject({ webhookType: 'workflow' });
  });

  it('names the offending option in backticks', () => {
    expect(() => new SlackChannel({ webhookUrl: url, iconEmoji: 'bell' })).toThrow(
      /`iconEmoji` must be an emoji shortcode/,
    );
    expect(() => new SlackChannel({ webhookUrl: url, username: '' })).toThrow(RangeError);
    expect(() => new SlackChannel({ webhookUrl: url, name: 42 as never })).toThrow(
      /`name` must be a string/,
    );
    expect(() => new SlackChannel({ webhookUrl: url, timeout: '5' as never })).toThrow(
      /`timeout` must be a number/,
    );
    expect(() => new SlackChannel({ webhookUrl: url, webhookType: 'x' as never })).toThrow(
      /`webhookType`/,
    );
    expect(() => new SlackChannel({ webhookUrl: url, mention: 'everyone' })).toThrow(
      /`mention` must be @here/,
    );
    expect(() => new SlackChannel({ webhookUrl: url, mention: '@bob' })).toThrow(/got "@bob"/);
    expect(
      () => new SlackChannel({ webhookUrl: url, mention: { text: '@here', minLevel: 'loud' } }),
    ).toThrow(/`mention.minLevel` must be one of/);
    expect(() => new SlackChannel({ webhookUrl: url, mention: 5 as never })).toThrow(
      /`mention` must be a string/,
    );
  });

  it('exposes timeout in seconds, clamped into 1..120 with a warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      expect(new SlackChannel({ webhookUrl: url, timeout: 10 }).timeout).toBe(10);
      expect(new SlackChannel({ webhookUrl: url }).timeout).toBeUndefined();
      expect(new SlackChannel({ webhookUrl: url, timeout: 500 }).timeout).toBe(120);
      await expect.poll(() => warnings.join('\n')).toContain('channel.timeout 500');
      expect(warnings.join('\n')).toContain('using 120');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('validates the same way through the exported schema (for config files)', () => {
    const parsed = slackChannelOptionsSchema.parse({ webhookUrl: url, mention: '@here' });
    expect(parsed).toMatchObject({
      name: 'slack',
      allowInsecureHttp: false,
      mention: { text: '<!here>', minLevel: 30 },
    });
    const failed = slackChannelOptionsSchema.safeParse({
      webhookUrl: url.replace('https', 'http'),
    });
    expect(failed.success).toBe(false);
    expect(JSON.stringify(failed.error)).not.toContain(TOKEN);
  });

  it('takes a custom name, used in errors and results', async () => {
    const channel = slackChannel(server, { name: 'ops-slack' });
    server.reply(slackReplies.noService);
    const manager = new AlertManager({ logger: quietLogger }).addChannel(channel);
    const [result] = await manager.send(fixedAlert());
    expect(result).toMatchObject({
      channel: 'ops-slack',
      channelName: 'ops-slack',
      status: 'failed',
    });
    expect(result?.error).toMatch(/^ops-slack: /);
    await manager.close();
  });
});
