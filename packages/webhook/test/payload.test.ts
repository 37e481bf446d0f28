import {
  type FakeHttpServer,
  fixedAlert,
  rejectionOf,
  resolvedAlert,
  sendContext,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertFingerprint, WebhookChannel } from '../src/index.js';
import { webhookReplies } from './webhook-replies.js';

let server: FakeHttpServer;
let channel: WebhookChannel | undefined;

beforeEach(async () => {
  server = await startFakeHttpServer({ defaultReply: webhookReplies.ok });
});
afterEach(async () => {
  await channel?.close();
  channel = undefined;
  await server.close();
});

describe("format 'tocsin' (default)", () => {
  it('POSTs the alert as JSON with its id as idempotency-key', async () => {
    channel = new WebhookChannel({ url: `${server.url}/hooks/alerts` });
    await channel.send(fixedAlert(), sendContext());
    const [request] = await server.waitForRequests(1);
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hooks/alerts');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe('alert-0001');
    expect(request?.headers['user-agent']).toBe('tocsin-webhook');
    expect(request?.headers['tocsin-signature']).toBeUndefined();
    expect(request?.json()).toMatchInlineSnapshot(`
      {
        "body": "Primary unreachable for 30 s",
        "fingerprint": "749e97a90958fbe8",
        "id": "alert-0001",
        "labels": {
          "host": "db-1",
          "service": "api",
        },
        "level": 30,
        "levelName": "CRITICAL",
        "source": "health-check",
        "status": "firing",
        "timestamp": "2025-01-02T03:04:05.000Z",
        "title": "Database connection lost",
        "version": 1,
      }
    `);
  });

  it('hashes an alert id that could not travel in a header, into a stable key', async () => {
    channel = new WebhookChannel({ url: server.url });
    const id = 'disk full on /var\nhost=db-1 ✓';
    await channel.send(fixedAlert({ id }), sendContext());
    await channel.send(fixedAlert({ id }), sendContext());
    const [first, second] = server.requests;
    expect(first?.headers['idempotency-key']).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    expect(first?.json()).toMatchObject({ id });
  });

  it('sends the shown title (timestamp prefix) and null for a missing source', async () => {
    channel = new WebhookChannel({ url: server.url });
    await channel.send(
      fixedAlert({ timestampInTitle: true, source: undefined, labels: {} }),
      sendContext(),
    );
    const body = server.requests[0]?.json() as Record<string, unknown>;
    expect(body.title).toBe('2025-01-02 03:04:05 ::: Database connection lost');
    expect(body.source).toBeNull();
    expect(body.labels).toEqual({});
  });

  it('uses PUT and adds the configured headers, keeping the query string', async () => {
    channel = new WebhookChannel({
      url: `${server.url}/ingest?team=ops`,
      method: 'put',
      headers: { 'X-Api-Key': 'k-123456', 'Content-Type': 'application/vnd.alert+json' },
    });
    await channel.send(fixedAlert(), sendContext());
    const request = server.requests[0];
    expect(request?.method).toBe('PUT');
    expect(request?.url).toBe('/ingest?team=ops');
    expect(request?.headers['x-api-key']).toBe('k-123456');
    expect(request?.headers['content-type']).toBe('application/vnd.alert+json');
  });

  it('turns credentials in the URL into Basic authorization, and does not send them in the URL', async () => {
    const url = new URL(server.url);
    url.username = 'alerts';
    url.password = 'p@ss word';
    channel = new WebhookChannel({ url: `${url.href}in` });
    await channel.send(fixedAlert(), sendContext());
    const request = server.requests[0];
    expect(request?.url).toBe('/in');
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from('alerts:p@ss word').toString('base64')}`,
    );
  });
});

describe('RESOLVED notices', () => {
  it("'tocsin': status resolved, with the resolution's fields as ISO dates; firing alerts say firing", async () => {
    channel = new WebhookChannel({ url: server.url });
    await channel.send(resolvedAlert(), sendContext());
    await channel.send(fixedAlert(), sendContext());
    const [resolved, firing] = server.requests.map((request) => request.json()) as Array<
      Record<string, unknown>
    >;
    expect(server.requests[0]?.headers['idempotency-key']).toBe('resolved-0001');
    expect(resolved).toMatchObject({
      id: 'resolved-0001',
      status: 'resolved',
      title: 'Database connection lost',
      fingerprint: '749e97a90958fbe8',
      resolved: {
        startsAt: '2025-01-02T03:04:05.000Z',
        endsAt: '2025-01-02T03:16:35.000Z',
        count: 37,
        by: 'resolve',
      },
    });
    expect(firing?.status).toBe('firing');
    expect(firing).not.toHaveProperty('resolved');
  });

  it("'tocsin': says when the auto-resolve timeout ended it", async () => {
    channel = new WebhookChannel({ url: server.url });
    await channel.send(resolvedAlert({}, { by: 'timeout', count: 1 }), sendContext());
    expect(server.requests[0]?.json()).toMatchObject({ resolved: { by: 'timeout', count: 1 } });
  });

  it("'alertmanager': status resolved on the body and the alert, startsAt and endsAt of the incident, the firing fingerprint", async () => {
    channel = new WebhookChannel({ url: server.url, format: 'alertmanager' });
    await channel.send(fixedAlert(), sendContext());
    await channel.send(resolvedAlert(), sendContext());
    type Body = {
      status: string;
      alerts: Array<{ status: string; startsAt: string; endsAt: string; fingerprint: string }>;
    };
    const [firing, resolved] = server.requests.map((request) => request.json() as Body);
    expect(resolved?.status).toBe('resolved');
    expect(resolved?.alerts).toHaveLength(1);
    expect(resolved?.alerts[0]).toMatchObject({
      status: 'resolved',
      startsAt: '2025-01-02T03:04:05.000Z',
      endsAt: '2025-01-02T03:16:35.000Z',
      fingerprint: firing?.alerts[0]?.fingerprint,
    });
    expect(firing?.status).toBe('firing');
    expect(firing?.alerts[0]?.endsAt).toBe('0001-01-01T00:00:00Z');
  });
});

describe("format 'alertmanager'", () => {
  it('sends the Alertmanager webhook body, version 4', async () => {
    channel = new WebhookChannel({ url: server.url, format: 'alertmanager', name: 'ops-am' });
    await channel.send(fixedAlert(), sendContext());
    const body = server.requests[0]?.json();
    expect(body).toMatchInlineSnapshot(`
      {
        "alerts": [
          {
            "annotations": {
              "description": "Primary unreachable for 30 s",
              "summary": "Database connection lost",
            },
            "endsAt": "0001-01-01T00:00:00Z",
            "fingerprint": "d1843bfe09d52006",
            "generatorURL": "",
            "labels": {
              "alertname": "Database connection lost",
              "host": "db-1",
              "service": "api",
              "severity": "critical",
            },
            "startsAt": "2025-01-02T03:04:05.000Z",
            "status": "firing",
          },
        ],
        "commonAnnotations": {
          "description": "Primary unreachable for 30 s",
          "summary": "Database connection lost",
        },
        "commonLabels": {
          "alertname": "Database connection lost",
          "host": "db-1",
          "service": "api",
          "severity": "critical",
        },
        "externalURL": "",
        "groupKey": "{}:{alertname="Database connection lost"}",
        "groupLabels": {
          "alertname": "Database connection lost",
        },
        "receiver": "ops-am",
        "status": "firing",
        "truncatedAlerts": 0,
        "version": "4",
      }
    `);
  });

  it('lets the alert labels override alertname and severity, and fingerprints the final set', async () => {
    channel = new WebhookChannel({ url: server.url, format: 'alertmanager' });
    await channel.send(fixedAlert({ labels: { severity: 'page' } }), sendContext());
    const body = server.requests[0]?.json() as {
      alerts: Array<{ labels: Record<string, string>; fingerprint: string }>;
    };
    const [first] = body.alerts;
    expect(first?.labels).toEqual({ alertname: 'Database connection lost', severity: 'page' });
    expect(first?.fingerprint).toBe(
      alertFingerprint({ severity: 'page', alertname: 'Database connection lost' }),
    );
  });
});

describe('alertFingerprint', () => {
  it("matches Prometheus' label set fingerprints (its own test vectors)", () => {
    expect(alertFingerprint({})).toBe('cbf29ce484222325');
    expect(alertFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(
      '507a62d79ee76c9a',
    );
  });

  it('does not depend on label order, and differs when a value differs', () => {
    const a = alertFingerprint({ a: 'b', c: 'd' });
    expect(alertFingerprint({ c: 'd', a: 'b' })).toBe(a);
    expect(alertFingerprint({ a: 'b', c: 'e' })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('format function', () => {
  it('sends what the function returns, as JSON', async () => {
    channel = new WebhookChannel({
      url: server.url,
      format: (alert) => ({
        text: `[${alert.levelName}] ${alert.title}`,
        tags: Object.keys(alert.labels),
      }),
    });
    await channel.send(fixedAlert(), sendContext());
    expect(server.requests[0]?.json()).toMatchInlineSnapshot(`
      {
        "tags": [
          "service",
          "host",
        ],
        "text": "[CRITICAL] Database connection lost",
      }
    `);
  });

  it('sends a returned string as it is', async () => {
    channel = new WebhookChannel({
      url: server.url,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      format: (alert) => `${alert.levelName}: ${alert.title}`,
    });
    await channel.send(fixedAlert(), sendContext());
    expect(server.requests[0]?.body).toBe('CRITICAL: Database connection lost');
    expect(server.requests[0]?.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('fails without a request, not retryable, when the function throws or returns nothing', async () => {
    channel = new WebhookChannel({
      url: server.url,
      format: () => {
        throw new Error('no template for CRITICAL');
      },
    });
    const thrown = await rejectionOf(channel.send(fixedAlert(), sendContext()));
    expect(thrown).toMatchObject({
      name: 'DeliveryError',
      retryable: false,
      code: 'TOCSIN_CHANNEL',
    });
    expect(thrown.message).toBe('webhook: the `format` function failed: no template for CRITICAL');

    const empty = new WebhookChannel({ url: server.url, format: () => undefined });
    const nothing = await rejectionOf(empty.send(fixedAlert(), sendContext()));
    expect(nothing.message).toMatch(/`format` function returned undefined/);
    await empty.close();
    expect(server.requests).toHaveLength(0);
  });
});
