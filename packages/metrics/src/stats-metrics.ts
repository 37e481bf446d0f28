import type {
  AlertManager,
  AlertStats,
  AlertStatus,
  ChannelStats,
  CircuitState,
  NoticeStats,
  SpoolStats,
} from '@tocsin/core';
import { Counter, Gauge, type Metric } from 'prom-client';

/** Each status an alert can end in on an entry, and where `ChannelStats` counts it. */
const ALERT_COUNTS: Readonly<Record<AlertStatus, (stats: ChannelStats) => number>> = {
  sent: (s) => s.sent,
  failed: (s) => s.failed,
  throttled: (s) => s.throttled,
  filtered: (s) => s.filtered,
  silenced: (s) => s.silenced,
  inhibited: (s) => s.inhibited,
  muted: (s) => s.muted,
  deduplicated: (s) => s.deduplicated,
  grouped: (s) => s.grouped,
  circuit_open: (s) => s.circuitOpen,
};
const ALERT_STATUSES = Object.keys(ALERT_COUNTS) as AlertStatus[];

/** The outcomes of digests, RESOLVED notices and fallback deliveries, as status labels. */
const NOTICE_STATUSES = [
  ['sent', 'sent'],
  ['failed', 'failed'],
  ['throttled', 'throttled'],
  ['circuit_open', 'circuitOpen'],
] as const satisfies ReadonlyArray<readonly [AlertStatus, keyof NoticeStats]>;

const CIRCUIT_STATES: readonly CircuitState[] = ['closed', 'half_open', 'open'];

/** A metric with the name it is registered under (prom-client's types do not show it). */
export type NamedMetric = readonly [name: string, metric: Metric];

/**
 * The metrics read from `manager.stats` when scraped (prom-client's `collect`): they are
 * the stats' own figures, never counted a second time. Made on no registry:
 * `registerMetrics` registers them once it has checked their names are free.
 */
export function statsMetrics(manager: AlertManager, prefix: string): NamedMetric[] {
  const read = statsReader(manager);
  const counter = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: (this: Counter<L>) => void,
  ): NamedMetric => [
    prefix + name,
    new Counter<L>({ name: prefix + name, help, labelNames, registers: [], collect }),
  ];
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: (this: Gauge<L>) => void,
  ): NamedMetric => [
    prefix + name,
    new Gauge<L>({ name: prefix + name, help, labelNames, registers: [], collect }),
  ];
  /** A counter by channel and status, filled from each entry's stats. */
  const byStatus = (name: string, help: string, fill: (stats: ChannelStats) => StatusCounts) =>
    counter(name, help, ['channel', 'status'], function collect() {
      this.reset();
      for (const [channel, stats] of Object.entries(read().byChannel))
        for (const [status, value] of fill(stats)) this.inc({ channel, status }, value);
    });
  /** The outcomes of digests, RESOLVED notices or fallback deliveries. */
  const notices = (counts: NoticeStats): StatusCounts =>
    NOTICE_STATUSES.map(([status, field]) => [status, counts[field]]);
  /** A gauge by channel, from each entry's stats; `undefined` leaves the channel out. */
  const byChannel = (
    name: string,
    help: string,
    value: (stats: ChannelStats) => number | undefined,
  ) =>
    gauge(name, help, ['channel'], function collect() {
      this.reset();
      for (const [channel, stats] of Object.entries(read().byChannel)) {
        const v = value(stats);
        if (v !== undefined) this.set({ channel }, v);
      }
    });

  const metrics: NamedMetric[] = [
    counter(
      'alerts_accepted_total',
      'Alerts accepted by send, each once however many channels it matched.',
      [],
      function collect() {
        this.reset();
        this.inc(read().totalAlerts);
      },
    ),
    byStatus(
      'alerts_total',
      'Alerts by channel and the one status each ended in there (sent, failed, throttled, filtered, silenced, inhibited, muted, deduplicated, grouped, circuit_open).',
      (stats) => ALERT_STATUSES.map((status) => [status, ALERT_COUNTS[status](stats)]),
    ),
    byStatus(
      'digests_total',
      'Digests of grouped alerts by channel and outcome (sent, failed, throttled, circuit_open).',
      (stats) => notices(stats.digests),
    ),
    byStatus(
      'resolved_notices_total',
      'RESOLVED notices by channel and outcome (sent, failed, throttled, circuit_open).',
      (stats) => notices(stats.resolved),
    ),
    byStatus(
      'fallback_deliveries_total',
      "Deliveries a channel made as another channel's fallback tier, by outcome (sent, failed, throttled, circuit_open).",
      (stats) => notices(stats.fallback),
    ),
    counter(
      'retries_total',
      'Attempts made after a retryable failure (alerts, digests and notices), by channel.',
      ['channel'],
      function collect() {
        this.reset();
        for (const [channel, stats] of Object.entries(read().byChannel))
          this.inc({ channel }, stats.retries);
      },
    ),
    byChannel(
      'alerts_held',
      'Alerts held in groups and burst buffers now, waiting for their digest, by channel.',
      (stats) => stats.digests.pendingAlerts,
    ),
    gauge(
      'sends_in_flight',
      'Sends, digests and RESOLVED notices whose deliveries (retries included) are not all done.',
      [],
      function collect() {
        this.set(manager.sendsInFlight);
      },
    ),
    gauge(
      'circuit_state',
      'Circuit breaker state by channel: 1 for the state it is in (closed, half_open, open), 0 for the others. Channels without a breaker have none.',
      ['channel', 'state'],
      function collect() {
        this.reset();
        for (const [channel, stats] of Object.entries(read().byChannel)) {
          if (stats.circuit === null) continue;
          for (const state of CIRCUIT_STATES)
            this.set({ channel, state }, stats.circuit === state ? 1 : 0);
        }
      },
    ),
    byChannel(
      'last_failure_timestamp_seconds',
      'When a channel last failed to deliver (Unix time, seconds); channels that never failed have none.',
      (stats) => (stats.lastErrorAt === null ? undefined : Date.parse(stats.lastErrorAt) / 1000),
    ),
  ];
  if (manager.stats.spool !== undefined) metrics.push(...spoolMetrics(read, counter, gauge));
  return metrics;
}

