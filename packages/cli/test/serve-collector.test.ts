// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { createSocket } from 'node:dgram';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AlertManager } from '@tocsin/core';
import { type FakeHttpServer, startFakeHttpServer, type TempDir, tempDir } from '@tocsin/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli-io.js';
import { buildCliManager, loadCliConfig } from '../src/load-for-cli.js';
import { type Collector, startCollector } from '../src/serve/collector.js';
import { COLLECTOR_DEFAULTS, type CollectorOptions } from '../src/serve/collector-options.js';

// A real collector on 127.0.0.1 in front of a real manager built from a config file, whose
// one channel posts to a local sink: what a client posts is what the sink receives.

const TOKEN = 'serve-token-0123456789abcdef';

const CONFIG = `
alerts:
  throttle: false
  channels:
    timeout: 5s
    max_retries: 0
    audit:
      type: webhook
      url: \${SINK_URL}
`;

let sink: FakeHttpServer;
let dir: TempDir;
let manager: AlertManager;
let collector: Collector;
const warnings: string[] = [];

async function start(options: Partial<CollectorOptions> = {}): Promise<Collector> {
  return startCollector(manager, {
    ...COLLECTOR_DEFAULTS,
    port: 0,
    udpPort: undefined,
    tokens: [TOKEN],
    logger: { warn: (message) => warnings.push(message) },
    now: () => performance.now(),
    ...options,
  });
}

