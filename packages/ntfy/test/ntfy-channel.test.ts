import { inspect } from 'node:util';
import {
  deliverDigest,
  deliverRepeated,
  deliverWithRetries,
  deliveryFailure,
  errorFrom,
  type FakeHttpServer,
  fixedAlert,
  refusedUrl,
  resolvedAlert,
  sendContext,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { NTFY_LIMITS, NtfyChannel, type NtfyMessage } from '../src/index.js';
import { ntfyChannel, PASSWORD, TOKEN, TOPIC } from './harness.js';
import { ntfyReplies, published } from './ntfy-replies.js';

const closeLater = closeAfterEach();
let server: FakeHttpServer;
beforeEach(async () => {
  server = closeLater(await startFakeHttpServer({ defaultReply: published }));
});

function channel(options: Parameters<typeof ntfyChannel>[1] = {}) {
  return closeLater(ntfyChannel(server, options));
}
const sent = () => server.requests.at(-1)?.json() as NtfyMessage;

/** The DeliveryError of a send, checked to show no secret anywhere. */
const failure = (promise: Promise<unknown>) => deliveryFailure(promise, [TOPIC, TOKEN, PASSWORD]);

describe('NtfyChannel: the message ntfy receives', () => {
  it('posts JSON to the server root: topic, title, plain text, priority and the level’s tag', async () => {
    const receipt = await channel({ tags: ['db'], click: 'https://status.example.com/' }).send(
      fixedAlert(),
      sendContext(),
    );
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json()).toEqual({
      topic: TOPIC,
      title: 'Database connection lost',
      message: [
        'Primary unreachable for 30 s',
        '',
        'Level: CRITICAL',
        'Labels: service=api, host=db-1',
        'Source: health-check',
        'Time: 2025-01-02 03:04:05 UTC',
      ].join('\n'),
      priority: 5,
      tags: ['rotating_light', 'db'],
      markdown: false,
      click: 'https://status.example.com/',
    });
    expect(receipt).toEqual({ messageId: 'hwQ2YpKdmg' });
  });

  it('maps levels to priorities, or uses the fixed `priority`', async () => {
    const priorities: Record<string, number> = {};
    for (const level of ['info', 'success', 'warning', 'error', 'critical'] as const) {
      await channel().send(fixedAlert({ level }), sendContext());
      priorities[level] = sent().priority;
    }
    expect(priorities).toEqual({ info: 3, success: 3, warning: 4, error: 4, critical: 5 });
    await channel({ priority: 1 }).send(fixedAlert(), sendContext());
    expect(sent().priority).toBe(1);
  });

  it('signs in with user and password (basic), or not at all; a self-hosted path prefix is kept', async () => {
    await channel({ username: 'ops', password: PASSWORD }).send(fixedAlert(), sendContext());
    expect(server.requests.at(-1)?.headers.authorization).toBe(
      `Basic ${Buffer.from(`ops:${PASSWORD}`).toString('base64')}`,
    );
    const open = new NtfyChannel({ topic: TOPIC, serverUrl: `${server.url}/ntfy` });
    closeLater(open);
    await open.send(fixedAlert(), sendContext());
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
    expect(server.requests.at(-1)?.url).toBe('/ntfy/');
  });

  it('says how many repeats an alert stands for after deduplication', async () => {
    await deliverRepeated(channel(), { title: 'Disk full' }, 37, new Date('2026-12-01T14:02:00Z'));
    expect(sent().message).toContain('Seen 37 times since 2026-12-01 14:02:00 UTC');
  });
});

describe('NtfyChannel: RESOLVED notices', () => {
  it('have a check-mark tag, a RESOLVED title, the default priority and the duration first', async () => {
    await channel({ tags: ['db'] }).send(resolvedAlert(), sendContext());
    expect(sent()).toEqual({
      topic: TOPIC,
      title: 'RESOLVED: Database connection lost',
      message: [
        'Resolved after 12 min 30 s (37 alerts since 2025-01-02 03:04:05 UTC)',
        '',
        'Primary unreachable for 30 s',
        '',
        'Level: CRITICAL',
        'Labels: service=api, host=db-1',
        'Source: health-check',
        'Time: 2025-01-02 03:04:05 UTC',
      ].join('\n'),
      priority: 3,
      tags: ['white_check_mark', 'db'],
      markdown: false,
    });
  });

  it('keep a fixed `priority`, and stay within 4,096 bytes', async () => {
    await channel({ priority: 5 }).send(resolvedAlert({ body: '€'.repeat(5000) }), sendContext());
    expect(sent().priority).toBe(5);
    expect(Buffer.byteLength(sent().message)).toBeLessThanOrEqual(NTFY_LIMITS.messageBytes);
    expect(sent().message.startsWith('Resolved after 12 min 30 s')).toBe(true);
    expect(sent().message).toContain('Time: 2025-01-02 03:04:05 UTC');
  });
});

