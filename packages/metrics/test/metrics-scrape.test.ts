import type { AlertStatus, ChannelStats } from '@tocsin/core';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import { describe, expect, it } from 'vitest';
import { metricsHandler } from '../src/index.js';
import { parseExposition } from './exposition.js';
import { type Scenario, SECRET_TOKEN, serve, startScenario } from './scenario.js';

const opened = closeAfterEach();

/** Where `ChannelStats` counts each `status` label of `tocsin_alerts_total`. */
const STATUS_FIELDS: Record<AlertStatus, keyof ChannelStats> = {
  sent: 'sent',
  failed: 'failed',
  throttled: 'throttled',
  filtered: 'filtered',
  silenced: 'silenced',
  inhibited: 'inhibited',
  muted: 'muted',
  deduplicated: 'deduplicated',
  grouped: 'grouped',
  circuit_open: 'circuitOpen',
};

/** Scrape `/metrics` of a real server mounting the handler, as Prometheus would. */
async function scrape(url: string) {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { response, text, metrics: parseExposition(text) };
}

/** Three alerts through the four entries; the digest still held. */
async function threeAlerts(scenario: Scenario) {
  const results = [];
  for (const title of ['Disk full', 'Disk still full', 'Disk full again'])
    results.push(await scenario.send(title));
  return results;
}

