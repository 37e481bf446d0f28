import { createHmac } from 'node:crypto';
import { AlertManager } from '@tocsin/core';
import { fixedAlert, quietLogger, sendContext } from '@tocsin/test-kit';
import { useFakeHttpChannel } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature, WebhookChannel } from '../src/index.js';
import { webhookReplies } from './webhook-replies.js';

const SECRET = 'whsec-round-trip-0123456789';

describe('signed requests', () => {
  const fake = useFakeHttpChannel(
    { defaultReply: webhookReplies.ok },
    (server) => new WebhookChannel({ url: server.url, secret: SECRET }),
  );

  it('a receiver verifies what it got with the shared secret', async () => {
    const before = Math.floor(Date.now() / 1000);
    await fake.channel.send(fixedAlert(), sendContext());
    const [request] = await fake.server.waitForRequests(1);
    const header = request?.headers['tocsin-signature'];
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const t = Number(/^t=(\d+)/.exec(String(header))?.[1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(before + 2);
    expect(verifyWebhookSignature({ payload: request?.body ?? '', header, secret: SECRET })).toBe(
      true,
    );
    expect(
      verifyWebhookSignature({ payload: Buffer.from(request?.body ?? ''), header, secret: SECRET }),
    ).toBe(true);
  });

  it('a tampered body, another secret or a missing header is rejected', async () => {
    await fake.channel.send(fixedAlert(), sendContext());
    const [request] = await fake.server.waitForRequests(1);
    const header = request?.headers['tocsin-signature'];
    const body = request?.body ?? '';
    const tampered = body.replace('"level":30', '"level":10');
    expect(tampered).not.toBe(body);
    expect(verifyWebhookSignature({ payload: tampered, header, secret: SECRET })).toBe(false);
    expect(verifyWebhookSignature({ payload: `${body} `, header, secret: SECRET })).toBe(false);
    expect(
      verifyWebhookSignature({ payload: body, header, secret: 'another-secret-0123456789' }),
    ).toBe(false);
    expect(verifyWebhookSignature({ payload: body, header: undefined, secret: SECRET })).toBe(
      false,
    );
  });

  it('a retried alert is signed again, with a fresh timestamp over the same body', async () => {
    fake.server.reply(webhookReplies.rateLimited(1));
    const manager = new AlertManager({ logger: quietLogger }).addChannel(fake.channel);
    const [result] = await manager.send(fixedAlert());
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    const [first, second] = fake.server.requests;
    expect(first?.body).toBe(second?.body);
    for (const request of [first, second]) {
      const header = request?.headers['tocsin-signature'];
      expect(verifyWebhookSignature({ payload: request?.body ?? '', header, secret: SECRET })).toBe(
        true,
      );
    }
  });
});

describe('verifyWebhookSignature', () => {
  const payload = '{"version":1,"title":"Disk full"}';
  const t = 1_767_225_600; // 2026-01-01T00:00:00Z
  const header = signWebhookPayload({ payload, secret: SECRET, timestamp: t });

  it('signs `<t>.<body>` with HMAC-SHA256, as documented', () => {
    const hex = createHmac('sha256', SECRET).update(`${t}.${payload}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${hex}`);
  });

  it('accepts a signature inside the tolerance, either side of now', () => {
    expect(verifyWebhookSignature({ payload, header, secret: SECRET, now: (t + 299) * 1000 })).toBe(
      true,
    );
    expect(
      verifyWebhookSignature({ payload, header, secret: SECRET, now: new Date((t - 299) * 1000) }),
    ).toBe(true);
  });

  it('rejects a stale timestamp (a replay) and one too far ahead', () => {
    expect(verifyWebhookSignature({ payload, header, secret: SECRET, now: (t + 301) * 1000 })).toBe(
      false,
    );
    expect(verifyWebhookSignature({ payload, header, secret: SECRET, now: (t - 301) * 1000 })).toBe(
      false,
    );
    expect(
      verifyWebhookSignature({
        payload,
        header,
        secret: SECRET,
        now: (t + 3600) * 1000,
        toleranceSeconds: 7200,
      }),
    ).toBe(true);
  });

  it('rejects a timestamp changed in the header, since it is signed too', () => {
    const moved = header.replace(`t=${t}`, `t=${t + 10}`);
    expect(verifyWebhookSignature({ payload, header: moved, secret: SECRET, now: t * 1000 })).toBe(
      false,
    );
  });

  it('rejects malformed headers', () => {
    const now = t * 1000;
    for (const bad of [
      '',
      'garbage',
      `t=${t}`,
      'v1=abc',
      `t=${t},v1=zz`,
      `t=abc,${header.split(',')[1]}`,
    ]) {
      expect(verifyWebhookSignature({ payload, header: bad, secret: SECRET, now })).toBe(false);
    }
  });

  it('accepts any of several secrets while one is being rotated', () => {
    expect(
      verifyWebhookSignature({
        payload,
        header,
        secret: ['old-secret-000000000', SECRET],
        now: t * 1000,
      }),
    ).toBe(true);
  });

  it('throws for an empty secret or a negative tolerance', () => {
    expect(() => verifyWebhookSignature({ payload, header, secret: '' })).toThrow(TypeError);
    expect(() =>
      verifyWebhookSignature({ payload, header, secret: SECRET, toleranceSeconds: -1 }),
    ).toThrow(/`toleranceSeconds`/);
  });

  it('names `payload` when the body is missing or of another type (a misspelt `body`, a parsed object)', () => {
    for (const options of [
      { body: payload, header, secret: SECRET },
      { payload: JSON.parse(payload) as object, header, secret: SECRET },
    ]) {
      expect(() => verifyWebhookSignature(options as never)).toThrow(
        /^`payload` must be the raw request body, a string or a Buffer/,
      );
    }
  });
});
