import { inspect } from 'node:util';
import { AlertManager, createAlert, DeliveryError } from '@tocsin/core';
import {
  type FakeHttpServer,
  type FakeReply,
  refusedUrl,
  resolvedAlert,
  startFakeHttpServer,
  until,
} from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResendChannel, type ResendChannelOptions } from '../src/index.js';
import { resendReplies } from './resend-replies.js';

const API_KEY = 're_test_9Qm2xV7kLp4Zt8Rw';
const quiet = { warn: () => {} };
const context = (signal = new AbortController().signal) => ({
  signal,
  attempt: 1,
  timeoutMs: 5000,
});

let server: FakeHttpServer;
let channels: ResendChannel[];

beforeEach(async () => {
  server = await startFakeHttpServer({
    defaultReply: resendReplies.ok('4ef9a417-02e9-4d39-ad75-9611e0fcc33c'),
  });
  channels = [];
});
afterEach(async () => {
  for (const channel of channels) await channel.close();
  await server.close();
});

function makeChannel(options: Partial<ResendChannelOptions> = {}): ResendChannel {
  const channel = new ResendChannel({
    apiKey: API_KEY,
    from: 'Tocsin <alerts@example.com>',
    to: 'oncall@example.com',
    baseUrl: server.url,
    ...options,
  });
  channels.push(channel);
  return channel;
}

function alert(overrides: Record<string, unknown> = {}) {
  return createAlert({
    title: 'Database <b>down</b>',
    body: 'Primary unreachable for 30 s\nfailover started',
    level: 'critical',
    labels: { service: 'api', host: 'db-1' },
    timestamp: '2026-03-01T12:00:00Z',
    ...overrides,
  });
}

async function failure(channel: ResendChannel, reply: FakeReply): Promise<DeliveryError> {
  server.reply(reply);
  const thrown = await channel.send(alert(), context()).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(DeliveryError.isInstance(thrown)).toBe(true);
  return thrown as DeliveryError;
}

describe('ResendChannel: a RESOLVED notice', () => {
  it('is an email with a [RESOLVED] subject whose text and HTML say resolved and for how long', async () => {
    await makeChannel().send(resolvedAlert({ title: 'Database <b>down</b>' }), context());
    const body = server.requests[0]?.json() as { subject: string; text: string; html: string };
    const sentence = 'Resolved after 12 min 30 s (37 alerts since 2025-01-02 03:04:05 UTC)';
    expect(body.subject).toBe('[RESOLVED] [CRITICAL] Database <b>down</b>');
    expect(body.text).toContain('Status: RESOLVED');
    expect(body.text).toContain(sentence);
    expect(body.html).toContain('RESOLVED &middot; CRITICAL');
    expect(body.html).toContain(sentence);
    expect(body.html).toContain('Database &lt;b&gt;down&lt;/b&gt;');
    expect(body.html).not.toContain('<b>down</b>');
  });
});

