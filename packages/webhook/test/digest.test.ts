import {
  deliverDigest,
  deliverRepeated,
  errorFrom,
  type FakeHttpServer,
  fixedAlert,
  sendContext,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AlertmanagerWebhookPayload,
  alertFingerprint,
  type TocsinWebhookPayload,
  WebhookChannel,
  type WebhookChannelOptions,
} from '../src/index.js';
import { webhookReplies } from './webhook-replies.js';

const closeLater = closeAfterEach();
let server: FakeHttpServer;
beforeEach(async () => {
  server = closeLater(await startFakeHttpServer({ defaultReply: webhookReplies.ok }));
});

function channel(options: Partial<WebhookChannelOptions> = {}) {
  return closeLater(new WebhookChannel({ url: `${server.url}/hook`, ...options }));
}
const received = <T>() => {
  const request = server.requests.at(-1);
  if (request === undefined) throw new Error('the receiver got nothing');
  return { bytes: request.body.length, json: request.json() as T };
};

const error = errorFrom;
const failnozzleExample = [
  error('Exception in view', 'service1', 'host1', 'Traceback'),
  error('Exception in view', 'service1', 'host2'),
  error('Exception in view', 'service1', 'host2'),
  error('Could not retrieve file', 'service1', 'host3'),
];

describe("format 'tocsin': digests, fingerprints and repeats", () => {
  it('carries every entry of a digest with its count, first and last seen, counts and alert', async () => {
    const event = await deliverDigest(channel(), failnozzleExample, {
      fingerprint: ['service'],
      group: { wait: 1, by: ['service'] },
    });
    expect(event.result.status).toBe('sent');
    const { json } = received<TocsinWebhookPayload>();
    expect(json).toMatchObject({
      version: 1,
      id: event.digest.id,
      title: '4 instances of 2 unique alerts (service1)',
      level: 25,
      labels: { service: 'service1' },
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(json.digest).toMatchObject({
      id: event.digest.id,
      reason: 'wait',
      groupLabels: { service: 'service1' },
      countBy: 'host',
      total: 4,
      otherAlerts: 0,
      leftOutEntries: 0,
      leftOutAlerts: 0,
    });
    const [first, second] = json.digest?.entries ?? [];
    expect(first).toEqual({
      fingerprint: event.digest.entries[0]?.fingerprint,
      count: 3,
      firstSeen: event.digest.entries[0]?.firstSeen.toISOString(),
      lastSeen: event.digest.entries[0]?.lastSeen.toISOString(),
      counts: [
        ['host2', 2],
        ['host1', 1],
      ],
      alert: {
        title: 'Exception in view',
        body: 'Traceback',
        level: 25,
        levelName: 'ERROR',
        labels: { service: 'service1', host: 'host1' },
        fingerprint: event.digest.entries[0]?.fingerprint,
      },
    });
    expect(second).toMatchObject({ count: 1, counts: [['host3', 1]] });
    expect(second?.alert.title).toBe('Could not retrieve file');
  });

  it('sends dedupKey, fingerprint and occurrences (ISO dates) of a repeated alert', async () => {
    const since = new Date('2026-12-01T14:02:00Z');
    const input = { ...error('Disk full', 'api', 'web-1'), dedupKey: 'disk-full/web-1' };
    const result = await deliverRepeated(channel(), input, 37, since);
    expect(result.status).toBe('sent');
    const { json } = received<TocsinWebhookPayload>();
    expect(json).toMatchObject({
      fingerprint: 'disk-full/web-1',
      dedupKey: 'disk-full/web-1',
      occurrences: {
        count: 37,
        firstSeen: '2026-12-01T14:02:00.000Z',
        lastSeen: '2026-12-01T14:38:00.000Z',
      },
    });
    const firstSent = server.requests[0]?.json() as TocsinWebhookPayload;
    expect(firstSent.occurrences).toBeUndefined();
    expect(firstSent.digest).toBeUndefined();
  });

  it('keeps a digest of 5,000 fingerprints with long titles within maxBodyBytes, the largest first', async () => {
    const long = 'w'.repeat(3000);
    const inputs = Array.from({ length: 5000 }, (_, i) =>
      error(`E${i} ${long}`, 's', `h${i}`, 'b'.repeat(2000)),
    );
    inputs.push(error('E7 big', 's', 'h'), error('E7 big', 's', 'h'));
    const event = await deliverDigest(channel({ maxBodyBytes: 128 * 1024 }), inputs);
    expect(event.result.status).toBe('sent');
    const { bytes, json } = received<TocsinWebhookPayload>();
    expect(bytes).toBeLessThanOrEqual(128 * 1024);
    const digest = json.digest;
    const listed = digest?.entries.length ?? 0;
    expect(listed).toBeGreaterThan(10);
    expect(digest?.entries[0]).toMatchObject({ count: 2, alert: { title: 'E7 big' } });
    expect(digest?.leftOutEntries).toBe(5001 - listed);
    const counted = (digest?.entries ?? []).reduce((sum, e) => sum + e.count, 0);
    expect(counted + (digest?.leftOutAlerts ?? 0)).toBe(5002);
    // Core's plain-text summary of 5,000 long titles (~230 KB, its lines cut at 500
    // characters) does not fit on its own: it is cut,
    // while the listed entries keep their texts.
    expect(json.truncated).toBe(true);
    expect(json.body.endsWith('… [truncated]')).toBe(true);
    expect(digest?.entries[1]?.alert.title).toMatch(/^E\d+ w{3000}$/);
  });

  it('lists every entry of a digest of 2,000 fingerprints that fits, in both formats', async () => {
    const inputs = Array.from({ length: 2000 }, (_, i) => error(`E${i}`, 's', `h${i}`));
    for (const format of ['tocsin', 'alertmanager'] as const) {
      const event = await deliverDigest(channel({ format }), inputs);
      expect(event.result.status).toBe('sent');
      expect(received().bytes).toBeLessThanOrEqual(1024 * 1024);
      if (format === 'tocsin') {
        const { json } = received<TocsinWebhookPayload>();
        expect(json.truncated).toBeUndefined();
        expect(json.digest?.entries).toHaveLength(2000);
        expect(json.digest).toMatchObject({ leftOutEntries: 0, leftOutAlerts: 0 });
      } else {
        const { json } = received<AlertmanagerWebhookPayload>();
        expect(json.alerts).toHaveLength(2000);
        expect(json.truncatedAlerts).toBe(0);
      }
    }
  });

  it('cuts long texts with a marker when dropping entries is not enough, never failing', async () => {
    const made = channel({ maxBodyBytes: 4096 });
    await made.send(
      fixedAlert({ body: 'x'.repeat(2_000_000), title: 't'.repeat(100_000) }),
      sendContext(),
    );
    const { bytes, json } = received<TocsinWebhookPayload>();
    expect(bytes).toBeLessThanOrEqual(4096);
    expect(json.truncated).toBe(true);
    expect(json.body.endsWith('… [truncated]')).toBe(true);
    expect(json.title.endsWith('… [truncated]')).toBe(true);
    expect(json.labels).toEqual({ service: 'api', host: 'db-1' });
  });

  it('keeps hostile text of digest entries as data: valid JSON, returned exactly', async () => {
    const hostile = '"}],"injected":true,{"x":"</script>\u2028<!channel>\u0000';
    await deliverDigest(channel(), [error(hostile, 'svc', hostile), error('two', 'svc', 'h')]);
    const { json } = received<TocsinWebhookPayload & { injected?: unknown }>();
    expect(json.injected).toBeUndefined();
    expect(json.digest?.entries.map((e) => e.alert.title)).toContain(hostile);
    expect(json.digest?.entries.flatMap((e) => e.counts.map(([v]) => v))).toContain(hostile);
  });
});

describe("format 'alertmanager': a digest is one group, as Alertmanager posts it", () => {
  it('sends groupLabels, commonLabels, commonAnnotations and one alert per fingerprint', async () => {
    const event = await deliverDigest(
      channel({ format: 'alertmanager', name: 'ops' }),
      failnozzleExample,
      {
        fingerprint: ['service'],
        group: { wait: 1, by: ['service'] },
      },
    );
    expect(event.result.status).toBe('sent');
    const { json } = received<AlertmanagerWebhookPayload>();
    expect(json).toMatchObject({
      version: '4',
      groupKey: '{}:{service="service1"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'ops',
      groupLabels: { service: 'service1' },
      commonLabels: { severity: 'error', service: 'service1' },
      // The two fingerprints' descriptions differ: nothing in common.
      commonAnnotations: {},
    });
    expect(json.commonLabels).not.toHaveProperty('host');
    expect(json.alerts).toHaveLength(2);
    const [first] = json.alerts;
    expect(first).toEqual({
      status: 'firing',
      labels: {
        alertname: 'Exception in view',
        severity: 'error',
        service: 'service1',
        host: 'host1',
      },
      annotations: { summary: 'Exception in view', description: 'Traceback' },
      startsAt: event.digest.entries[0]?.firstSeen.toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: '',
      fingerprint: alertFingerprint(first?.labels ?? {}),
    });
  });

  it('keeps 5,000 fingerprints within maxBodyBytes, counting the rest in truncatedAlerts', async () => {
    const long = 'q'.repeat(3000);
    const inputs = Array.from({ length: 5000 }, (_, i) => error(`E${i} ${long}`, 's', `h${i}`));
    const event = await deliverDigest(channel({ format: 'alertmanager' }), inputs);
    expect(event.result.status).toBe('sent');
    const { bytes, json } = received<AlertmanagerWebhookPayload>();
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(json.alerts.length).toBeGreaterThan(100);
    expect(json.truncatedAlerts).toBe(5000 - json.alerts.length);
    expect(json.commonLabels).toEqual({ severity: 'error', service: 's' });
  });
});
