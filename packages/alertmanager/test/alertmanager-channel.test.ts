import { inspect } from 'node:util';
import { AlertManager } from '@tocsin/core';
import {
  deliverDigest,
  deliveryFailure,
  errorFrom,
  type FakeHttpServer,
  fixedAlert,
  quietLogger,
  refusedUrl,
  resolvedAlert,
  sendContext,
  startFakeHttpServer,
} from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { AlertmanagerChannel, type PostableAlert } from '../src/index.js';
import { alertmanagerReplies } from './alertmanager-replies.js';
import { alertmanagerChannel, PASSWORD, TOKEN } from './harness.js';

const closeLater = closeAfterEach();
let am1: FakeHttpServer;
let am2: FakeHttpServer;
beforeEach(async () => {
  [am1, am2] = await Promise.all([
    startFakeHttpServer({ defaultReply: alertmanagerReplies.accepted }),
    startFakeHttpServer({ defaultReply: alertmanagerReplies.accepted }),
  ]);
  closeLater(am1);
  closeLater(am2);
});

function channel(options: Parameters<typeof alertmanagerChannel>[1] = {}) {
  return closeLater(alertmanagerChannel([am1], options));
}
const sentTo = (server: FakeHttpServer) => server.requests.at(-1)?.json() as PostableAlert[];

/** The DeliveryError of a send, checked to show neither the token nor the password. */
const failure = (promise: Promise<unknown>) => deliveryFailure(promise, [TOKEN, PASSWORD]);

