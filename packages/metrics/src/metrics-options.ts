import type { Registry, RegistryContentType } from 'prom-client';

/** A prom-client registry of either text format (Prometheus' or OpenMetrics'). */
export type AnyRegistry = Registry<RegistryContentType>;

/** Options of `registerMetrics`. */
export interface MetricsOptions<R extends AnyRegistry = Registry> {
  /**
   * The registry to register on: the app's own (prom-client's global `register`, or one it
   * made) to serve Tocsin's metrics beside its others. @default a new `Registry`
   */
  registry?: R | undefined;
  /**
   * Put before every metric name: `tocsin_alerts_total`. Another prefix lets two managers
   * share one registry. Letters, digits, `_` and `:`, not starting with a digit; may be
   * empty. @default 'tocsin_'
   */
  prefix?: string | undefined;
  /**
   * Upper bounds, in seconds, of the delivery duration histogram's buckets, increasing.
   * A delivery's time includes its retries and the waits between them.
   * @default DEFAULT_DURATION_BUCKETS (10 ms to 2 min)
   */
  buckets?: readonly number[] | undefined;
}

/**
 * Buckets of `tocsin_delivery_duration_seconds`: a webhook answers in tens of milliseconds,
 * an SMTP server in hundreds; retries with backoff and a 30 s attempt timeout reach minutes.
 */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
];

const METRIC_NAME_PREFIX = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/;

/** What `registerMetrics` works with, checked. */
export interface ReadOptions {
  readonly registry: AnyRegistry | undefined;
  readonly prefix: string;
  readonly buckets: number[];
}

/** Check the options; bad ones throw `TypeError`/`RangeError` naming the option. */
export function readMetricsOptions(options: MetricsOptions<AnyRegistry>): ReadOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(
      `\`registerMetrics\` options must be an object (or nothing); got ${options === null ? 'null' : typeof options}`,
    );
  const { registry, prefix = 'tocsin_', buckets = DEFAULT_DURATION_BUCKETS } = options;
  if (
    registry !== undefined &&
    (typeof registry !== 'object' ||
      registry === null ||
      typeof (registry as Partial<AnyRegistry>).registerMetric !== 'function')
  )
    throw new TypeError('`registry` must be a prom-client Registry (or left out for a new one)');
  if (typeof prefix !== 'string' || !METRIC_NAME_PREFIX.test(prefix))
    throw new TypeError(
      `\`prefix\` must be letters, digits, "_" or ":", not starting with a digit (a Prometheus metric name's start); got ${JSON.stringify(prefix)}`,
    );
  return { registry, prefix, buckets: readBuckets(buckets) };
}

function readBuckets(buckets: readonly number[]): number[] {
  if (!Array.isArray(buckets) || buckets.length === 0)
    throw new TypeError('`buckets` must be a non-empty array of seconds, increasing');
  for (let i = 0; i < buckets.length; i++) {
    const bound = buckets[i];
    if (typeof bound !== 'number' || !Number.isFinite(bound) || bound <= 0)
      throw new RangeError(
        `\`buckets[${i}]\` must be a finite number of seconds > 0; got ${String(bound)}`,
      );
    if (i > 0 && bound <= (buckets[i - 1] as number))
      throw new RangeError(
        `\`buckets\` must increase: \`buckets[${i}]\` (${bound}) is not above \`buckets[${i - 1}]\` (${buckets[i - 1]})`,
      );
  }
  return [...buckets];
}
