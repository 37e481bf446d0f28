import type { AlertManager } from '@tocsin/core';
import { Registry } from 'prom-client';
import { deliveryHistogram } from './delivery-histogram.js';
import { type AnyRegistry, type MetricsOptions, readMetricsOptions } from './metrics-options.js';
import { statsMetrics } from './stats-metrics.js';

/** What `registerMetrics` returns. */
export interface MetricsHandle<R extends AnyRegistry = Registry> {
  /** The registry the metrics are on: serve it with `metricsHandler(handle.registry)`. */
  readonly registry: R;
  /** Remove Tocsin's metrics from the registry and stop observing deliveries. Idempotent. */
  unregister(): void;
}

/**
 * Expose a manager's stats as Prometheus metrics on a prom-client registry: alerts by
 * channel and status, digests, RESOLVED notices, fallbacks, retries, alerts held in groups,
 * sends in flight, circuit states (all read from `manager.stats` when scraped) and a
 * histogram of delivery durations. See docs/metrics.md.
 * @throws TypeError for bad options, or when the registry already has a metric of one of
 *   these names (another manager's: give it another `prefix`)
 */
export function registerMetrics<R extends AnyRegistry = Registry>(
  manager: AlertManager,
  options: MetricsOptions<R> = {},
): MetricsHandle<R> {
  if (typeof manager?.send !== 'function' || typeof manager.sendsInFlight !== 'number')
    throw new TypeError('`manager` must be an AlertManager');
  const { registry = new Registry(), prefix, buckets } = readMetricsOptions(options);
  const { named, stop } = deliveryHistogram(manager, prefix, buckets);
  // The names are kept: prom-client renames counters on an OpenMetrics registry's scrape.
  const metrics = [...statsMetrics(manager, prefix), named];
  const taken = metrics
    .map(([name]) => name)
    .filter((name) => registry.getSingleMetric(name) !== undefined);
  if (taken.length > 0) {
    stop();
    throw new TypeError(
      `the registry already has ${taken.join(', ')}: register each manager on its own registry, or give it another \`prefix\``,
    );
  }
  for (const [, metric] of metrics) registry.registerMetric(metric);
  let registered = true;
  return {
    // `options.registry` when given, else a new one: the type `R` defaults to.
    registry: registry as R,
    unregister() {
      if (!registered) return;
      registered = false;
      stop();
      // Only ours: the app may have cleared the registry and registered others since.
      for (const [name, metric] of metrics)
        if (registry.getSingleMetric(name) === metric) registry.removeSingleMetric(name);
    },
  };
}
