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
import {
  PAGERDUTY_LIMITS,
  PagerDutyChannel,
  pagerDutyDedupKey,
  renderPagerDutyEvent,
} from '../src/index.js';
import { pagerDutyChannel, ROUTING_KEY } from './harness.js';
import { accepted, pagerDutyReplies } from './pagerduty-replies.js';

interface Event {
  routing_key: string;
  event_action: string;
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: string;
    timestamp: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details: Record<string, unknown>;
  };
  client?: string;
  client_url?: string;
}

const closeLater = closeAfterEach();
let server: FakeHttpServer;
beforeEach(async () => {
  // PagerDuty refuses events over 512 KB: so does the fake, so a fit that fails is seen.
  server = closeLater(await startFakeHttpServer({ defaultReply: accepted, maxBodyBytes: 512_000 }));
});

function channel(options: Parameters<typeof pagerDutyChannel>[1] = {}) {
  return closeLater(pagerDutyChannel(server, options));
}
const sent = () => server.requests.at(-1)?.json() as Event;
const bytesSent = () => Buffer.byteLength(server.requests.at(-1)?.body ?? '');

/** The DeliveryError of a send, checked to show no routing key anywhere. */
const failure = (promise: Promise<unknown>) => deliveryFailure(promise, [ROUTING_KEY]);

describe('PagerDutyChannel: the event PagerDuty receives', () => {
  it('posts one trigger event to /v2/enqueue, deduplicated by the fingerprint', async () => {
    const alert = fixedAlert();
    const receipt = await channel({
      client: 'Tocsin',
      clientUrl: 'https://status.example.com/',
    }).send(alert, sendContext());
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v2/enqueue');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json()).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: alert.fingerprint,
      payload: {
        summary: 'Database connection lost',
        source: 'web-1',
        severity: 'critical',
        timestamp: '2025-01-02T03:04:05.000Z',
        custom_details: {
          level: 'CRITICAL',
          labels: { service: 'api', host: 'db-1' },
          body: 'Primary unreachable for 30 s',
          alert_source: 'health-check',
          alert_id: 'alert-0001',
        },
      },
      client: 'Tocsin',
      client_url: 'https://status.example.com/',
    });
    expect(receipt).toEqual({ messageId: alert.fingerprint });
  });

  it('uses the caller’s dedupKey, and the same key for the same alert sent twice', async () => {
    const ch = channel();
    await ch.send(fixedAlert({ id: 'a' }), sendContext());
    await ch.send(fixedAlert({ id: 'b', timestamp: '2026-12-01T15:00:00Z' }), sendContext());
    const [first, second] = server.requests.map((r) => (r.json() as Event).dedup_key);
    expect(first).toBe(second);
    await ch.send(fixedAlert({ dedupKey: 'db/primary/connection' }), sendContext());
    expect(sent().dedup_key).toBe('db/primary/connection');
  });

  it('hashes a key over 255 characters into a stable one that fits', () => {
    const long = 'k'.repeat(300);
    expect(pagerDutyDedupKey(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pagerDutyDedupKey(long)).toBe(pagerDutyDedupKey(long));
    expect(pagerDutyDedupKey('k'.repeat(255))).toBe('k'.repeat(255));
  });

  it('maps levels to severities, and `severityMap` remaps them', async () => {
    const ch = channel({ severityMap: { warning: 'error', success: 'warning' } });
    const severities: Record<string, string> = {};
    for (const level of ['info', 'success', 'warning', 'error', 'critical'] as const) {
      await ch.send(fixedAlert({ level }), sendContext());
      severities[level] = sent().payload.severity;
    }
    expect(severities).toEqual({
      info: 'info',
      success: 'warning',
      warning: 'error',
      error: 'error',
      critical: 'critical',
    });
  });

  it('fills component, group and class from the labels the options name', async () => {
    await channel().send(
      fixedAlert({ labels: { component: 'mysql', group: 'app-stack', class: 'disk' } }),
      sendContext(),
    );
    expect(sent().payload).toMatchObject({ component: 'mysql', group: 'app-stack', class: 'disk' });
    await channel({ componentLabel: 'service', groupLabel: 'team', classLabel: 'kind' }).send(
      fixedAlert(),
      sendContext(),
    );
    expect(sent().payload.component).toBe('api');
    expect(sent().payload).not.toHaveProperty('group');
  });

  it('defaults the source to this machine’s host name', async () => {
    const ch = new PagerDutyChannel({ routingKey: ROUTING_KEY, baseUrl: server.url });
    closeLater(ch);
    await ch.send(fixedAlert(), sendContext());
    expect(sent().payload.source).toEqual(expect.any(String));
    expect(sent().payload.source.length).toBeGreaterThan(0);
  });

  it('renders acknowledge and resolve events for the same key, without a payload', () => {
    const alert = fixedAlert();
    const settings = {
      routingKey: ROUTING_KEY,
      source: 'web-1',
      severityMap: {},
      componentLabel: 'component',
      groupLabel: 'group',
      classLabel: 'class',
    };
    for (const action of ['resolve', 'acknowledge'] as const)
      expect(JSON.parse(renderPagerDutyEvent(alert, settings, action))).toEqual({
        routing_key: ROUTING_KEY,
        event_action: action,
        dedup_key: alert.fingerprint,
      });
  });

  it('sends a RESOLVED notice as a resolve event for the key its trigger had, with no payload', async () => {
    const ch = channel();
    await ch.send(fixedAlert(), sendContext());
    const trigger = sent();
    const receipt = await ch.send(resolvedAlert(), sendContext());
    expect(trigger.event_action).toBe('trigger');
    expect(sent()).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: trigger.dedup_key,
    });
    expect(receipt).toEqual({ messageId: trigger.dedup_key });
    await ch.send(resolvedAlert({ dedupKey: 'db/primary/connection' }), sendContext());
    expect(sent()).toMatchObject({ event_action: 'resolve', dedup_key: 'db/primary/connection' });
  });

  it('says how many repeats an alert stands for after deduplication', async () => {
    await deliverRepeated(channel(), { title: 'Disk full' }, 37, new Date('2026-12-01T14:02:00Z'));
    expect(sent().payload.custom_details.seen).toBe('Seen 37 times since 2026-12-01 14:02:00 UTC');
  });
});