describe('AlertmanagerChannel: what Alertmanager receives', () => {
  it('posts the alert to /api/v2/alerts: labels, annotations, startsAt, the token', async () => {
    const alert = fixedAlert();
    const receipt = await channel({ generatorUrl: 'https://app.example.com/health' }).send(
      alert,
      sendContext(),
    );
    const [request] = am1.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/v2/alerts');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.json()).toEqual([
      {
        labels: {
          alertname: 'Database connection lost',
          severity: 'critical',
          service: 'api',
          host: 'db-1',
          fingerprint: alert.fingerprint,
        },
        annotations: {
          summary: 'Database connection lost',
          description: 'Primary unreachable for 30 s',
        },
        startsAt: '2025-01-02T03:04:05.000Z',
        generatorURL: 'https://app.example.com/health',
      },
    ]);
    expect(receipt).toEqual({});
  });

  it('takes alertname and severity from the labels when the alert has them', async () => {
    await channel().send(
      fixedAlert({ labels: { alertname: 'DbDown', severity: 'page' }, level: 'warning' }),
      sendContext(),
    );
    expect(sentTo(am1)[0]?.labels).toMatchObject({ alertname: 'DbDown', severity: 'page' });
  });

  it('maps each level to its lower-case name as severity', async () => {
    const ch = channel();
    const severities: string[] = [];
    for (const level of ['info', 'success', 'warning', 'error', 'critical'] as const) {
      await ch.send(fixedAlert({ level }), sendContext());
      severities.push(sentTo(am1)[0]?.labels.severity as string);
    }
    expect(severities).toEqual(['info', 'success', 'warning', 'error', 'critical']);
  });

  it('carries the dedupKey in the fingerprint label, or in the label named, or none', async () => {
    await channel().send(fixedAlert({ dedupKey: 'db/primary' }), sendContext());
    expect(sentTo(am1)[0]?.labels.fingerprint).toBe('db/primary');
    await channel({ fingerprintLabel: 'tocsin_key' }).send(
      fixedAlert({ dedupKey: 'db/primary' }),
      sendContext(),
    );
    expect(sentTo(am1)[0]?.labels).toMatchObject({ tocsin_key: 'db/primary' });
    expect(sentTo(am1)[0]?.labels).not.toHaveProperty('fingerprint');
    await channel({ fingerprintLabel: false }).send(fixedAlert(), sendContext());
    expect(Object.keys(sentTo(am1)[0]?.labels ?? {})).toEqual([
      'alertname',
      'severity',
      'service',
      'host',
    ]);
  });

  it('makes label names valid for Alertmanager, and drops empty values as it would', async () => {
    await channel({ fingerprintLabel: false }).send(
      fixedAlert({
        labels: { 'k8s.pod': 'api-7', '2xx': 'ok', 'a-b': 'first', a_b: 'valid', empty: '' },
      }),
      sendContext(),
    );
    expect(sentTo(am1)[0]?.labels).toEqual({
      alertname: 'Database connection lost',
      severity: 'critical',
      k8s_pod: 'api-7',
      _2xx: 'ok',
      a_b: 'valid',
    });
  });

  it('sends runbook and dashboard links as annotations, not labels', async () => {
    await channel().send(
      fixedAlert({
        labels: { service: 'api', runbook_url: 'https://runbooks.example.com/db' },
        body: '',
      }),
      sendContext(),
    );
    const [sent] = sentTo(am1);
    expect(sent?.labels).not.toHaveProperty('runbook_url');
    expect(sent?.annotations).toEqual({
      summary: 'Database connection lost',
      runbook_url: 'https://runbooks.example.com/db',
    });
  });

  it('a RESOLVED notice carries the incident’s startsAt and endsAt, which ends the alert', async () => {
    const notice = resolvedAlert();
    await channel().send(notice, sendContext());
    const [sent] = sentTo(am1);
    expect(sent).toMatchObject({
      startsAt: '2025-01-02T03:04:05.000Z',
      endsAt: '2025-01-02T03:16:35.000Z',
    });
    // The same labels as the firing alert: Alertmanager's identity of an alert.
    await channel().send(fixedAlert(), sendContext());
    expect(sentTo(am1)[0]?.labels).toEqual(sent?.labels);
    expect(sentTo(am1)[0]).not.toHaveProperty('endsAt');
  });

  it('asks for RESOLVED notices: through AlertManager, resolve() posts endsAt', async () => {
    const manager = new AlertManager({ logger: quietLogger }).addChannel(channel());
    const disk = { title: 'Disk full', level: 'error', labels: { host: 'db1' } } as const;
    await manager.send(disk);
    const [result] = await manager.resolve(disk);
    expect(result).toMatchObject({ status: 'sent' });
    const [fired, ended] = am1.requests.map((r) => (r.json() as PostableAlert[])[0]);
    expect(fired).not.toHaveProperty('endsAt');
    expect(ended?.labels).toEqual(fired?.labels);
    expect(Date.parse(ended?.endsAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(fired?.startsAt ?? ''),
    );
    await manager.close();
  });

  it('a resolve while the alert waits to be retried ends it after the retry, not before', async () => {
    const manager = new AlertManager({ logger: quietLogger }).addChannel(channel(), {
      maxRetries: 1,
    });
    am1.reply(alertmanagerReplies.throttled(1));
    const disk = { title: 'Disk full', level: 'error', labels: { host: 'db1' } } as const;
    const sending = manager.send(disk);
    await am1.waitForRequests(1);
    const [notice] = await manager.resolve(disk);
    expect(notice).toMatchObject({ status: 'sent' });
    expect((await sending)[0]).toMatchObject({ status: 'sent', attempts: 2 });
    // Last, the alert with endsAt: Alertmanager holds it as ended, not firing again.
    const posted = am1.requests.map((r) => (r.json() as PostableAlert[])[0]);
    expect(posted.map((alert) => alert?.endsAt !== undefined)).toEqual([false, false, true]);
    await manager.close();
  });

  it('sends a digest as one alert per fingerprint, each with its first time seen', async () => {
    const { result } = await deliverDigest(channel({ fingerprintLabel: false }), [
      errorFrom('Exception in view', 'service1', 'host1'),
      errorFrom('Exception in view', 'service1', 'host1'),
      errorFrom('Timeout', 'service2', 'host2', 'upstream took 31 s'),
    ]);
    expect(result.status).toBe('sent');
    expect(am1.requests).toHaveLength(1);
    const alerts = sentTo(am1);
    expect(alerts.map((a) => a.labels.alertname)).toEqual(['Exception in view', 'Timeout']);
    expect(alerts[1]?.annotations.description).toBe('upstream took 31 s');
  });

  it('uses basic auth when given a user and password', async () => {
    await channel({ auth: { username: 'tocsin', password: PASSWORD } }).send(
      fixedAlert(),
      sendContext(),
    );
    const header = am1.requests[0]?.headers.authorization ?? '';
    expect(Buffer.from(header.replace(/^Basic /, ''), 'base64').toString()).toBe(
      `tocsin:${PASSWORD}`,
    );
  });

  it('keeps a path prefix of the URL (Alertmanager behind --web.route-prefix)', async () => {
    const ch = closeLater(alertmanagerChannel([`${am1.url}/alertmanager/`]));
    await ch.send(fixedAlert(), sendContext());
    expect(am1.requests[0]?.url).toBe('/alertmanager/api/v2/alerts');
  });
});