beforeAll(async () => {
  sink = await startFakeHttpServer({ defaultReply: { status: 200, body: { ok: true } } });
  dir = await tempDir({ 'tocsin.config.yaml': CONFIG });
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: { SINK_URL: `${sink.url}/alerts` },
    cwd: dir.path,
  };
  manager = await buildCliManager(io, await loadCliConfig(io, {}));
  collector = await start({ udpPort: 0 });
});
afterAll(async () => {
  await collector.close();
  await manager.close();
  await sink.close();
  await dir.remove();
});
afterEach(() => {
  sink.requests.length = 0;
  warnings.length = 0;
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

/** One request with node:http (fetch would refuse some of the headers these tests send). */
function post(
  path: string,
  body: unknown,
  options: { headers?: Record<string, string>; method?: string; to?: Collector } = {},
): Promise<Answer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const url = new URL(path, (options.to ?? collector).url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        // A connection per request: a closed collector is then refused, not a stale socket.
        agent: false,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${TOKEN}`,
          ...options.headers,
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (data += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: data === '' ? {} : (JSON.parse(data) as Record<string, unknown>),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.method === 'GET' ? undefined : text);
  });
}

const OUTSIDE = nonLoopbackAddress();

const titles = () => sink.requests.map((r) => (r.json() as { title: string }).title);

/** Alertmanager's webhook body with `n` firing alerts. */
function pendingWebhook(n: number): object {
  return {
    version: '4',
    status: 'firing',
    alerts: Array.from({ length: n }, (_, i) => ({
      status: 'firing',
      labels: { alertname: `Pending${n}-${i}-${performance.now()}` },
      startsAt: new Date().toISOString(),
    })),
  };
}

describe('tocsin serve: the HTTP intake', () => {
  it('POST /v1/alerts: answers 202 with the ids, then the alerts reach the channel', async () => {
    const answer = await post('/v1/alerts', [
      { title: 'Disk full', level: 'error', labels: { host: 'db1' } },
      { title: 'Queue stuck', body: '12 000 jobs', level: 'warning', id: 'client-id-1' },
    ]);
    expect(answer.status).toBe(202);
    const ids = answer.json.ids as string[];
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe('client-id-1');
    await sink.waitForRequests(2);
    expect(titles().sort()).toEqual(['Disk full', 'Queue stuck']);
    const disk = sink.requests.find((r) => (r.json() as { title: string }).title === 'Disk full');
    expect(disk?.json()).toMatchObject({ id: ids[0], level: 25, labels: { host: 'db1' } });
  });

  it('POST /v1/alerts takes one alert object too', async () => {
    const answer = await post('/v1/alerts', { title: 'Backup late' });
    expect(answer.status).toBe(202);
    expect(answer.json.ids).toHaveLength(1);
    await sink.waitForRequests(1);
    expect(titles()).toEqual(['Backup late']);
  });

  it('POST /api/v2/alerts: Prometheus firing alert is sent, then endsAt in the past resolves it', async () => {
    const labels = { alertname: 'HighLatency', severity: 'critical', service: 'api' };
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const firing = await post('/api/v2/alerts', [
      {
        labels,
        annotations: { summary: 'p99 above 2 s', description: 'for 5 minutes' },
        startsAt,
        endsAt: new Date(Date.now() + 240_000).toISOString(),
        generatorURL: 'http://prometheus.local/graph?g0.expr=latency',
      },
    ]);
    expect(firing).toMatchObject({ status: 202, json: { firing: 1, resolved: 0 } });
    await sink.waitForRequests(1);
    expect(sink.requests[0]?.json()).toMatchObject({
      title: 'p99 above 2 s',
      level: 30,
      labels,
    });
    expect(String((sink.requests[0]?.json() as { body?: string } | undefined)?.body)).toContain(
      'for 5 minutes',
    );
    expect(manager.active().map((a) => a.alert.labels)).toContainEqual(labels);

    const resolved = await post('/api/v2/alerts', [
      { labels, startsAt, endsAt: new Date(Date.now() - 1000).toISOString() },
    ]);
    expect(resolved).toMatchObject({ status: 202, json: { firing: 0, resolved: 1 } });
    await expect
      .poll(() => manager.active().some((a) => a.alert.labels.alertname === 'HighLatency'))
      .toBe(false);
  });

  it('POST /api/v4/webhook: Alertmanager’s webhook goes through the alertmanager receiver', async () => {
    const answer = await post('/api/v4/webhook', {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'NodeDown', instance: 'n1', severity: 'warning' },
          annotations: { summary: 'Node n1 is down' },
          startsAt: new Date().toISOString(),
          fingerprint: 'abcdef0123456789',
        },
      ],
    });
    expect(answer).toMatchObject({ status: 200, json: { status: 'accepted', firing: 1 } });
    await sink.waitForRequests(1);
    expect(sink.requests[0]?.json()).toMatchObject({ title: 'Node n1 is down', level: 20 });
  });

  it('max_pending counts the alerts of a webhook until their delivery is done', async () => {
    const full = await start({ maxPending: 2 });
    // The channel takes its time over the first two: they stay pending meanwhile.
    sink.reply(
      { status: 200, body: { ok: true }, delayMs: 1000 },
      { status: 200, body: { ok: true }, delayMs: 1000 },
    );
    try {
      expect((await post('/api/v4/webhook', pendingWebhook(2), { to: full })).status).toBe(200);
      expect((await post('/api/v4/webhook', pendingWebhook(1), { to: full })).status).toBe(503);
      await sink.waitForRequests(2);
      await expect
        .poll(async () => (await post('/api/v4/webhook', pendingWebhook(2), { to: full })).status)
        .toBe(200);
      await sink.waitForRequests(4);
    } finally {
      await full.close();
    }
  });

  it("GET /metrics: the manager's figures in Prometheus' text format, no token needed", async () => {
    await post('/v1/alerts', { title: 'Disk full' });
    await sink.waitForRequests(1);
    await expect.poll(() => manager.sendsInFlight).toBe(0);
    const response = await fetch(new URL('/metrics', collector.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    // The figures are the manager's own (it serves every test of this file).
    const { totalAlerts, byChannel } = manager.stats;
    const [key, stats] = Object.entries(byChannel)[0] ?? ['', { sent: 0 }];
    expect(stats.sent).toBeGreaterThan(0);
    expect(text).toContain(`\ntocsin_alerts_accepted_total ${totalAlerts}\n`);
    expect(text).toContain(`\ntocsin_alerts_total{channel="${key}",status="sent"} ${stats.sent}\n`);
    expect(text).toContain('tocsin_delivery_duration_seconds_count');
  });

  it('GET /healthz answers 200 while serving', async () => {
    const answer = await post('/healthz', '', { method: 'GET' });
    expect(answer).toMatchObject({ status: 200, json: { status: 'serving' } });
  });
});

describe('tocsin serve: refusals name the reason, and nothing reaches the channel', () => {
  afterEach(() => {
    expect(sink.requests).toHaveLength(0);
  });

  it('400 for a body that is not JSON', async () => {
    const answer = await post('/v1/alerts', '{"title": ');
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(/^the body is not JSON: /);
  });

  it('422 for an invalid alert, with the validation message naming the field', async () => {
    const answer = await post('/v1/alerts', [{ title: 'fine' }, { title: 'bad', level: 'loud' }]);
    expect(answer.status).toBe(422);
    expect(answer.json.error).toMatch(/\[1\]\.level/);
    const empty = await post('/v1/alerts', [{ title: '   ' }]);
    expect(empty.json.error).toMatch(/\[0\]\.title/);
  });

  it('422 for an Alertmanager alert without labels, naming the field', async () => {
    const answer = await post('/api/v2/alerts', [
      { labels: { alertname: 'A' } },
      { annotations: {} },
    ]);
    expect(answer.status).toBe(422);
    expect(answer.json.error).toBe('Invalid alert: `[1].labels` expected an object of strings');
    const notAList = await post('/api/v2/alerts', { labels: { alertname: 'A' } });
    expect(notAList.json.error).toMatch(/^Invalid alert: `the body` expected a list of alerts/);
    const badTime = await post('/api/v2/alerts', [{ labels: { a: 'b' }, endsAt: 'yesterday' }]);
    expect(badTime.json.error).toBe(
      'Invalid alert: `[0].endsAt` expected a time as an RFC 3339 string',
    );
    const refusals = await Promise.all(
      [
        [{ labels: { a: 'b' } }, { labels: { a: 'b', severity: 3 } }],
        [{ labels: {} }],
        [{ labels: { a: 'b' }, annotations: { summary: ['x'] } }],
        [{ labels: { a: 'b' }, generatorURL: 42 }],
        [{ labels: { a: 'b' }, startsAt: 17 }],
      ].map(async (alerts) => (await post('/api/v2/alerts', alerts)).json.error),
    );
    expect(refusals).toEqual([
      'Invalid alert: `[1].labels.severity` expected a string',
      'Invalid alert: `[0].labels` expected at least one label (alertname)',
      'Invalid alert: `[0].annotations.summary` expected a string',
      'Invalid alert: `[0].generatorURL` expected a URL as a string',
      'Invalid alert: `[0].startsAt` expected a time as an RFC 3339 string',
    ]);
  });

  it('400 for a bad webhook body, from the receiver', async () => {
    const answer = await post('/api/v4/webhook', { version: '3', alerts: [] });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(/^version: expected version "4"/);
  });

  it('401 without a token, 403 with a wrong one; the token never appears in an answer', async () => {
    const none = await post('/v1/alerts', { title: 'x' }, { headers: { authorization: '' } });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="tocsin"');
    expect(none.json.error).toMatch(/missing credentials/);
    const wrong = await post(
      '/v1/alerts',
      { title: 'x' },
      { headers: { authorization: 'Bearer nope' } },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toMatch(/not one this collector accepts/);
    const hook = await post(
      '/api/v4/webhook',
      { version: '4', alerts: [] },
      { headers: { authorization: '' } },
    );
    expect(hook.status).toBe(401);
    expect(JSON.stringify([none, wrong, hook])).not.toContain(TOKEN);
  });

  it('404 for an unknown path, listing the paths; 405 for a wrong method', async () => {
    const missing = await post('/alerts', { title: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatch(
      /POST alerts to \/v1\/alerts, \/api\/v2\/alerts, \/api\/v4\/webhook/,
    );
    const get = await post('/v1/alerts', '', { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('413 past the body limit', async () => {
    const small = await start({ maxBodyBytes: 1024 });
    try {
      const answer = await post(
        '/v1/alerts',
        { title: 'x', body: 'y'.repeat(2000) },
        { to: small },
      );
      expect(answer.status).toBe(413);
      expect(answer.json.error).toMatch(/larger than 1024 bytes \(serve\.max_body_bytes\)/);
    } finally {
      await small.close();
    }
  });

  it('415 for a body that says it is not JSON', async () => {
    const answer = await post('/v1/alerts', 'title=x', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(415);
    expect(answer.json.error).toMatch(/is not JSON: send application\/json/);
  });

  it('429 with Retry-After past the rate limit of a source', async () => {
    let now = 0;
    const limited = await start({ rateLimit: { rate: 1, per: 10, burst: 2 }, now: () => now });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await post('/v1/alerts', { title: 'bad', level: 'x' }, { to: limited })).status,
        );
      expect(statuses).toEqual([422, 422, 429]);
      const refused = await post('/v1/alerts', { title: 'x' }, { to: limited });
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('10');
      expect(refused.json.error).toMatch(/serve\.rate_limit/);
      now += 10_000;
      expect((await post('/v1/alerts', { title: 'bad', level: 'x' }, { to: limited })).status).toBe(
        422,
      );
    } finally {
      await limited.close();
    }
  });

  it('503 with Retry-After past the pending alerts, without a delivery', async () => {
    const full = await start({ maxPending: 2 });
    try {
      const answer = await post('/v1/alerts', [{ title: 'a' }, { title: 'b' }, { title: 'c' }], {
        to: full,
      });
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.json.error).toMatch(/serve\.max_pending 2/);
      // Alertmanager's webhook counts against the same bound.
      const webhook = await post('/api/v4/webhook', pendingWebhook(3), { to: full });
      expect(webhook.status).toBe(503);
      expect(webhook.headers['retry-after']).toBe('1');
      expect(webhook.json.error).toMatch(/waiting for delivery to take 3 more: retry later/);
    } finally {
      await full.close();
    }
  });

  it('503 with Retry-After past the requests in progress', async () => {
    const busy = await start({ maxInFlight: 1 });
    const held = request(new URL('/v1/alerts', busy.url), {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    });
    held.on('error', () => {});
    // Headers sent, body not finished: the one request slot is taken.
    held.write('[');
    try {
      await expect
        .poll(async () => (await post('/v1/alerts', { title: 'x' }, { to: busy })).status)
        .toBe(503);
      const answer = await post('/v1/alerts', { title: 'x' }, { to: busy });
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.json.error).toMatch(/busy \(1 of 1 requests in progress\): retry later/);
    } finally {
      held.destroy();
      await busy.close();
    }
  });

  it('without tokens, loopback may post', async () => {
    const open = await start({ tokens: [] });
    try {
      const local = await post(
        '/v1/alerts',
        { title: 'bad', level: 'x' },
        { to: open, headers: { authorization: '' } },
      );
      expect(local.status).toBe(422);
    } finally {
      await open.close();
    }
  });

  it.skipIf(OUTSIDE === undefined)(
    'without tokens, a request from another address is 403',
    async () => {
      const open = await start({ tokens: [], host: '0.0.0.0' });
      try {
        const url = open.url.replace('0.0.0.0', OUTSIDE as string);
        const remote = await post(
          `${url}/v1/alerts`,
          { title: 'x' },
          {
            headers: { authorization: '' },
          },
        );
        expect(remote.status).toBe(403);
        expect(remote.json.error).toMatch(/only 127\.0\.0\.1 may post/);
      } finally {
        await open.close();
      }
    },
  );
});

describe('tocsin serve: the UDP intake (failnozzle)', () => {
  it('one JSON datagram becomes one alert at the channel, named as failnozzle groups it', async () => {
    const socket = createSocket('udp4');
    const datagram = {
      module: 'views',
      funcName: 'checkout',
      filename: 'src/shop/views.py',
      pathname: '/srv/shop/src/shop/views.py',
      lineno: 50,
      message: 'Exception in view: payment refused',
      exc_text:
        'Traceback (most recent call last):\n  File "src/shop/views.py", line 50\nPaymentError',
      kind: 'shop',
      source: 'web3',
    };
    await new Promise<void>((resolve, reject) =>
      socket.send(JSON.stringify(datagram), collector.udpPort as number, '127.0.0.1', (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    socket.send('not json', collector.udpPort as number, '127.0.0.1');
    await sink.waitForRequests(1);
    socket.close();
    const alert = sink.requests[0]?.json() as {
      title: string;
      body: string;
      labels: object;
      level: number;
    };
    expect(alert.title).toBe('Exception in view: payment refused');
    expect(alert.level).toBe(25);
    expect(alert.labels).toEqual({
      kind: 'shop',
      module: 'views',
      function: 'checkout',
      file: 'src/shop/views.py',
      line: '50',
      host: 'web3',
    });
    expect(alert.body).toContain('Raised in checkout (src/shop/views.py:50)');
    expect(alert.body).toContain('PaymentError');
    await expect.poll(() => collector.stats.udp?.invalid).toBe(1);
    expect(warnings.join('\n')).toMatch(/dropped a datagram from 127\.0\.0\.1: not JSON/);
  });
});

describe('tocsin serve: closing', () => {
  it('a post being read when closing starts is still accepted; then the port is closed', async () => {
    const closing = await start();
    const url = new URL('/v1/alerts', closing.url);
    const text = JSON.stringify({ title: 'Last words' });
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
            authorization: `Bearer ${TOKEN}`,
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // Half the body now; the rest once the close has begun.
      req.write(text.slice(0, 5));
      setTimeout(() => {
        done = closing.close();
        setTimeout(() => req.end(text.slice(5)), 50);
      }, 50);
    });
    let done: Promise<void> | undefined;
    expect(await answered).toBe(202);
    await done;
    await sink.waitForRequests(1);
    expect(titles()).toEqual(['Last words']);
    await expect(post('/healthz', '', { method: 'GET', to: closing })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    expect(manager.closed).toBe(false);
  });
});

/** An address of this machine that is not loopback, when it has one. */
function nonLoopbackAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const address of list ?? [])
      if (address.family === 'IPv4' && !address.internal) return address.address;
  return undefined;
}
