import { AlertManager } from '@tocsin/core';
import { MemoryChannel, quietLogger, tempDir } from '@tocsin/test-kit';
import { closeAfterEach } from '@tocsin/test-kit/vitest';
import {
  Counter,
  type Histogram,
  type OpenMetricsContentType,
  Registry,
  register,
} from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricsHandler, registerMetrics } from '../src/index.js';
import { parseExposition } from './exposition.js';
import { serve, startScenario } from './scenario.js';

const opened = closeAfterEach();

function memoryManager() {
  const manager = new AlertManager({ logger: quietLogger }).addChannel(new MemoryChannel(), {
    key: 'ops',
  });
  return opened(manager);
}

const scrapeOf = async (registry: { metrics(): Promise<string> }) =>
  parseExposition(await registry.metrics());

describe('registerMetrics', () => {
  it('shows the durable spool of a manager that has one, as its stats say', async () => {
    const dir = await tempDir();
    try {
      const manager = new AlertManager({ logger: quietLogger, spool: { dir: dir.path } });
      manager.addChannel(new MemoryChannel(), { key: 'ops', group: { wait: 60 } });
      const { registry } = registerMetrics(manager);
      await manager.send([{ title: 'Disk full' }, { title: 'Disk slow' }]);
      const metrics = await scrapeOf(registry);
      expect(metrics.value('tocsin_spool_alerts_pending')).toBe(2);
      expect(metrics.value('tocsin_spool_alerts_journaled_total')).toBe(2);
      expect(metrics.value('tocsin_spool_alerts_recovered_total')).toBe(0);
      expect(metrics.value('tocsin_spool_write_errors_total')).toBe(0);
      await manager.close();
      expect((await scrapeOf(registry)).value('tocsin_spool_alerts_pending')).toBe(0);
    } finally {
      await dir.remove();
    }
    // Without a spool, no spool metrics.
    const plain = await scrapeOf(registerMetrics(memoryManager()).registry);
    expect(plain.value('tocsin_spool_alerts_pending')).toBeUndefined();
  });

  it("puts the metrics on the app's own registry, beside its own, served by one handler", async () => {
    const registry = new Registry();
    const requests = new Counter({
      name: 'app_requests_total',
      help: 'Requests served.',
      registers: [registry],
    });
    requests.inc(7);
    const manager = memoryManager();
    const handle = registerMetrics(manager, { registry });
    expect(handle.registry).toBe(registry);
    await manager.send({ title: 'Disk full' });

    const server = opened(await serve(metricsHandler(registry)));
    const metrics = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
    expect(metrics.value('app_requests_total')).toBe(7);
    expect(metrics.value('tocsin_alerts_total', { channel: 'ops', status: 'sent' })).toBe(1);
    expect(metrics.types.get('tocsin_alerts_total')).toBe('counter');
    expect(metrics.types.get('tocsin_delivery_duration_seconds')).toBe('histogram');
    expect(metrics.types.get('tocsin_circuit_state')).toBe('gauge');
  });

  it("works on prom-client's global register, and unregister() leaves it as it was", async () => {
    const before = (await register.getMetricsAsJSON()).map((m) => m.name);
    const manager = memoryManager();
    const handle = registerMetrics(manager, { registry: register });
    await manager.send({ title: 'Disk full' });
    expect((await scrapeOf(register)).value('tocsin_alerts_accepted_total')).toBe(1);
    handle.unregister();
    expect((await register.getMetricsAsJSON()).map((m) => m.name)).toEqual(before);
  });

  it('unregister() removes every metric and stops timing deliveries; the names are free again', async () => {
    const registry = new Registry();
    const own = new Counter({ name: 'app_jobs_total', help: 'Jobs.', registers: [registry] });
    const manager = memoryManager();
    const handle = registerMetrics(manager, { registry });
    const histogram = registry.getSingleMetric('tocsin_delivery_duration_seconds') as Histogram;
    await manager.send({ title: 'one' });
    handle.unregister();
    handle.unregister();
    expect(registry.getMetricsAsArray()).toEqual([own]);
    expect(await registry.metrics()).not.toContain('tocsin_');

    await manager.send({ title: 'two' });
    const observed = (await histogram.get()).values.find(
      (v) => v.metricName === 'tocsin_delivery_duration_seconds_count',
    );
    expect(observed?.value).toBe(1);
    // Registered again: a fresh histogram, the stats' counters as they are.
    registerMetrics(manager, { registry });
    await manager.send({ title: 'three' });
    const metrics = await scrapeOf(registry);
    expect(metrics.value('tocsin_alerts_total', { channel: 'ops', status: 'sent' })).toBe(3);
    expect(
      metrics.value('tocsin_delivery_duration_seconds_count', { channel: 'ops', status: 'sent' }),
    ).toBe(1);
  });

  it('refuses a second manager on the same names, and takes it under another prefix', async () => {
    const registry = new Registry();
    const first = memoryManager();
    const second = memoryManager();
    registerMetrics(first, { registry });
    expect(() => registerMetrics(second, { registry })).toThrow(
      /^the registry already has tocsin_alerts_accepted_total, tocsin_alerts_total, .*tocsin_delivery_duration_seconds: register each manager on its own registry, or give it another `prefix`$/,
    );
    registerMetrics(second, { registry, prefix: 'tocsin_batch_' });
    await first.send({ title: 'a' });
    await second.send([{ title: 'b' }, { title: 'c' }]);
    const metrics = await scrapeOf(registry);
    expect(metrics.value('tocsin_alerts_accepted_total')).toBe(1);
    expect(metrics.value('tocsin_batch_alerts_accepted_total')).toBe(2);
    // The refused registration left no listener behind: first's histogram counts its own.
    expect(
      metrics.value('tocsin_delivery_duration_seconds_count', { channel: 'ops', status: 'sent' }),
    ).toBe(1);
  });

  it('uses the buckets it is given, in seconds', async () => {
    const manager = memoryManager();
    const { registry } = registerMetrics(manager, { buckets: [0.5, 2] });
    await manager.send({ title: 'a' });
    const buckets = (await scrapeOf(registry))
      .series('tocsin_delivery_duration_seconds_bucket')
      .map((s) => s.labels.le);
    expect(buckets).toEqual(['0.5', '2', '+Inf']);
  });

  it('serves an OpenMetrics registry, and unregisters from it after a scrape', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const manager = memoryManager();
    const handle = registerMetrics(manager, { registry });
    await manager.send({ title: 'a' });
    const server = opened(await serve(metricsHandler(registry)));
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).toBe(
      'application/openmetrics-text; version=1.0.0; charset=utf-8',
    );
    const text = await response.text();
    expect(text).toContain('tocsin_alerts_total{channel="ops",status="sent"} 1\n');
    expect(text.endsWith('# EOF\n')).toBe(true);
    handle.unregister();
    expect(registry.getMetricsAsArray()).toEqual([]);
  });

  it('counts sends in flight while a delivery waits on its receiver', async () => {
    const scenario = opened(await startScenario());
    const { registry } = registerMetrics(scenario.manager);
    scenario.sink.reply({ hang: true });
    const sending = scenario.manager.send({ title: 'Disk full' }, { channel: 'ops' });
    await scenario.sink.waitForRequests(1);
    expect((await scrapeOf(registry)).value('tocsin_sends_in_flight')).toBe(1);
    // The attempt times out (30 s on the manager's clock): failed, nothing in flight.
    let done = false;
    void sending.then(() => {
      done = true;
    });
    await scenario.until(() => done);
    expect((await sending).map((r) => r.status)).toEqual(['failed']);
    const metrics = await scrapeOf(registry);
    expect(metrics.value('tocsin_sends_in_flight')).toBe(0);
    const bucket = (le: string) =>
      metrics.value('tocsin_delivery_duration_seconds_bucket', {
        channel: 'ops',
        status: 'failed',
        le,
      });
    expect([bucket('10'), bucket('30'), bucket('60')]).toEqual([0, 1, 1]);
  });

  it('checks its options, naming the one that is wrong', () => {
    const manager = memoryManager();
    expect(() => registerMetrics(manager, { prefix: '9lives_' })).toThrow(
      'must be letters, digits, "_" or ":", not starting with a digit',
    );
    expect(() => registerMetrics(manager, { prefix: 'tocsin-' })).toThrow(/^`prefix`/);
    expect(() => registerMetrics(manager, { buckets: [] })).toThrow(
      '`buckets` must be a non-empty array of seconds, increasing',
    );
    expect(() => registerMetrics(manager, { buckets: [1, 0.5] })).toThrow(
      '`buckets` must increase: `buckets[1]` (0.5) is not above `buckets[0]` (1)',
    );
    expect(() => registerMetrics(manager, { buckets: [0, 1] })).toThrow(
      '`buckets[0]` must be a finite number of seconds > 0; got 0',
    );
    expect(() => registerMetrics(manager, { registry: {} as Registry })).toThrow(
      '`registry` must be a prom-client Registry',
    );
    expect(() => registerMetrics({} as AlertManager)).toThrow('`manager` must be an AlertManager');
    expect(() => metricsHandler({} as Registry)).toThrow(
      '`metricsHandler` takes an AlertManager or a prom-client Registry',
    );
  });
});
