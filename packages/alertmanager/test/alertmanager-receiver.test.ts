import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AlertmanagerAlert,
  type AlertmanagerWebhookPayload,
  alertFingerprint,
} from '@tocsin/channel-kit';
import { type Alert, AlertManager, type Channel, type ChannelReceipt } from '@tocsin/core';
import { MemoryChannel, quietLogger, until } from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { type AlertmanagerReceiverOptions, alertmanagerReceiver } from '../src/index.js';
import { PASSWORD, TOKEN } from './harness.js';

const closeLater = closeAfterEach();

/** An alert as Alertmanager 0.25 puts it in a webhook body. */
function amAlert(fields: Partial<AlertmanagerAlert> = {}): AlertmanagerAlert {
  return {
    status: 'firing',
    labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db1:9100', job: 'node' },
    annotations: { summary: 'Disk full on db1', description: '/var is 99% full' },
    startsAt: '2026-12-01T22:10:05.123Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=disk_free',
    fingerprint: 'b9b4c6c1f4a2e0d3',
    ...fields,
  };
}

/** A webhook body as Alertmanager 0.25 posts it. */
function webhookBody(alerts: AlertmanagerAlert[]): AlertmanagerWebhookPayload {
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status: alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing',
    receiver: 'tocsin',
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts,
  };
}

interface Receiving {
  url: string;
  manager: AlertManager;
  sink: MemoryChannel;
}