describe('PagerDutyChannel: hostile alert text', () => {
  it('is sent as data: line breaks cannot split the summary, text cannot set links or fields', async () => {
    await channel().send(
      fixedAlert({
        title: 'boom\r\nX-Injected: 1\n<a href="https://evil.example">click</a> ","routing_key":"x',
        body: '[click](https://evil.example) <script>alert(1)</script>',
        labels: { client_url: 'https://evil.example', routing_key: 'x', dedup_key: 'x' },
      }),
      sendContext(),
    );
    const event = sent();
    expect(event.payload.summary).toBe(
      'boom X-Injected: 1 <a href="https://evil.example">click</a> ","routing_key":"x',
    );
    expect(event.routing_key).toBe(ROUTING_KEY);
    expect(event).not.toHaveProperty('client_url');
    expect(event).not.toHaveProperty('links');
    expect(event).not.toHaveProperty('images');
    expect(event.dedup_key).not.toBe('x');
    expect(event.payload.custom_details.labels).toMatchObject({
      client_url: 'https://evil.example',
    });
  });
});

describe('PagerDutyChannel: limits', () => {
  it('cuts the summary to 1,024 characters with a visible marker', async () => {
    await channel().send(fixedAlert({ title: 'x'.repeat(5000) }), sendContext());
    expect(sent().payload.summary).toHaveLength(1024);
    expect(sent().payload.summary.endsWith('… [truncated]')).toBe(true);
  });

  it('cuts a body that would pass 512 KB, even one JSON escaping doubles', async () => {
    for (const body of ['b'.repeat(2_000_000), '"\\'.repeat(400_000), '\u0001'.repeat(300_000)]) {
      await channel().send(fixedAlert({ body }), sendContext());
      expect(server.requests.at(-1)?.status).toBe(202);
      expect(bytesSent()).toBeLessThanOrEqual(PAGERDUTY_LIMITS.eventBytes);
      expect(bytesSent()).toBeGreaterThan(PAGERDUTY_LIMITS.eventBytes - 1000);
      expect(String(sent().payload.custom_details.body).endsWith('… [truncated]')).toBe(true);
    }
  });

  it('past 512 KB with its labels alone, an event keeps its summary and says the details were left out', async () => {
    const labels = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`l${i}`, '\u0001'.repeat(1024)]),
    );
    await channel().send(fixedAlert({ labels }), sendContext());
    expect(server.requests.at(-1)?.status).toBe(202);
    expect(bytesSent()).toBeLessThanOrEqual(PAGERDUTY_LIMITS.eventBytes);
    expect(sent().payload.summary).toBe('Database connection lost');
    expect(sent().payload.custom_details).toEqual({
      not_shown: 'the details were too large for PagerDuty',
    });
  });

  it('shows at most 100 labels, and counts the others', async () => {
    const labels = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`l${i}`, 'v']));
    await channel().send(fixedAlert({ labels }), sendContext());
    const details = sent().payload.custom_details;
    expect(Object.keys(details.labels as object)).toHaveLength(100);
    expect(details.labels_not_shown).toBe(150);
  });
});

