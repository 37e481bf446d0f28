import { defaultLogger, type Logger } from './logger.js';

/**
 * Hard limits: the one table every source of settings passes through (code defaults,
 * config file, preset, explicit options). Out-of-range values are clamped with a warning;
 * values that are not finite numbers are errors. Seconds for `per`, `timeout` and every
 * duration of deduplication, grouping and bursts.
 */
export const LIMITS = {
  rate: { min: 1, max: 1000, label: 'throttle.rate' },
  per: { min: 1, max: 86_400, label: 'throttle.per' },
  burst: { min: 1, max: 1000, label: 'throttle.burst' },
  timeout: { min: 1, max: 120, label: 'channel.timeout' },
  maxRetries: { min: 0, max: 5, label: 'channel.max_retries', integer: true },
  repeatInterval: { min: 1, max: 2_592_000, label: 'channel.repeat_interval' },
  groupWait: { min: 0, max: 86_400, label: 'group.wait' },
  groupInterval: { min: 1, max: 86_400, label: 'group.interval' },
  groupMaxWait: { min: 1, max: 86_400, label: 'group.max_wait' },
  /** Also the most fingerprints one batch keeps apart. */
  groupMaxAlerts: { min: 1, max: 10_000, label: 'group.max_alerts', integer: true },
  burstThreshold: { min: 1, max: 10_000, label: 'burst.threshold', integer: true },
  burstBuffer: { min: 1, max: 86_400, label: 'burst.buffer' },
  burstCooldown: { min: 0, max: 86_400, label: 'burst.cooldown' },
  pagerLimit: { min: 1, max: 1_000_000, label: 'pager.limit', integer: true },
  pagerFlushes: { min: 1, max: 100, label: 'pager.flushes', integer: true },
  /** Seconds after its last alert that a fingerprint stops firing (Alertmanager's resolve_timeout). */
  resolveTimeout: { min: 1, max: 2_592_000, label: 'resolve_timeout' },
  /** An entry's auto-resolve: seconds without an alert after which its incident ends. */
  autoResolve: { min: 1, max: 2_592_000, label: 'channel.auto_resolve' },
  breakerFailures: { min: 1, max: 1000, label: 'circuit_breaker.failure_threshold', integer: true },
  breakerRecovery: { min: 1, max: 86_400, label: 'circuit_breaker.recovery_timeout' },
  breakerSuccesses: { min: 1, max: 100, label: 'circuit_breaker.success_threshold', integer: true },
  /** A dead-letter file past this many bytes is rotated: 64 KiB..1 GiB. */
  deadLetterFileBytes: {
    min: 65_536,
    max: 1_073_741_824,
    label: 'dead_letters.max_file_bytes',
    integer: true,
  },
  deadLetterFiles: { min: 1, max: 100, label: 'dead_letters.max_files', integer: true },
  /** Seconds between the spool's syncs to disk in `batched` mode: what a power loss can take. */
  spoolSyncInterval: { min: 0.01, max: 60, label: 'spool.sync_interval' },
  /** The spool's journal is compacted past this many bytes: 64 KiB..1 GiB. */
  spoolFileBytes: { min: 65_536, max: 1_073_741_824, label: 'spool.max_file_bytes', integer: true },
  /** Alerts the spool tracks at once (each keeps its journal line in memory). */
  spoolAlerts: { min: 1, max: 1_000_000, label: 'spool.max_alerts', integer: true },
  /** Alert conditions: how long a fingerprint is quiet before its return is a regression. */
  conditionQuiet: { min: 1, max: 2_592_000, label: 'conditions.regression.quiet' },
  conditionCount: { min: 1, max: 1_000_000, label: 'conditions.frequency.count', integer: true },
  conditionWindow: { min: 1, max: 2_592_000, label: 'conditions.frequency.window' },
  /** Fingerprints an entry's conditions remember (about 100 bytes each); the least recent go first. */
  conditionFingerprints: {
    min: 1,
    max: 1_000_000,
    label: 'conditions.max_fingerprints',
    integer: true,
  },
  /** `tocsin serve`: the largest request body, 1 KiB..64 MiB. */
  serveBodyBytes: { min: 1024, max: 67_108_864, label: 'serve.max_body_bytes', integer: true },
  /** `tocsin serve`: requests per period (or burst) a source may make. */
  serveRate: { min: 1, max: 1_000_000, label: 'serve.rate_limit.rate' },
  /** `tocsin serve`: alerts accepted but not yet delivered. */
  servePending: { min: 1, max: 1_000_000, label: 'serve.max_pending', integer: true },
  /** Latency samples kept per channel: 8 bytes each. */
  latencyWindow: { min: 1, max: 100_000, label: 'latencyWindow', integer: true },
} as const;