describe('ResendChannel: the request', () => {
  it('POSTs the rendered email to /emails with the key, the idempotency key and the X-Tocsin headers', async () => {
    const channel = makeChannel({
      to: ['oncall@example.com', 'backup@example.com'],
      cc: 'lead@example.com',
      bcc: ['audit@example.com'],
      replyTo: 'noc@example.com',
      tags: [{ name: 'env', value: 'prod' }],
    });
    const sent = alert({ id: 'alert-42' });
    const receipt = await channel.send(sent, context());

    expect(receipt).toEqual({ messageId: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c' });
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/emails');
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toMatch(/^tocsin-alert\/alert-42\/[0-9a-f]{16}$/);

    const body = request.json() as Record<string, unknown>;
    expect(body).toMatchObject({
      from: 'Tocsin <alerts@example.com>',
      to: ['oncall@example.com', 'backup@example.com'],
      cc: ['lead@example.com'],
      bcc: ['audit@example.com'],
      reply_to: ['noc@example.com'],
      subject: '[ALERT] [CRITICAL] Database <b>down</b>',
      tags: [{ name: 'env', value: 'prod' }],
      headers: { 'X-Tocsin-Alert-Id': 'alert-42', 'X-Tocsin-Level': 'CRITICAL' },
    });
    const text = body.text as string;
    expect(text.startsWith('Alert Level: CRITICAL\n\nDatabase <b>down</b>\n')).toBe(true);
    expect(text).toContain('Primary unreachable for 30 s\nfailover started');
    expect(text).toContain('service: api\nhost: db-1');
    const html = body.html as string;
    expect(html).toContain('Database &lt;b&gt;down&lt;/b&gt;');
    expect(html).not.toContain('<b>down</b>');
    expect(html).toContain('db-1');
  });

  it('sends text only when `html` is false, and no tags or copies when none are set', async () => {
    const channel = makeChannel({ html: false });
    await channel.send(alert(), context());
    const body = server.requests[0]!.json() as Record<string, unknown>;
    expect(typeof body.text).toBe('string');
    expect(body.html).toBeUndefined();
    expect(body.tags).toBeUndefined();
    expect(body.cc).toBeUndefined();
    expect(body.bcc).toBeUndefined();
    expect(body.reply_to).toBeUndefined();
    expect(body.to).toEqual(['oncall@example.com']);
  });

  it('uses the subject prefix given, and SUCCESS alerts get [SUCCESS] alone by default', async () => {
    await makeChannel({ subjectPrefix: '[PROD]' }).send(
      alert({ level: 'warning', title: 'Disk 91%' }),
      context(),
    );
    await makeChannel().send(alert({ level: 'success', title: 'Backup done' }), context());
    expect((server.requests[0]!.json() as { subject: string }).subject).toBe(
      '[PROD] [WARNING] Disk 91%',
    );
    expect((server.requests[1]!.json() as { subject: string }).subject).toBe(
      '[SUCCESS] Backup done',
    );
  });

  it('keeps line breaks out of the subject, the sender name and the headers (no header injection)', async () => {
    const channel = makeChannel({
      from: { name: 'Ops\r\nBcc: victim@example.com', address: 'alerts@example.com' },
    });
    await channel.send(
      alert({ title: 'Down\r\nBcc: victim@example.com', id: 'id\r\nX-Evil: 1' }),
      context(),
    );
    const body = server.requests[0]!.json() as {
      from: string;
      subject: string;
      headers: Record<string, string>;
    };
    expect(body.from).toBe('"Ops Bcc: victim@example.com" <alerts@example.com>');
    expect(body.subject).toBe('[ALERT] [CRITICAL] Down Bcc: victim@example.com');
    expect(body.headers['X-Tocsin-Alert-Id']).toBe('id X-Evil: 1');
    for (const value of [body.from, body.subject, ...Object.values(body.headers)])
      expect(value).not.toMatch(/[\r\n]/);
    // The idempotency key of an id unsafe in a header is its hash.
    expect(server.requests[0]!.headers['idempotency-key']).toMatch(
      /^tocsin-alert\/sha256-[0-9a-f]{40}\/[0-9a-f]{16}$/,
    );
  });

  it('accepts tags as a record and sends them as Resend’s list of { name, value }', async () => {
    await makeChannel({ tags: { env: 'prod', team: 'core-infra' } }).send(alert(), context());
    expect((server.requests[0]!.json() as { tags: unknown }).tags).toEqual([
      { name: 'env', value: 'prod' },
      { name: 'team', value: 'core-infra' },
    ]);
  });

  it('derives the Idempotency-Key from the alert id: same alert same key, other alert or other recipients another key', async () => {
    const channel = makeChannel();
    const other = makeChannel({ to: 'someone-else@example.com' });
    const first = alert({ id: 'a-1' });
    await channel.send(first, context());
    await channel.send(first, context());
    await channel.send(alert({ id: 'a-2' }), context());
    await other.send(first, context());
    const keys = server.requests.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
    expect(keys[3]).toMatch(/^tocsin-alert\/a-1\//);
  });
});

describe('ResendChannel: Resend’s answers mapped to DeliveryError', () => {
  it('422 validation_error: not retryable, Resend’s message kept', async () => {
    const error = await failure(
      makeChannel(),
      resendReplies.validationError(
        'Invalid `to` field. The email address needs to follow the `email@example.com` format.',
      ),
    );
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 422,
      channel: 'resend',
      code: 'TOCSIN_REJECTED',
      reason: 'validation_error',
    });
    expect(error.message).toContain(
      'Invalid `to` field. The email address needs to follow the `email@example.com` format.',
    );
    expect(error.message).toContain('422 validation_error');
  });

  it('an API key echoed in Resend’s message is masked, not only the channel’s own', async () => {
    const error = await failure(
      makeChannel(),
      resendReplies.validationError('The key re_someOtherKey_12345 is not allowed here.'),
    );
    expect(error.message).toContain('The key *** is not allowed here.');
    expect(error.message).not.toContain('re_someOtherKey');
  });

  it('401 missing_api_key and 403 invalid_api_key: not retryable, pointing at the API key', async () => {
    const channel = makeChannel();
    const missing = await failure(channel, resendReplies.missingApiKey);
    expect(missing).toMatchObject({
      retryable: false,
      statusCode: 401,
      code: 'TOCSIN_AUTH',
      reason: 'missing_api_key',
    });
    expect(missing.message).toContain('Missing API key in the authorization header.');
    expect(missing.message).toContain('RESEND_API_KEY');
    const invalid = await failure(channel, resendReplies.invalidApiKey);
    expect(invalid).toMatchObject({
      retryable: false,
      statusCode: 403,
      code: 'TOCSIN_AUTH',
      reason: 'invalid_api_key',
    });
    expect(invalid.message).toContain('API key is invalid');
  });

  it('429 rate_limit_exceeded: retryable, with retryAfter from the Retry-After header', async () => {
    const error = await failure(makeChannel(), resendReplies.rateLimited(7));
    expect(error).toMatchObject({
      retryable: true,
      statusCode: 429,
      retryAfter: 7,
      code: 'TOCSIN_RATE_LIMITED',
      reason: 'rate_limit_exceeded',
    });
    expect(error.message).toContain('Too many requests');
  });

  it('429 with an HTTP-date Retry-After: retryAfter in seconds from now', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    const error = await failure(makeChannel(), {
      ...resendReplies.rateLimited(),
      headers: { 'retry-after': date },
    } as FakeReply);
    expect(error.retryable).toBe(true);
    expect(error.retryAfter).toBeGreaterThanOrEqual(3);
    expect(error.retryAfter).toBeLessThanOrEqual(5);
  });

  it('429 daily_quota_exceeded: not retryable (waiting seconds cannot fix a used-up quota)', async () => {
    const error = await failure(makeChannel(), resendReplies.dailyQuotaExceeded);
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 429,
      code: 'TOCSIN_RATE_LIMITED',
      reason: 'daily_quota_exceeded',
    });
    expect(error.message).toContain('daily email sending quota');
  });

  it('500 application_error and a 502 with a non-JSON body: retryable', async () => {
    const channel = makeChannel();
    const internal = await failure(channel, resendReplies.serverError);
    expect(internal).toMatchObject({
      retryable: true,
      statusCode: 500,
      code: 'TOCSIN_REMOTE',
      reason: 'application_error',
    });
    expect(internal.message).toContain('An unexpected error occurred.');
    const gateway = await failure(channel, {
      status: 502,
      body: '<html>Bad gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    expect(gateway).toMatchObject({ retryable: true, statusCode: 502 });
  });

  it('a redirect to another origin is refused: the email is not posted there, and it is final', async () => {
    const elsewhere = await startFakeHttpServer({
      defaultReply: resendReplies.ok('0d3a1b2c-0000-4000-8000-000000000001'),
    });
    try {
      const channel = makeChannel();
      for (const status of [307, 308, 302]) {
        const error = await failure(channel, {
          status,
          headers: { location: `${elsewhere.url}/emails` },
          body: '',
        });
        expect(error).toMatchObject({
          retryable: false,
          code: 'TOCSIN_REJECTED',
          statusCode: status,
        });
        expect(error.message).toMatch(/Redirects are not followed/);
      }
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('an error body not in Resend’s shape (a proxy’s JSON without statusCode or name): retryable', async () => {
    const error = await failure(makeChannel(), {
      status: 503,
      body: { message: 'upstream connect error' },
    });
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_REMOTE' });
    expect(error.message).toContain('upstream connect error');
  });

  it('an answer with neither an id nor an error (a `null` error body) is not taken for a success', async () => {
    const reply: FakeReply = {
      status: 500,
      body: 'null',
      headers: { 'content-type': 'application/json' },
    };
    const error = await failure(makeChannel(), reply);
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_REMOTE' });
  });

  it('409 concurrent_idempotent_requests is retryable; 409 invalid_idempotent_request is not', async () => {
    const channel = makeChannel();
    expect(await failure(channel, resendReplies.concurrentIdempotentRequests)).toMatchObject({
      retryable: true,
      statusCode: 409,
      code: 'TOCSIN_REMOTE',
    });
    const reused = await failure(channel, resendReplies.invalidIdempotentRequest);
    expect(reused).toMatchObject({ retryable: false, statusCode: 409, code: 'TOCSIN_REJECTED' });
    expect(reused.message).toContain('give the alert a new id');
  });

  it('a dropped connection and a refused port: retryable network errors naming the endpoint', async () => {
    const dropped = await failure(makeChannel(), resendReplies.drop);
    expect(dropped).toMatchObject({
      retryable: true,
      statusCode: undefined,
      code: 'TOCSIN_NETWORK',
    });
    expect(dropped.message).toContain(`could not reach Resend at ${server.url}`);

    const refused = await refusedUrl();
    const channel = makeChannel({ baseUrl: refused });
    const thrown = (await channel
      .send(alert(), context())
      .catch((e: unknown) => e)) as DeliveryError;
    expect(DeliveryError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
    expect(thrown.message).toContain(refused);
  });

  it('an aborted attempt rejects with the abort reason when it is a DeliveryError, and cancels the request', async () => {
    server.reply(resendReplies.hang);
    const channel = makeChannel();
    const controller = new AbortController();
    const reason = new DeliveryError('resend: no answer within 1 s (attempt 1)', {
      channel: 'resend',
      retryable: true,
      code: 'TOCSIN_TIMEOUT',
    });
    setTimeout(() => controller.abort(reason), 100);
    await expect(channel.send(alert(), context(controller.signal))).rejects.toBe(reason);
    // The hung request's socket was destroyed, not left waiting.
    await until(() => server.openConnections === 0, 'the connections to close', {
      timeoutMs: 3000,
    });
  });

  it('a signal already aborted sends nothing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const thrown = (await makeChannel()
      .send(alert(), context(controller.signal))
      .catch((e: unknown) => e)) as DeliveryError;
    expect(thrown).toMatchObject({ retryable: false, code: 'TOCSIN_ABORTED' });
    expect(thrown.message).toContain('shutting down');
    expect(server.requests).toHaveLength(0);
  });

  it('an abort by AbortSignal.timeout(): a retryable TOCSIN_TIMEOUT', async () => {
    server.reply(resendReplies.hang);
    const thrown = await makeChannel()
      .send(alert(), context(AbortSignal.timeout(100)))
      .catch((e: unknown) => e);
    expect(thrown).toMatchObject({ retryable: true, code: 'TOCSIN_TIMEOUT' });
  });

  it('its own `timeout` gives up on a request that hangs, even when the caller’s signal would wait longer', async () => {
    server.reply(resendReplies.hang);
    const channel = makeChannel({ timeout: 1 });
    expect(channel.timeout).toBe(1);
    const started = Date.now();
    const thrown = (await channel
      .send(alert(), context())
      .catch((e: unknown) => e)) as DeliveryError;
    const elapsed = Date.now() - started;
    expect(thrown).toMatchObject({ retryable: true, code: 'TOCSIN_TIMEOUT' });
    expect(thrown.message).toContain('within 1 s');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
  });
});

describe('ResendChannel through AlertManager', () => {
  it('500 then 200: sent after 2 attempts, both requests with the same Idempotency-Key', async () => {
    server.reply(
      resendReplies.serverError,
      resendReplies.ok('c0ffee00-0000-4000-8000-000000000001'),
    );
    const manager = new AlertManager({ logger: quiet, retry: { baseDelay: 0 } }).addChannel(
      makeChannel(),
      { maxRetries: 2 },
    );
    const [result] = await manager.send({
      title: 'Queue backlog',
      level: 'error',
      id: 'backlog-7',
    });
    expect(result).toMatchObject({
      status: 'sent',
      attempts: 2,
      messageId: 'c0ffee00-0000-4000-8000-000000000001',
    });
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    expect(first!.headers['idempotency-key']).toBe(second!.headers['idempotency-key']);
    expect(first!.headers['idempotency-key']).toMatch(/^tocsin-alert\/backlog-7\//);
    expect(first!.body).toBe(second!.body);
  });

  it('429 with Retry-After 1 then 200: sent after at least 1 s, in 2 attempts', async () => {
    server.reply(resendReplies.rateLimited(1));
    const manager = new AlertManager({ logger: quiet }).addChannel(makeChannel(), {
      maxRetries: 2,
    });
    const started = Date.now();
    const [result] = await manager.send(alert());
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(result!.durationMs).toBeGreaterThanOrEqual(990);
    expect(manager.stats.totalRetries).toBe(1);
  });

  it('422: failed after 1 attempt with Resend’s message in the result', async () => {
    server.reply(resendReplies.validationError('The `from` domain is not verified.'));
    const manager = new AlertManager({ logger: quiet, retry: { baseDelay: 0 } }).addChannel(
      makeChannel(),
      { maxRetries: 3 },
    );
    const [result] = await manager.send(alert());
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result!.error).toContain('The `from` domain is not verified.');
    expect(server.requests).toHaveLength(1);
  });

  it('a server that hangs beyond the timeout: each attempt given up after 1 s, then failed', async () => {
    server.setDefault(resendReplies.hang);
    const manager = new AlertManager({ logger: quiet, retry: { baseDelay: 0 } }).addChannel(
      makeChannel(),
      {
        timeout: 1,
        maxRetries: 1,
      },
    );
    const started = Date.now();
    const [result] = await manager.send(alert());
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ status: 'failed', attempts: 2 });
    expect(result!.error).toContain('no answer within 1 s');
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(5000);
    expect(server.requests).toHaveLength(2);
    // Both hung requests were really cancelled: no socket left open on the server.
    await until(() => server.openConnections === 0, 'the connections to close', {
      timeoutMs: 3000,
    });
  });

  it('a refused port: retried, then failed with a network error', async () => {
    const manager = new AlertManager({ logger: quiet, retry: { baseDelay: 0 } }).addChannel(
      makeChannel({ baseUrl: await refusedUrl() }),
      { maxRetries: 2 },
    );
    const [result] = await manager.send(alert());
    expect(result).toMatchObject({ status: 'failed', attempts: 3 });
    expect(result!.error).toContain('could not reach Resend');
  });
});

