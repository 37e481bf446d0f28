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
import { TeamsChannel } from '../src/index.js';
import { cardOf, SIG, secretsFor, teamsChannel, WORKFLOW_ID, WORKFLOW_PATH } from './harness.js';
import { teamsReplies } from './teams-replies.js';

const fake = useFakeHttpChannel({ defaultReply: teamsReplies.accepted }, (server) =>
  teamsChannel(server),
);

function expectNoSecret(...seen: unknown[]): void {
  const text = seen.map(shownText).join('\n');
  for (const secret of secretsFor(fake.server)) expect(text).not.toContain(secret);
}

describe('the request', () => {
  it('posts one Adaptive Card attachment, as JSON, to the workflow URL, and resolves on 202', async () => {
    await expect(fake.channel.send(fixedAlert(), sendContext())).resolves.toEqual({});
    const [request] = fake.server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(WORKFLOW_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    const json = request?.json() as { type: string; attachments: Array<Record<string, unknown>> };
    expect(json.type).toBe('message');
    expect(json.attachments).toHaveLength(1);
    expect(json.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardOf(json)).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
  });

  it('shows the level in its colour, the title, the body, labels as facts, source and time', async () => {
    await fake.channel.send(fixedAlert(), sendContext());
    const card = cardOf(fake.server.requests[0]?.json());
    const [band, body, facts, footer] = card.body;
    expect(band).toMatchObject({
      type: 'Container',
      style: 'attention',
      items: [
        { type: 'TextBlock', text: '🚨 CRITICAL', color: 'Attention' },
        { type: 'TextBlock', text: 'Database connection lost', size: 'Large' },
      ],
    });
    expect(body).toMatchObject({ type: 'TextBlock', text: 'Primary unreachable for 30 s' });
    expect(facts).toEqual({
      type: 'FactSet',
      separator: true,
      facts: [
        { title: 'service', value: 'api' },
        { title: 'host', value: 'db-1' },
      ],
    });
    expect(footer).toMatchObject({ text: 'Source: health-check · 2025-01-02 03:04:05 UTC' });
  });

  it.each([
    ['info', 'accent', 'Accent'],
    ['success', 'good', 'Good'],
    ['warning', 'warning', 'Warning'],
    ['error', 'attention', 'Attention'],
  ] as const)('colours a %s alert %s', async (level, style, color) => {
    await fake.channel.send(fixedAlert({ level }), sendContext());
    const [band] = cardOf(fake.server.requests[0]?.json()).body;
    expect(band).toMatchObject({ style, items: [{ color }, {}] });
  });
});

describe('RESOLVED notices', () => {
  it('have a green band that says ✅ RESOLVED with the level, and how long the incident lasted', async () => {
    await fake.channel.send(resolvedAlert(), sendContext());
    const [band, sentence, body] = cardOf(fake.server.requests[0]?.json()).body;
    expect(band).toMatchObject({
      type: 'Container',
      style: 'good',
      items: [
        { type: 'TextBlock', text: '✅ RESOLVED · CRITICAL', color: 'Good' },
        { type: 'TextBlock', text: 'Database connection lost', size: 'Large' },
      ],
    });
    expect(sentence).toMatchObject({
      type: 'TextBlock',
      text: 'Resolved after 12 min 30 s \\(37 alerts since 2025-01-02 03:04:05 UTC\\)',
    });
    expect(body).toMatchObject({ type: 'TextBlock', text: 'Primary unreachable for 30 s' });
  });

  it('keep hostile text escaped', async () => {
    await fake.channel.send(
      resolvedAlert({ title: '**BOLD** [click](https://evil.example/x) <at>everyone</at>' }),
      sendContext(),
    );
    const [band] = cardOf(fake.server.requests[0]?.json()).body as Array<{
      items: Array<{ text: string }>;
    }>;
    expect(band?.items[1]?.text).toBe(
      '\\*\\*BOLD\\*\\* \\[click\\]\\(https://evil.example/x\\) \\<at\\>everyone\\</at\\>',
    );
  });
});

describe('hostile alert text', () => {
  it('cannot format, link, mention or list: markdown is escaped everywhere', async () => {
    const hostile = '**BOLD** [click](https://evil.example/x) <at>everyone</at> _it_ `code`';
    await fake.channel.send(
      fixedAlert({
        title: hostile,
        body: `1. first\n- item\n# head\n${hostile}`,
        labels: { '[k](https://evil.example)': hostile },
        source: hostile,
      }),
      sendContext(),
    );
    const raw = fake.server.requests[0]?.body ?? '';
    const card = cardOf(JSON.parse(raw));
    const texts = JSON.stringify(card.body);
    // Every markdown character arrives escaped: no unescaped `[`, `*`, `<`, `_` or backtick.
    const strings: string[] = [];
    JSON.parse(texts, (_key, value) => {
      if (typeof value === 'string') strings.push(value);
      return value;
    });
    for (const text of strings.filter((s) => s.includes('evil')))
      expect(text.replace(/\\./g, '')).not.toMatch(/[*[\]()<>_`]/);
    const body = card.body[1] as { text: string };
    expect(body.text).toBe(
      '1\\. first\n\n\\- item\n\n\\# head\n\n\\*\\*BOLD\\*\\* \\[click\\]\\(https://evil.example/x\\) \\<at\\>everyone\\</at\\> \\_it\\_ \\`code\\`',
    );
    expect(texts).not.toContain('"mention"');
    expect(card).not.toHaveProperty('msteams.entities');
  });
});

describe('limits', () => {
  it('keeps a huge alert under 28 KB, with the truncation marker in the body', async () => {
    const labels = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`label${i}`, '*'.repeat(400)]),
    );
    await fake.channel.send(
      fixedAlert({ title: '🚨'.repeat(2000), body: '<&>*'.repeat(50_000), labels }),
      sendContext(),
    );
    const raw = fake.server.requests[0]?.body ?? '';
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(28_000);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(20_000);
    const card = cardOf(JSON.parse(raw));
    expect((card.body[1] as { text: string }).text).toMatch(/… \\\[truncated\\\]$/);
    const facts = (card.body[2] as { facts: Array<{ title: string; value: string }> }).facts;
    expect(facts.at(-1)).toEqual({
      title: '…',
      value: expect.stringMatching(/^\d+ more labels not shown$/),
    });
  });

  it('sends a short alert whole', async () => {
    await fake.channel.send(fixedAlert({ body: 'x'.repeat(10_000) }), sendContext());
    const card = cardOf(fake.server.requests[0]?.json());
    expect((card.body[1] as { text: string }).text).toBe('x'.repeat(10_000));
  });
});

describe('answers', () => {
  function failureFor(reply: FakeReply): Promise<DeliveryError> {
    fake.server.reply(reply);
    return deliveryFailure(fake.channel.send(fixedAlert(), sendContext()), secretsFor(fake.server));
  }

  it.each([
    [
      teamsReplies.badContent,
      400,
      'TOCSIN_REJECTED',
      /answered 400 Bad Request: The request content is not valid/,
    ],
    [
      teamsReplies.tooLarge,
      413,
      'TOCSIN_REJECTED',
      /answered 413 Payload Too Large: The request content length exceeds/,
    ],
    [
      teamsReplies.badSignature,
      401,
      'TOCSIN_AUTH',
      /answered 401 Unauthorized: The provided authorization signature .*; not retried: the signature \(`sig`\) of `webhookUrl`/,
    ],
    [teamsReplies.ipRefused, 403, 'TOCSIN_AUTH', /answered 403 Forbidden: The client IP address/],
    [
      teamsReplies.notFound,
      404,
      'TOCSIN_REJECTED',
      /answered 404 Not Found: The workflow '\*\*\*' could not be found\.; not retried: the workflow is gone or turned off/,
    ],
  ])(
    'a %# refusal is not retried, with the remote reason',
    async (reply, status, code, message) => {
      const error = await failureFor(reply);
      expect(error).toMatchObject({ retryable: false, statusCode: status, code, channel: 'teams' });
      expect(error.message).toMatch(message);
      expect(error.message).toContain('http://127.0.0.1:');
      expect(error.reason).toEqual(expect.any(String));
    },
  );

  it('429 is retryable after Retry-After', async () => {
    const error = await failureFor(teamsReplies.throttled('17'));
    expect(error).toMatchObject({
      retryable: true,
      statusCode: 429,
      retryAfter: 17,
      code: 'TOCSIN_RATE_LIMITED',
    });
    expect(error.message).toContain("Number of requests for workflow '***' exceeded");
  });

  it('503 is retryable', async () => {
    const error = await failureFor(teamsReplies.unavailable);
    expect(error).toMatchObject({ retryable: true, statusCode: 503, code: 'TOCSIN_REMOTE' });
  });

  it('a retired connector URL that answers 200 with a refusal is a permanent failure', async () => {
    const error = await failureFor(teamsReplies.connectorRefused);
    expect(error).toMatchObject({ retryable: false, statusCode: 400 });
    expect(error.message).toMatch(
      /answered 200, but Teams refused the message: Webhook message delivery failed/,
    );
  });

  it('a slow workflow times out (the `timeout` option), retryable', async () => {
    await fake.channel.close();
    fake.channel = teamsChannel(fake.server, { timeout: 1 });
    const error = await failureFor(teamsReplies.slow);
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_TIMEOUT' });
  });

  it('a refused connection is a retryable network error', async () => {
    await fake.channel.close();
    fake.channel = teamsChannel(await refusedUrl());
    const error = await rejectionOf(fake.channel.send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
    expect(String(error)).not.toContain(SIG);
  });

  it('is retried by core after a 429, then delivered', async () => {
    fake.server.reply(teamsReplies.throttled('0'));
    const result = await deliverWithRetries(fake.channel, { title: 't', level: 'error' });
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.server.requests).toHaveLength(2);
  });

  it('a closed channel refuses to send, without a request', async () => {
    await fake.channel.close();
    const error = await rejectionOf(fake.channel.send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({ code: 'TOCSIN_CLOSED', retryable: false });
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('secrets', () => {
  it('shows the URL masked in String, JSON and inspect', () => {
    expectNoSecret(fake.channel);
    expect(JSON.parse(JSON.stringify(fake.channel))).toEqual({
      type: 'teams',
      name: 'teams',
      webhookUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\*\*\*\/.*\?\*\*\*$/),
    });
  });

  it('never echoes the URL in an option error', () => {
    const bad = `http://127.0.0.1:1/workflows/${WORKFLOW_ID}?sig=${SIG}`;
    let thrown: unknown;
    try {
      new TeamsChannel({ webhookUrl: bad });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String(thrown)).toMatch(/`webhookUrl` must use https:/);
    expect(String(thrown)).not.toContain(SIG);
    expect(String(thrown)).not.toContain(WORKFLOW_ID);
    expect(() => new TeamsChannel({ webhookUrl: `not a url ${SIG}` })).toThrow(
      /could not be parsed$/,
    );
  });
});