describe('NtfyChannel: hostile alert text', () => {
  it('stays plain text: no markdown, no link, no action, no header, no fake line', async () => {
    await channel().send(
      fixedAlert({
        title: 'boom\r\nX-Click: https://evil.example\r\nPriority: 1',
        body: '[click me](https://evil.example) **bold** <b>html</b>',
        labels: { click: 'https://evil.example', 'x\nLevel': 'INFO\nSource: fake' },
        source: 'src\nTime: never',
      }),
      sendContext(),
    );
    const message = sent();
    const request = server.requests.at(-1);
    expect(message.markdown).toBe(false);
    expect(message).not.toHaveProperty('click');
    expect(message).not.toHaveProperty('actions');
    expect(message).not.toHaveProperty('attach');
    expect(message.title).toBe('boom X-Click: https://evil.example Priority: 1');
    expect(message.priority).toBe(5);
    expect(request?.headers['x-click']).toBeUndefined();
    expect(request?.headers.priority).toBeUndefined();
    expect(message.message).toContain('[click me](https://evil.example) **bold** <b>html</b>');
    expect(message.message).toContain(
      'Labels: click=https://evil.example, x Level=INFO Source: fake',
    );
    expect(message.message).toContain('Source: src Time: never');
    expect(message.message.match(/^Level: /gm)).toHaveLength(1);
  });
});

describe('NtfyChannel: limits', () => {
  it('cuts the message to 4,096 bytes, keeping the details, and a long title', async () => {
    await channel().send(
      fixedAlert({ title: 't'.repeat(1000), body: 'é'.repeat(10_000) }),
      sendContext(),
    );
    const { message, title } = sent();
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(NTFY_LIMITS.messageBytes);
    expect(Buffer.byteLength(message)).toBeGreaterThan(NTFY_LIMITS.messageBytes - 10);
    expect(message).toContain('é… [truncated]\n\nLevel: CRITICAL');
    expect(message.endsWith('Time: 2025-01-02 03:04:05 UTC')).toBe(true);
    expect(title).toHaveLength(NTFY_LIMITS.title);
    expect(title.endsWith('… [truncated]')).toBe(true);
  });

  it('cuts a labels line that alone would fill the message', async () => {
    const labels = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`l${i}`, 'v'.repeat(100)]),
    );
    await channel().send(fixedAlert({ labels }), sendContext());
    const { message } = sent();
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(NTFY_LIMITS.messageBytes);
    expect(message).toMatch(/Labels: l0=v+, .*… \[truncated\]\n/);
  });
});

describe('NtfyChannel: digests', () => {
  it('one message: the digest title, a line per fingerprint with its counts, most first', async () => {
    const event = await deliverDigest(
      channel(),
      [
        errorFrom('Exception in view', 'service1', 'host1'),
        errorFrom('Exception in view', 'service1', 'host2'),
        errorFrom('Exception in view', 'service1', 'host2'),
        errorFrom('Timeout', 'service2', 'host1'),
      ],
      { fingerprint: ['service'] },
    );
    expect(event.result.status).toBe('sent');
    const { title, message, priority } = sent();
    expect(title).toBe('4 instances of 2 unique alerts (service1, service2)');
    expect(priority).toBe(4);
    expect(message.split('\n').slice(0, 2)).toEqual([
      '3X Exception in view (in service1): host2 2X, host1 1X',
      '1X Timeout (in service2): host1 1X',
    ]);
  });

  it('a large digest keeps what fits in 4,096 bytes and says what it left out', async () => {
    const inputs = Array.from({ length: 300 }, (_, i) =>
      errorFrom(`Failure ${i} ${'x'.repeat(80)}`, `svc${i}`, `host${i}`),
    );
    await deliverDigest(channel(), inputs);
    const { message } = sent();
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(NTFY_LIMITS.messageBytes);
    expect(message).toMatch(/\nand \d+ more unique alerts \(\d+ alerts\) not shown\n/);
  });
});