/** A manager delivering to a memory sink, and a node:http server whose handler is the receiver. */
async function receiving(
  options: AlertmanagerReceiverOptions = {},
  channel: Channel = new MemoryChannel({ name: 'sink' }),
): Promise<Receiving> {
  const manager = new AlertManager({ logger: quietLogger }).addChannel(channel, {
    sendResolved: true,
  });
  closeLater(manager);
  const handler = alertmanagerReceiver(manager, { logger: quietLogger, ...options });
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeLater({ close: () => closeServer(server) });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/alertmanager`, manager, sink: channel as MemoryChannel };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('alertmanagerReceiver: routing what Alertmanager sends', () => {
  it('sends a firing alert: title, body, level, labels, dedupKey from Alertmanager', async () => {
    const { url, sink } = await receiving();
    const response = await post(url, webhookBody([amAlert()]));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'accepted', firing: 1, resolved: 0 });
    await until(() => sink.received.length === 1, '1 delivery at the sink');
    const [alert] = sink.received as [Alert];
    expect(alert).toMatchObject({
      title: 'Disk full on db1',
      body: '/var is 99% full',
      levelName: 'CRITICAL',
      labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db1:9100', job: 'node' },
      dedupKey: 'b9b4c6c1f4a2e0d3',
      fingerprint: 'b9b4c6c1f4a2e0d3',
      source: 'alertmanager',
    });
    expect(alert.timestamp.toISOString()).toBe('2026-12-01T22:10:05.123Z');
  });

  it('resolves a resolved alert: the sink gets a RESOLVED notice, the incident ends', async () => {
    const { url, sink, manager } = await receiving();
    await post(url, webhookBody([amAlert()]));
    await until(() => sink.received.length === 1, '1 delivery at the sink');
    expect(manager.active()).toHaveLength(1);
    const response = await post(
      url,
      webhookBody([amAlert({ status: 'resolved', endsAt: '2026-12-01T22:30:00Z' })]),
    );
    expect(await response.json()).toEqual({ status: 'accepted', firing: 0, resolved: 1 });
    await until(() => sink.received.length === 2, '2 deliveries at the sink');
    expect(sink.received[1]?.resolved).toMatchObject({ by: 'resolve' });
    expect(sink.received[1]?.fingerprint).toBe('b9b4c6c1f4a2e0d3');
    expect(manager.active()).toEqual([]);
  });

  it('routes a group: several alerts, firing and resolved, in one body', async () => {
    const { url, sink } = await receiving();
    await post(url, webhookBody([amAlert({ fingerprint: '1111111111111111' })]));
    await until(() => sink.received.length === 1, '1 delivery at the sink');
    const response = await post(
      url,
      webhookBody([
        amAlert({ fingerprint: '1111111111111111', status: 'resolved' }),
        amAlert({
          fingerprint: '2222222222222222',
          labels: { alertname: 'DiskFull', instance: 'db2' },
        }),
      ]),
    );
    expect(await response.json()).toEqual({ status: 'accepted', firing: 1, resolved: 1 });
    await until(() => sink.received.length === 3, '3 deliveries at the sink');
    expect(sink.received.map((a) => [a.fingerprint, a.resolved !== undefined]).sort()).toEqual([
      ['1111111111111111', false],
      ['1111111111111111', true],
      ['2222222222222222', false],
    ]);
  });

  it('computes the fingerprint from the labels, as Alertmanager does, when a body has none', async () => {
    const { url, sink } = await receiving();
    const { fingerprint: _, ...alert } = amAlert();
    await post(url, webhookBody([alert as AlertmanagerAlert]));
    await until(() => sink.received.length === 1, '1 delivery at the sink');
    expect(sink.received[0]?.dedupKey).toBe(alertFingerprint(alert.labels));
  });

  it('does not send again a stale firing copy of an alert already resolved (an HA cluster)', async () => {
    const { url, sink } = await receiving();
    const answer = async (alert: AlertmanagerAlert) =>
      (await post(url, webhookBody([alert]))).json();
    await answer(amAlert());
    await until(() => sink.received.length === 1, '1 delivery at the sink');
    await answer(amAlert({ status: 'resolved', endsAt: '2026-12-01T22:30:00Z' }));
    await until(() => sink.received.length === 2, '2 deliveries at the sink');
    // The other node's flush began before the resolve: the same alert, the same start.
    expect(await answer(amAlert())).toEqual({
      status: 'accepted',
      firing: 0,
      resolved: 0,
      stale: 1,
    });
    // It fires again: Alertmanager gives the new alert a new start.
    expect(await answer(amAlert({ startsAt: '2026-12-01T23:00:00Z' }))).toMatchObject({
      firing: 1,
    });
    await until(() => sink.received.length === 3, '3 deliveries at the sink');
    expect(sink.received.map((a) => a.resolved === undefined)).toEqual([true, false, true]);
  });

  it('titles an alert without summary by its alertname; reads severity as a level name', async () => {
    const { url, sink } = await receiving({ defaultLevel: 'warning' });
    await post(
      url,
      webhookBody([
        amAlert({
          annotations: {} as never,
          labels: { alertname: 'HighLatency', severity: 'Error' },
        }),
        amAlert({ fingerprint: 'f2', labels: { alertname: 'Odd', severity: 'page' } }),
        amAlert({ fingerprint: 'f3', labels: { alertname: 'Bare' } }),
      ]),
    );
    await until(() => sink.received.length === 3, '3 deliveries at the sink');
    const byKey = Object.fromEntries(sink.received.map((a) => [a.fingerprint, a]));
    expect(byKey.b9b4c6c1f4a2e0d3).toMatchObject({
      title: 'HighLatency',
      body: '',
      levelName: 'ERROR',
    });
    expect(byKey.f2?.levelName).toBe('WARNING');
    expect(byKey.f3?.levelName).toBe('WARNING');
  });

  it('answers once the alerts are accepted, before they are delivered', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const delivered: Alert[] = [];
    const slow: Channel = {
      name: 'slow',
      async send(alert): Promise<ChannelReceipt> {
        await gate;
        delivered.push(alert);
        return {};
      },
    };
    const { url } = await receiving({}, slow);
    const response = await post(url, webhookBody([amAlert()]));
    expect(response.status).toBe(200);
    expect(delivered).toHaveLength(0);
    open();
    await until(() => delivered.length === 1, 'one delivery');
  });

  it('takes a body a framework already parsed (express.json())', async () => {
    const manager = new AlertManager({ logger: quietLogger });
    const sink = new MemoryChannel();
    manager.addChannel(sink);
    closeLater(manager);
    const handler = alertmanagerReceiver(manager);
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => handler(Object.assign(req, { body: webhookBody([amAlert()]) }), res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closeLater({ close: () => closeServer(server) });
    const { port } = server.address() as AddressInfo;
    const response = await post(`http://127.0.0.1:${port}/`, 'ignored: already read');
    expect(response.status).toBe(200);
    await until(() => sink.received.length === 1, '1 delivery at the sink');
  });
});