describe('metrics of a manager, scraped over HTTP', () => {
  it('equal the stats: alerts by channel and status, digests, retries, circuit states, alerts held', async () => {
    const scenario = opened(await startScenario());
    const server = opened(await serve(metricsHandler(scenario.manager)));
    const results = await threeAlerts(scenario);
    expect(results.map((r) => r.map((x) => `${x.channel}:${x.status}`))).toEqual([
      ['ops:sent', 'down:failed', 'pager:sent', 'digest:grouped'],
      ['ops:sent', 'down:failed', 'pager:throttled', 'digest:grouped'],
      ['ops:sent', 'down:circuit_open', 'pager:throttled', 'digest:grouped'],
    ]);

    const { response, metrics } = await scrape(server.url);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const stats = scenario.manager.stats;
    // Every (channel, status) series is the stats' own figure, zeros included.
    for (const [channel, channelStats] of Object.entries(stats.byChannel))
      for (const [status, field] of Object.entries(STATUS_FIELDS))
        expect(
          metrics.value('tocsin_alerts_total', { channel, status }),
          `${channel} ${status}`,
        ).toBe(channelStats[field]);
    expect(metrics.series('tocsin_alerts_total')).toHaveLength(4 * 10);
    expect(metrics.value('tocsin_alerts_total', { channel: 'down', status: 'failed' })).toBe(2);
    expect(metrics.value('tocsin_alerts_total', { channel: 'down', status: 'circuit_open' })).toBe(
      1,
    );
    expect(metrics.value('tocsin_alerts_total', { channel: 'pager', status: 'throttled' })).toBe(2);
    expect(metrics.value('tocsin_alerts_total', { channel: 'digest', status: 'grouped' })).toBe(3);
    expect(metrics.value('tocsin_alerts_accepted_total')).toBe(3);
    expect(metrics.value('tocsin_retries_total', { channel: 'down' })).toBe(2);
    expect(metrics.value('tocsin_retries_total', { channel: 'ops' })).toBe(0);
    // Queue depth: the three grouped alerts wait for their digest.
    expect(metrics.value('tocsin_alerts_held', { channel: 'digest' })).toBe(3);
    expect(metrics.value('tocsin_sends_in_flight')).toBe(0);
    // One series per state, 1 for the current one; entries without a breaker have none.
    expect(metrics.series('tocsin_circuit_state')).toEqual([
      { labels: { channel: 'down', state: 'closed' }, value: 0 },
      { labels: { channel: 'down', state: 'half_open' }, value: 0 },
      { labels: { channel: 'down', state: 'open' }, value: 1 },
    ]);
    const failedAt = Date.parse(stats.byChannel.down?.lastErrorAt ?? '') / 1000;
    expect(metrics.value('tocsin_last_failure_timestamp_seconds', { channel: 'down' })).toBe(
      failedAt,
    );
    expect(metrics.series('tocsin_last_failure_timestamp_seconds')).toHaveLength(1);

    // The group's wait passes: one digest goes out, and nothing is held any more.
    await scenario.until(() => scenario.manager.stats.digests.sent === 1);
    const after = (await scrape(server.url)).metrics;
    expect(after.value('tocsin_digests_total', { channel: 'digest', status: 'sent' })).toBe(1);
    expect(after.value('tocsin_digests_total', { channel: 'digest', status: 'failed' })).toBe(0);
    expect(after.value('tocsin_alerts_held', { channel: 'digest' })).toBe(0);
    expect(after.series('tocsin_resolved_notices_total')).toHaveLength(4 * 4);
    expect(after.series('tocsin_fallback_deliveries_total')).toHaveLength(4 * 4);
  });

  it('time every delivery in the histogram: its count is the deliveries the receiver saw, less retries', async () => {
    const scenario = opened(await startScenario());
    const server = opened(await serve(metricsHandler(scenario.manager)));
    await threeAlerts(scenario);
    await scenario.until(() => scenario.manager.stats.digests.sent === 1);
    const { metrics } = await scrape(server.url);
    const count = (channel: string, status: string) =>
      metrics.value('tocsin_delivery_duration_seconds_count', { channel, status });

    expect(count('ops', 'sent')).toBe(3);
    expect(count('down', 'failed')).toBe(2);
    expect(count('pager', 'sent')).toBe(1);
    expect(count('digest', 'sent')).toBe(1);
    expect(metrics.series('tocsin_delivery_duration_seconds_count')).toHaveLength(4);
    const deliveries = metrics
      .series('tocsin_delivery_duration_seconds_count')
      .reduce((sum, s) => sum + s.value, 0);
    const stats = scenario.manager.stats;
    expect(deliveries).toBe(scenario.sink.requests.length - stats.totalRetries);
    expect(deliveries).toBe(
      Object.values(stats.byChannel).reduce((sum, s) => sum + s.latency.samples, 0),
    );
    // Each failed delivery waited out one Retry-After of 1 s on the manager's clock.
    const downSum = metrics.value('tocsin_delivery_duration_seconds_sum', {
      channel: 'down',
      status: 'failed',
    });
    expect(downSum).toBeGreaterThanOrEqual(2);
    expect(
      metrics.value('tocsin_delivery_duration_seconds_bucket', {
        channel: 'down',
        status: 'failed',
        le: '0.5',
      }),
    ).toBe(0);
    expect(
      metrics.value('tocsin_delivery_duration_seconds_bucket', {
        channel: 'down',
        status: 'failed',
        le: '+Inf',
      }),
    ).toBe(2);
  });

  it('never show a webhook URL or its token, in a label, a help text or anywhere else', async () => {
    const scenario = opened(await startScenario());
    const server = opened(await serve(metricsHandler(scenario.manager)));
    await threeAlerts(scenario);
    const { text, metrics } = await scrape(server.url);
    expect(scenario.sink.requests[0]?.url).toContain(SECRET_TOKEN);
    expect(text).not.toContain(SECRET_TOKEN);
    expect(text).not.toContain(scenario.sink.url);
    expect(text).not.toContain(String(scenario.sink.port));
    // The labels are the entries' keys, the statuses and the breaker's states, nothing else.
    const labelValues = new Set(
      [...metrics.samples.keys()].flatMap((key) =>
        [...key.matchAll(/="([^"]*)"/g)].map((m) => m[1]),
      ),
    );
    for (const value of labelValues)
      expect(value).toMatch(
        /^(ops|down|pager|digest|sent|failed|throttled|filtered|silenced|inhibited|muted|deduplicated|grouped|circuit_open|closed|half_open|open|[0-9.]+|\+Inf)$/,
      );
  });

  it('answer HEAD without a body, and refuse other methods with 405 and Allow', async () => {
    const scenario = opened(await startScenario());
    const server = opened(await serve(metricsHandler(scenario.manager)));
    const head = await fetch(`${server.url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await head.text()).toBe('');
    const post = await fetch(`${server.url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await post.text()).toBe('POST is not allowed: metrics answer GET and HEAD\n');
  });

  it('serve one registry per manager, however many handlers are made of it', async () => {
    const scenario = opened(await startScenario());
    const first = opened(await serve(metricsHandler(scenario.manager)));
    const second = opened(await serve(metricsHandler(scenario.manager)));
    await scenario.send('Disk full');
    const a = (await scrape(first.url)).metrics;
    const b = (await scrape(second.url)).metrics;
    expect(
      a.value('tocsin_delivery_duration_seconds_count', { channel: 'ops', status: 'sent' }),
    ).toBe(1);
    expect([...b.samples]).toEqual([...a.samples]);
  });
});