describe('AlertmanagerChannel: every instance of a cluster', () => {
  const both = () => closeLater(alertmanagerChannel([am1, am2]));

  it('posts the same alerts to each instance', async () => {
    await both().send(fixedAlert(), sendContext());
    expect(am1.requests).toHaveLength(1);
    expect(am2.requests).toHaveLength(1);
    expect(am2.requests[0]?.body).toBe(am1.requests[0]?.body);
  });

  it('is delivered when one instance accepts, the others listed in `rejected`', async () => {
    am1.reply(alertmanagerReplies.unavailable);
    const receipt = await both().send(fixedAlert(), sendContext());
    expect(receipt).toEqual({ rejected: [`${am1.url}/api/v2/alerts`] });
    const down = closeLater(alertmanagerChannel([await refusedUrl(), am2]));
    expect(await down.send(fixedAlert(), sendContext())).toMatchObject({
      rejected: [expect.any(String)],
    });
  });

  it('through AlertManager, one instance down still counts as sent', async () => {
    am2.reply(alertmanagerReplies.serverError);
    const manager = new AlertManager({ logger: quietLogger }).addChannel(both(), { maxRetries: 0 });
    const [result] = await manager.send({ title: 'Disk full', level: 'error' });
    expect(result).toMatchObject({ status: 'sent', rejected: [`${am2.url}/api/v2/alerts`] });
    expect(manager.stats.totalSent).toBe(1);
    await manager.close();
  });

  it('fails when all refuse, naming each instance and its reason', async () => {
    am1.reply(alertmanagerReplies.noLabels);
    am2.reply(alertmanagerReplies.unavailable);
    const error = await failure(both().send(fixedAlert(), sendContext()));
    expect(error.message).toContain('no Alertmanager instance accepted the alert (2 of 2 failed)');
    expect(error.message).toContain(`POST ${am1.url}/api/v2/alerts answered 400`);
    expect(error.message).toContain('at least one label pair required');
    expect(error.message).toContain(`POST ${am2.url}/api/v2/alerts answered 503`);
    // One instance may take it later: the alert is tried again.
    expect(error).toMatchObject({ retryable: true, code: 'TOCSIN_REMOTE', statusCode: 503 });
  });

  it('is not retried when every instance refused the alert itself', async () => {
    am1.reply(alertmanagerReplies.noLabels);
    am2.reply(alertmanagerReplies.noLabels);
    expect(await failure(both().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: false,
      code: 'TOCSIN_REJECTED',
      statusCode: 400,
    });
  });

  it('waits the shortest Retry-After any instance asked for', async () => {
    am1.reply(alertmanagerReplies.throttled(20));
    am2.reply(alertmanagerReplies.throttled(5));
    expect(await failure(both().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      retryAfter: 5,
      code: 'TOCSIN_RATE_LIMITED',
    });
  });
});