describe('PagerDutyChannel: digests', () => {
  it('sends ONE event for a digest: its summary and its fingerprints, the largest first', async () => {
    const event = await deliverDigest(
      channel(),
      [
        errorFrom('Exception in view', 'service1', 'host1'),
        errorFrom('Exception in view', 'service1', 'host2'),
        errorFrom('Exception in view', 'service1', 'host2'),
        errorFrom('Timeout', 'service2', 'host1', 'upstream took 31 s'),
        errorFrom('Exception in view', 'service1', 'host2'),
      ],
      { fingerprint: ['service'] },
    );
    expect(event.result.status).toBe('sent');
    expect(server.requests).toHaveLength(1);
    const { payload, dedup_key } = sent();
    expect(payload.summary).toBe('5 instances of 2 unique alerts (service1, service2)');
    expect(payload.severity).toBe('error');
    expect(dedup_key).toMatch(/^[0-9a-f]{16}$/);
    expect(payload.custom_details).toMatchObject({
      total: 5,
      unique: 2,
      count_by: 'host',
      alerts: [
        { count: 4, title: 'Exception in view', service: 'service1', counts: 'host2 3X, host1 1X' },
        { count: 1, title: 'Timeout', counts: 'host1 1X', body: 'upstream took 31 s' },
      ],
    });
    expect(payload.custom_details).not.toHaveProperty('not_shown');
  });

  it('keeps a digest of a group under one key, digest after digest', async () => {
    const keys: string[] = [];
    for (const host of ['h1', 'h2']) {
      const down = errorFrom(`Down ${host}`, 'svc', host);
      await deliverDigest(channel(), [down, { ...down, title: 'Slow' }], {
        group: { wait: 1, by: ['service'] },
      });
      keys.push(sent().dedup_key);
    }
    expect(keys[0]).toBe(keys[1]);
  });

  it('lists at most 100 fingerprints within 512 KB and says how many were left out', async () => {
    const inputs = Array.from({ length: 400 }, (_, i) =>
      errorFrom(`Failure ${i} ${'t'.repeat(600)}`, `svc${i % 7}`, `host${i}`, 'b'.repeat(3000)),
    );
    await deliverDigest(channel(), inputs);
    expect(server.requests.at(-1)?.status).toBe(202);
    expect(bytesSent()).toBeLessThanOrEqual(PAGERDUTY_LIMITS.eventBytes);
    const details = sent().payload.custom_details;
    const alerts = details.alerts as Array<{ title: string; body: string }>;
    expect(alerts).toHaveLength(100);
    expect(alerts[0]?.title).toHaveLength(500);
    expect(alerts[0]?.body.endsWith('… [truncated]')).toBe(true);
    expect(details.not_shown).toBe('and 300 more unique alerts (300 alerts) not shown');
  });
});