/** The durable spool's figures, for a manager that has one (`spool`). */
function spoolMetrics(
  read: () => AlertStats,
  counter: (
    name: string,
    help: string,
    labels: [],
    collect: (this: Counter) => void,
  ) => NamedMetric,
  gauge: (name: string, help: string, labels: [], collect: (this: Gauge) => void) => NamedMetric,
): NamedMetric[] {
  const spool = () => read().spool as SpoolStats;
  const total = (name: string, help: string, value: (s: SpoolStats) => number) =>
    counter(name, help, [], function collect() {
      this.reset();
      this.inc(value(spool()));
    });
  return [
    gauge(
      'spool_alerts_pending',
      'Alerts journaled in the spool and not done yet (in flight, in backoff, in a group).',
      [],
      function collect() {
        this.set(spool().pending);
      },
    ),
    total('spool_alerts_journaled_total', 'Alerts journaled in the spool.', (s) => s.journaled),
    total(
      'spool_alerts_recovered_total',
      'Alerts of an earlier run that the spool sent again after a restart.',
      (s) => s.recovered,
    ),
    total(
      'spool_alerts_unjournaled_total',
      'Alerts delivered without being journaled: the spool tracked its maximum already.',
      (s) => s.unjournaled,
    ),
    total(
      'spool_write_errors_total',
      'Writes and syncs of the spool that the disk refused.',
      (s) => s.writeErrors,
    ),
  ];
}

type StatusCounts = ReadonlyArray<readonly [AlertStatus, number]>;

/**
 * `manager.stats`, read once per scrape: prom-client's `metrics()` calls every metric's
 * `collect` in one synchronous pass, so the snapshot is forgotten at the next microtask.
 */
function statsReader(manager: AlertManager): () => AlertStats {
  let snapshot: AlertStats | undefined;
  return () => {
    if (snapshot === undefined) {
      snapshot = manager.stats;
      queueMicrotask(() => {
        snapshot = undefined;
      });
    }
    return snapshot;
  };
}