describe('NtfyChannel: ntfy’s answers', () => {
  it('401 and 403 are authentication failures; ntfy’s `error` is the reason', async () => {
    server.reply(ntfyReplies.unauthorized, ntfyReplies.forbidden);
    for (const status of [401, 403]) {
      const error = await failure(channel().send(fixedAlert(), sendContext()));
      expect(error).toMatchObject({ retryable: false, statusCode: status, code: 'TOCSIN_AUTH' });
      expect(error.message).toContain('check `token`, or `username` and `password`');
    }
    expect(
      (
        await failure(
          (async () => {
            server.reply(ntfyReplies.unauthorized);
            return channel().send(fixedAlert(), sendContext());
          })(),
        )
      ).reason,
    ).toBe('unauthorized');
  });

  it('400 (a bad topic), 404 and 413 are refusals, not retried', async () => {
    server.reply(ntfyReplies.topicInvalid, ntfyReplies.notFound, ntfyReplies.tooLarge);
    const bad = await failure(channel().send(fixedAlert(), sendContext()));
    expect(bad).toMatchObject({
      retryable: false,
      code: 'TOCSIN_REJECTED',
      reason: 'invalid request: topic invalid',
    });
    expect(bad.message).toContain('check `topic`');
    const notFound = await failure(channel().send(fixedAlert(), sendContext()));
    expect(notFound.message).toContain('check `serverUrl`');
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: false,
      statusCode: 413,
    });
  });

  it('429 and 5xx are retried, 429 after its Retry-After', async () => {
    server.reply(ntfyReplies.tooMany(9), ntfyReplies.serverError, ntfyReplies.unavailable);
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      retryAfter: 9,
      code: 'TOCSIN_RATE_LIMITED',
      reason: 'limit reached: too many requests',
    });
    for (const status of [500, 503])
      expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
        retryable: true,
        statusCode: status,
      });
  });

  it('a slow answer times out; a dropped or refused connection is a network failure', async () => {
    server.reply(ntfyReplies.slow(5000), ntfyReplies.drop);
    expect(await failure(channel({ timeout: 1 }).send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_TIMEOUT',
    });
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      code: 'TOCSIN_NETWORK',
    });
    const refused = ntfyChannel(await refusedUrl());
    closeLater(refused);
    expect(await failure(refused.send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_NETWORK',
    });
  });

  it('through AlertManager, a rate-limited message is sent again after Retry-After', async () => {
    server.reply(ntfyReplies.tooMany(1));
    const result = await deliverWithRetries(channel(), fixedAlert());
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('refuses to send once closed', async () => {
    const ch = channel();
    await ch.close();
    expect(await failure(ch.send(fixedAlert(), sendContext()))).toMatchObject({
      code: 'TOCSIN_CLOSED',
    });
  });
});

describe('NtfyChannel: secrets', () => {
  it('the topic, token and password are masked in String, JSON and inspect', () => {
    for (const ch of [channel(), channel({ username: 'ops', password: PASSWORD })]) {
      const shown = [String(ch), JSON.stringify(ch), inspect(ch, { depth: 5 })].join('\n');
      for (const secret of [TOPIC, TOKEN, PASSWORD]) expect(shown).not.toContain(secret);
    }
    expect(JSON.parse(JSON.stringify(channel()))).toMatchObject({
      type: 'ntfy',
      topic: '***',
      auth: 'token',
      serverUrl: `${server.url}/`,
    });
  });

  it('a bad option names the option, never a secret', () => {
    for (const options of [
      { topic: `${TOPIC}/../x` },
      { topic: TOPIC, token: TOKEN, username: 'ops', password: PASSWORD },
      { topic: TOPIC, username: 'ops' },
      { topic: TOPIC, token: `${TOKEN}\r\nX: y` },
      { topic: TOPIC, priority: 7 },
    ]) {
      let message = '';
      try {
        new NtfyChannel(options as never);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^NtfyChannel: `(topic|token|username|password|priority)/);
      for (const secret of [TOPIC, TOKEN, PASSWORD]) expect(message).not.toContain(secret);
    }
  });
});