export type LimitName = keyof typeof LIMITS;

/** Firing fingerprints tracked at most (`manager.active()`, inhibition); the oldest go first. */
export const MAX_FIRING = 100_000;

/** Bounds of the tables an alert may carry (`alert.tables`): a message stays readable and small. */
export const TABLE_LIMITS = {
  tables: 20,
  columns: 20,
  rows: 500,
  /** Characters of a cell or heading; longer cells end in `…`. */
  cellChars: 500,
  titleChars: 200,
} as const;

/** Scheduled reports: fingerprints tracked per period (the rest are counted as others), and the most listed. */
export const REPORT_LIMITS = { fingerprints: 10_000, top: 100 } as const;

/** Built-in defaults, lowest in precedence (kstlib's). Seconds for `per` and `timeout`. */
export const DEFAULTS = {
  throttle: { rate: 10, per: 60 },
  timeout: 30,
  maxRetries: 2,
  latencyWindow: 1000,
  /** Alertmanager's resolve_timeout. */
  resolveTimeout: 300,
  /** Alertmanager's group_wait and group_interval; our bound on a batch. */
  group: { wait: 30, interval: 300, maxAlerts: 10_000, countBy: 'host' },
  /** The reference design's circuit breaker: 5 failures, 60 s open, 2 probes. */
  circuitBreaker: { failureThreshold: 5, recoveryTimeout: 60, successThreshold: 2 },
  /** Alert conditions: a fingerprint quiet for an hour regresses when it returns. */
  conditions: { quiet: 3600, maxFingerprints: 10_000 },
  /** AlpineBits' defaults: threshold 5, buffer 15 min, cooldown 15 min. */
  burst: { threshold: 5, buffer: 900, cooldown: 900 },
  /** At most 5 files of 10 MiB: 50 MiB of dead letters. */
  deadLetters: { maxFileBytes: 10_485_760, maxFiles: 5 },
  /** Synced at least once a second; compacted past 16 MiB; 100,000 alerts tracked. */
  spool: { syncInterval: 1, maxFileBytes: 16_777_216, maxAlerts: 100_000 },
} as const;

export interface LimitContext {
  /** Where the value came from, for the warning: `'AlertThrottle options'`, `'tocsin.config.yaml'`. */
  source?: string;
  logger?: Logger;
  /** A tighter upper bound than the table's (burst is bounded by the bucket's rate). */
  max?: number;
}

/**
 * Bring `value` inside the hard limit for `name`. Clamps with one warning naming the
 * value, its source and the result.
 * @throws TypeError when `value` is not a number; RangeError when it is NaN or infinite.
 */
export function applyLimit(name: LimitName, value: unknown, context: LimitContext = {}): number {
  const limit = LIMITS[name];
  if (typeof value !== 'number') {
    throw new TypeError(
      `\`${limit.label}\` must be a number; got ${typeof value}${sourceSuffix(context)}`,
    );
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `\`${limit.label}\` must be a finite number; got ${String(value)}${sourceSuffix(context)}`,
    );
  }
  const max = context.max === undefined ? limit.max : Math.min(limit.max, context.max);
  let result = Math.min(max, Math.max(limit.min, value));
  if ('integer' in limit && limit.integer) result = Math.floor(result);
  if (result !== value) {
    const bound = value < limit.min ? `below the minimum ${limit.min}` : `above the maximum ${max}`;
    (context.logger ?? defaultLogger).warn(
      `${limit.label} ${value}${sourceSuffix(context)} is ${Number.isInteger(value) || !('integer' in limit) ? bound : 'not a whole number'}; using ${result}`,
    );
  }
  return result;
}

function sourceSuffix(context: LimitContext): string {
  return context.source === undefined ? '' : ` (from ${context.source})`;
}
