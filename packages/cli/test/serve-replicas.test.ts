// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { type FakeHttpServer, startFakeHttpServer, type TempDir, tempDir } from '@tocsin/test-kit';
import { failInCiWhenMissing } from '@tocsin/test-kit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The redis package's own starter: a redis-server of the test's on a free port.
import { type RedisServer, redisBinary, startRedisServer } from '../../redis/test/redis-server.js';
import { type ServeProcess, startServe } from './start-serve.js';

// Two `tocsin serve` processes built from one config file whose `alerts.shared` is a real
// redis-server: a fleet posting to either sends one digest per group, counting both.

failInCiWhenMissing(redisBinary, 'the tocsin serve replicas test');

const PASSWORD = 'serve-replicas-redis-pw-31';
const TOKEN = 'replicas-token-0123456789abcdef';

const CONFIG = `
alerts:
  throttle: false
  shared: { type: redis, url: "\${REDIS_URL}", prefix: serve-replicas }
  channels:
    timeout: 5s
    max_retries: 0
    hold:
      type: webhook
      url: \${SINK_URL}
      group: { by: [alertname], wait: 2s, interval: 1h }
`;

describe.skipIf(!redisBinary.path)('tocsin serve as two replicas sharing Redis', () => {
  let redis: RedisServer;
  let sink: FakeHttpServer;
  let dir: TempDir;
  beforeAll(async () => {
    redis = await startRedisServer(['--requirepass', PASSWORD]);
    sink = await startFakeHttpServer({ defaultReply: { status: 200, body: { ok: true } } });
    dir = await tempDir({ 'tocsin.config.yaml': CONFIG });
  });
  afterAll(async () => {
    await sink?.close();
    await dir?.remove();
    await redis?.remove();
  });

  const startReplica = () =>
    startServe(dir.path, {
      SINK_URL: `${sink.url}/hook`,
      REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${redis.port}/0`,
      TOCSIN_SERVE_TOKEN: TOKEN,
    });
  const stop = (replica: ServeProcess) => {
    replica.child.kill('SIGTERM');
    return replica.exit;
  };

  const post = (replica: ServeProcess, alerts: object[]) =>
    fetch(`${replica.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(alerts),
    });

  it('sends one digest per group for alerts posted to either, and no password anywhere', async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()]);
    try {
      const alert = (n: number) => ({
        labels: { alertname: 'DiskFull', instance: `host-${n}:9100`, severity: 'warning' },
        annotations: { summary: `Disk full on host-${n}` },
      });
      const answers = await Promise.all([
        post(a, [alert(1), alert(2), alert(3)]),
        post(b, [alert(4), alert(5)]),
        post(a, [alert(6)]),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
      await sink.waitForRequests(1, 20_000);
      const digest = sink.requests[0]?.json() as { digest?: { total: number } };
      expect(digest.digest?.total).toBe(6);
    } finally {
      expect(await stop(a)).toBe(0);
      expect(await stop(b)).toBe(0);
    }
    // Both replicas closed: neither had a window left to send.
    expect(sink.requests).toHaveLength(1);
    for (const replica of [a, b]) {
      expect(replica.output()).not.toContain(PASSWORD);
      expect(replica.output()).not.toContain(TOKEN);
    }
  }, 60_000);
});