describe('PagerDutyChannel: PagerDuty’s answers', () => {
  it('400 invalid event: not retried, PagerDuty’s errors in the reason', async () => {
    server.reply(pagerDutyReplies.invalid("'payload.summary' is missing or blank"));
    const error = await failure(channel().send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 400,
      code: 'TOCSIN_REJECTED',
      reason: "Event object is invalid: 'payload.summary' is missing or blank",
    });
    expect(error.message).toMatch(/answered 400 Bad Request: .*; not retried: .*`routingKey`/);
  });

  it('a refusal of a too large event is not retried (the channel never sends one)', async () => {
    server.reply(pagerDutyReplies.tooLarge);
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: false,
      statusCode: 400,
      reason: 'Event object is invalid: Event object is too large',
    });
  });

  it('hides the routing key when PagerDuty quotes it back', async () => {
    server.reply(pagerDutyReplies.invalidRoutingKey(ROUTING_KEY));
    const error = await failure(channel().send(fixedAlert(), sendContext()));
    expect(error.reason).toBe('Event object is invalid: Invalid routing key: ***');
  });

  it('403 is an authentication failure, 404 points at `baseUrl`; neither is retried', async () => {
    server.reply(pagerDutyReplies.forbidden, pagerDutyReplies.notFound);
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: false,
      code: 'TOCSIN_AUTH',
      statusCode: 403,
    });
    const notFound = await failure(channel().send(fixedAlert(), sendContext()));
    expect(notFound).toMatchObject({ retryable: false, code: 'TOCSIN_REJECTED' });
    expect(notFound.message).toContain('check `baseUrl`');
  });

  it('429 is retried after its Retry-After, or after 30 s when it names none', async () => {
    server.reply(pagerDutyReplies.throttled(7), pagerDutyReplies.throttled());
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      retryAfter: 7,
      code: 'TOCSIN_RATE_LIMITED',
    });
    const bare = await failure(channel().send(fixedAlert(), sendContext()));
    expect(bare).toMatchObject({ retryable: true, retryAfter: 30, code: 'TOCSIN_RATE_LIMITED' });
    expect(bare.message).toContain('retry after 30 s');
  });

  it('5xx is retried', async () => {
    server.reply(pagerDutyReplies.serverError, pagerDutyReplies.unavailable);
    for (const status of [500, 503])
      expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
        retryable: true,
        statusCode: status,
        code: 'TOCSIN_REMOTE',
      });
  });

  it('a 2xx whose status is not success is a refusal, not a delivery', async () => {
    server.reply(pagerDutyReplies.oddStatus);
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: false,
      code: 'TOCSIN_REJECTED',
      reason: 'Event dropped',
    });
  });

  it('a slow answer times out, a dropped or refused connection is a network failure: all retried', async () => {
    server.reply(pagerDutyReplies.slow(5000), pagerDutyReplies.drop);
    expect(await failure(channel({ timeout: 1 }).send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_TIMEOUT',
    });
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_NETWORK',
    });
    const refused = pagerDutyChannel(await refusedUrl());
    closeLater(refused);
    expect(await failure(refused.send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_NETWORK',
    });
  });

  it('through AlertManager, a throttled event is sent again after Retry-After', async () => {
    server.reply(pagerDutyReplies.throttled(1));
    const result = await deliverWithRetries(channel(), fixedAlert());
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(server.requests.map((r) => r.status)).toEqual([429, 202]);
  });

  it('refuses to send once closed', async () => {
    const ch = channel();
    await ch.close();
    expect(await failure(ch.send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: false,
      code: 'TOCSIN_CLOSED',
    });
  });
});

describe('PagerDutyChannel: the routing key stays secret', () => {
  it('is masked in String, JSON and inspect', () => {
    const ch = channel({ client: 'Tocsin' });
    const shown = [String(ch), JSON.stringify(ch), inspect(ch, { depth: 5 })].join('\n');
    expect(shown).not.toContain(ROUTING_KEY);
    expect(JSON.parse(JSON.stringify(ch))).toMatchObject({
      type: 'pagerduty',
      routingKey: '***',
      url: `${server.url}/v2/enqueue`,
      client: 'Tocsin',
    });
  });

  it('a bad option names the option, never the key', () => {
    for (const options of [
      { routingKey: `${ROUTING_KEY}x` },
      { routingKey: ROUTING_KEY, baseUrl: `https://user:${ROUTING_KEY}@example.com` },
      { routingKey: ROUTING_KEY, severityMap: { warning: ROUTING_KEY } },
    ]) {
      let message = '';
      try {
        new PagerDutyChannel(options as never);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^PagerDutyChannel: `(routingKey|baseUrl|severityMap)/);
      expect(message).not.toContain(ROUTING_KEY);
    }
  });
});