describe('AlertmanagerChannel: Alertmanager’s answers', () => {
  it('400 invalid alert: not retried, Alertmanager’s words as the reason', async () => {
    am1.reply(alertmanagerReplies.invalidLabel('a b'));
    const error = await failure(channel().send(fixedAlert(), sendContext()));
    expect(error).toMatchObject({
      retryable: false,
      statusCode: 400,
      code: 'TOCSIN_REJECTED',
      reason: 'invalid label set: invalid name "a b"',
    });
    expect(error.message).toContain('not retried: Alertmanager refused the alerts as invalid');
  });

  it('422 from its API schema: not retried, its message as the reason', async () => {
    am1.reply(alertmanagerReplies.badGeneratorUrl);
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: false,
      statusCode: 422,
      reason: '0.generatorURL in body must be of type uri: "not a url"',
    });
  });

  it('401 is an authentication failure, 404 points at `urls`: neither retried', async () => {
    am1.reply(alertmanagerReplies.unauthorized, alertmanagerReplies.notFound);
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: false,
      code: 'TOCSIN_AUTH',
    });
    const notFound = await failure(channel().send(fixedAlert(), sendContext()));
    expect(notFound).toMatchObject({ retryable: false, statusCode: 404 });
    expect(notFound.message).toContain('check `urls`');
  });

  it('429 and 5xx are retried', async () => {
    am1.reply(alertmanagerReplies.throttled(7), alertmanagerReplies.serverError);
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      retryAfter: 7,
      code: 'TOCSIN_RATE_LIMITED',
    });
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      statusCode: 500,
      reason: 'failed to store alerts',
    });
  });

  it('a dropped connection is a network failure, a slow answer a timeout: both retried', async () => {
    am1.reply(alertmanagerReplies.drop, { status: 200, body: '', delayMs: 5000 });
    expect(await failure(channel().send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_NETWORK',
    });
    expect(await failure(channel({ timeout: 1 }).send(fixedAlert(), sendContext()))).toMatchObject({
      retryable: true,
      code: 'TOCSIN_TIMEOUT',
    });
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

describe('AlertmanagerChannel: credentials stay secret', () => {
  it('are masked in String, JSON and inspect', () => {
    const ch = closeLater(alertmanagerChannel([am1, am2]));
    const basic = closeLater(
      alertmanagerChannel([am1], { auth: { username: 'tocsin', password: PASSWORD } }),
    );
    const shown = [ch, basic]
      .flatMap((c) => [String(c), JSON.stringify(c), inspect(c, { depth: 5 })])
      .join('\n');
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain(PASSWORD);
    expect(JSON.parse(JSON.stringify(ch))).toMatchObject({
      type: 'alertmanager',
      urls: [`${am1.url}/api/v2/alerts`, `${am2.url}/api/v2/alerts`],
      auth: { bearer: '***' },
    });
    expect(String(ch)).toBe(
      `AlertmanagerChannel(alertmanager -> ${am1.url}/api/v2/alerts, ${am2.url}/api/v2/alerts)`,
    );
  });

  it('are hidden when Alertmanager (or a proxy) quotes them back', async () => {
    am1.reply({ status: 400, body: JSON.stringify(`bad header: Bearer ${TOKEN}`) });
    const error = await failure(channel().send(fixedAlert(), sendContext()));
    expect(error.reason).not.toContain(TOKEN);
  });

  it('a bad option names the option, never a secret', () => {
    for (const options of [
      { urls: [] },
      { urls: [`http://user:${PASSWORD}@127.0.0.1:9093`] },
      { urls: ['http://127.0.0.1:9093'], auth: { bearer: TOKEN, password: PASSWORD } },
      { urls: ['http://127.0.0.1:9093'], auth: { username: 'tocsin' } },
      { urls: ['http://127.0.0.1:9093'], fingerprintLabel: 'not a label' },
      { urls: ['http://127.0.0.1:9093'], generatorUrl: 'not a url' },
    ]) {
      let message = '';
      try {
        new AlertmanagerChannel(options as never);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^AlertmanagerChannel: `(urls|auth|fingerprintLabel|generatorUrl)/);
      expect(message).not.toContain(TOKEN);
      expect(message).not.toContain(PASSWORD);
    }
  });
});