describe('alertmanagerReceiver: what it refuses', () => {
  it('400 with the reason for a body that is not JSON or not a v4 webhook; nothing is sent', async () => {
    const { url, sink } = await receiving();
    const refusal = async (body: unknown) => {
      const response = await post(url, body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: string }).error;
    };
    expect(await refusal('{"version":')).toMatch(/^the body is not JSON: /);
    expect(await refusal('')).toMatch(/^the body is empty/);
    expect(await refusal({ ...webhookBody([amAlert()]), version: '3' })).toBe(
      'version: expected version "4" (Alertmanager’s webhook body)',
    );
    expect(await refusal({ version: '4' })).toBe('alerts: expected a list of alerts');
    expect(await refusal(webhookBody([amAlert(), amAlert({ status: 'pending' as never })]))).toBe(
      'alerts[1].status: expected "firing" or "resolved"',
    );
    expect(await refusal(webhookBody([amAlert({ labels: { alertname: 5 } as never })]))).toBe(
      'alerts[0].labels.alertname: labels values must be strings',
    );
    expect(await refusal(webhookBody([amAlert({ fingerprint: '' })]))).toMatch(
      /^alerts\[0\]\.fingerprint: /,
    );
    expect(
      await refusal(
        webhookBody([
          amAlert({ annotations: { summary: '  ', description: '' }, labels: { alertname: ' ' } }),
        ]),
      ),
    ).toMatch(/^Invalid alert: `alerts\[0\]\.title` /);
    await new Promise(setImmediate);
    expect(sink.attempts).toBe(0);
  });

  it('405 with Allow: POST for another method', async () => {
    const { url } = await receiving();
    const response = await fetch(url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('413 past maxBodyBytes, by Content-Length or as the body streams in', async () => {
    const { url, sink } = await receiving({ maxBodyBytes: 1024 });
    const big = webhookBody([
      amAlert({ annotations: { summary: 's', description: 'x'.repeat(2000) } }),
    ]);
    const response = await post(url, big);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toContain('1024 bytes');
    const chunked = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([JSON.stringify(big)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(sink.attempts).toBe(0);
  });

  it('401 without the bearer token or with a wrong one; 200 with it', async () => {
    const { url, sink } = await receiving({ auth: { bearer: TOKEN } });
    const body = webhookBody([amAlert()]);
    const none = await post(url, body);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="tocsin"');
    expect((await post(url, body, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post(url, body, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect((await post(url, body, { authorization: `bearer ${TOKEN}` })).status).toBe(200);
    await until(() => sink.received.length === 1, '1 delivery at the sink');
  });

  it('checks basic auth the same way', async () => {
    const { url } = await receiving({ auth: { username: 'am', password: PASSWORD } });
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const body = webhookBody([amAlert()]);
    expect((await post(url, body, { authorization: basic('am', 'wrong') })).status).toBe(401);
    expect((await post(url, body, { authorization: basic('other', PASSWORD) })).status).toBe(401);
    expect((await post(url, body, { authorization: basic('am', PASSWORD) })).status).toBe(200);
  });

  it('503 once the manager is closed (Alertmanager tries again)', async () => {
    const { url, manager } = await receiving();
    await manager.close();
    expect((await post(url, webhookBody([amAlert()]))).status).toBe(503);
  });

  it('bad options name the option, never a secret', () => {
    const manager = closeLater(new AlertManager({ logger: quietLogger }));
    expect(() => alertmanagerReceiver(manager, { maxBodyBytes: 0 })).toThrow(RangeError);
    expect(() => alertmanagerReceiver(manager, { defaultLevel: 'loud' as never })).toThrow(
      /`defaultLevel`/,
    );
    let message = '';
    try {
      alertmanagerReceiver(manager, { auth: { username: 'a:b', password: PASSWORD } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'alertmanagerReceiver: `auth.username` must be a non-empty string without ":"',
    );
  });
});