describe('ResendChannel: one long-lived client', () => {
  it('reuses its keep-alive connections: ten sends in a row open at most two', async () => {
    // Node's fetch hands over a response a moment before it frees the socket, so the very
    // next request may open a second one; after that the two are reused in turn.
    const channel = makeChannel();
    for (let i = 0; i < 10; i++) await channel.send(alert(), context());
    expect(server.requests).toHaveLength(10);
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('close() releases its sockets; a second close is harmless; a later send opens a new connection', async () => {
    const channel = makeChannel();
    await channel.send(alert(), context());
    expect(server.openConnections).toBe(1);
    await channel.close();
    await until(() => server.openConnections === 0, 'the connections to close', {
      timeoutMs: 3000,
    });
    await channel.close();
    await channel.send(alert(), context());
    expect(server.connections).toBe(2);
  });

  it('close() cuts a request that never ends after its 5 s grace: the socket is gone and the send rejects', async () => {
    server.reply(resendReplies.hang);
    const channel = makeChannel();
    // A caller's signal that never fires and no channel timeout: only close() can end it.
    const pending = channel.send(alert(), context()).then(
      () => 'sent',
      (error: unknown) => error,
    );
    await server.waitForRequests(1);
    expect(server.openConnections).toBe(1);

    const started = Date.now();
    await channel.close();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(4900);
    expect(elapsed).toBeLessThan(7000);
    // Checked before afterEach closes the server, which would cut the socket itself.
    await until(() => server.openConnections === 0, 'the connections to close', {
      timeoutMs: 1000,
    });
    const outcome = await Promise.race([
      pending,
      new Promise((resolve) => setTimeout(() => resolve('still pending'), 1000)),
    ]);
    expect(DeliveryError.isInstance(outcome)).toBe(true);
    expect(outcome).toMatchObject({ retryable: true, code: 'TOCSIN_NETWORK' });
  });

  it('close() lets a slow request that answers within the grace finish', async () => {
    server.reply(resendReplies.ok('5a1e0000-0000-4000-8000-000000000002'), {
      status: 200,
      body: { id: '5a1e0000-0000-4000-8000-000000000003' },
      delayMs: 1000,
    });
    const channel = makeChannel();
    await channel.send(alert(), context());
    const slow = channel.send(alert(), context());
    await server.waitForRequests(2);
    const started = Date.now();
    await channel.close();
    const elapsed = Date.now() - started;
    await expect(slow).resolves.toEqual({ messageId: '5a1e0000-0000-4000-8000-000000000003' });
    expect(elapsed).toBeGreaterThanOrEqual(800);
    expect(elapsed).toBeLessThan(3000);
    await until(() => server.openConnections === 0, 'the connections to close', {
      timeoutMs: 3000,
    });
  });
});

describe('ResendChannel: the API key stays secret', () => {
  it('never shows in String(), JSON.stringify() or inspect(); a masked form does', () => {
    const channel = makeChannel();
    const forms = [
      String(channel),
      JSON.stringify(channel),
      inspect(channel, { depth: 10, showHidden: true }),
    ];
    for (const form of forms) expect(form).not.toContain(API_KEY);
    expect(JSON.parse(JSON.stringify(channel))).toMatchObject({
      type: 'resend',
      apiKey: 're_***',
      to: ['oncall@example.com'],
    });
    expect(inspect(channel)).toContain('re_***');
  });

  it('never shows in errors, their causes, results or stats, even when Resend echoes it', async () => {
    const channel = makeChannel();
    const manager = new AlertManager({ logger: quiet, retry: { baseDelay: 0 } }).addChannel(
      channel,
      { maxRetries: 0 },
    );
    const seen: string[] = [];
    for (const reply of [
      resendReplies.validationError(`API key ${API_KEY} is not allowed to send from this domain`),
      resendReplies.invalidApiKey,
      resendReplies.drop,
      {
        status: 401,
        body: {
          statusCode: 401,
          name: 'restricted_api_key',
          message: `Authorization: Bearer ${API_KEY}`,
        },
      },
    ] as FakeReply[]) {
      const error = await failure(channel, reply);
      seen.push(
        String(error),
        error.stack ?? '',
        inspect(error, { depth: 5, showHidden: true }),
        JSON.stringify(error),
      );
      server.reply(reply);
      seen.push(JSON.stringify(await manager.send(alert())));
    }
    seen.push(JSON.stringify(manager.stats));
    const all = seen.join('\n');
    expect(all).not.toContain(API_KEY);
    expect(all).toContain('is not allowed to send from this domain');
  });
});
