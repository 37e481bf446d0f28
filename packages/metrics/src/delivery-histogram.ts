import type { AlertManager, DeliveryEvent } from '@tocsin/core';
import { Histogram } from 'prom-client';
import type { NamedMetric } from './stats-metrics.js';

/**
 * `delivery_duration_seconds{channel,status}`: one observation per delivery that ended
 * (sent or failed), its attempts and the waits between them included, told by the
 * manager's `delivery` event. Made on no registry (see `statsMetrics`); `stop` removes the
 * listener.
 */
export function deliveryHistogram(
  manager: AlertManager,
  prefix: string,
  buckets: number[],
): { named: NamedMetric; stop: () => void } {
  const name = `${prefix}delivery_duration_seconds`;
  const histogram = new Histogram<'channel' | 'status'>({
    name,
    help: 'Time to deliver an alert, digest or notice, from the first attempt to the last (retries and their waits included), by channel and outcome (sent, failed).',
    labelNames: ['channel', 'status'],
    buckets,
    registers: [],
  });
  const listener = ({ channel, result }: DeliveryEvent) =>
    histogram.observe({ channel, status: result.status }, result.durationMs / 1000);
  manager.on('delivery', listener);
  return { named: [name, histogram], stop: () => manager.off('delivery', listener) };
}
