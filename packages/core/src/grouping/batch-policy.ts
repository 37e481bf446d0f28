import type { DigestReason } from '../digest.js';

/** What a policy reads of a batch to decide when it goes out. */
export interface BatchTiming {
  /** Alerts in the batch. */
  readonly count: number;
  /** Clock time of the batch's first alert. */
  readonly openedAt: number;
}

/**
 * When a group's batch goes out: Alertmanager's grouping or AlpineBits' burst policy.
 * `due` runs for every alert, so it answers a number; `reason` runs once per digest.
 */
export interface BatchPolicy {
  /**
   * When the batch is due, clock ms (at or before `now`: at once). `lastFlushAt`: clock
   * time of the group's last digest; undefined before the first.
   */
  due(batch: BatchTiming, lastFlushAt: number | undefined, now: number): number;
  /** Why a batch due now goes: what `due` found. */
  reason(batch: BatchTiming, lastFlushAt: number | undefined, now: number): DigestReason;
  /** A group with nothing new this long after its last digest is forgotten (ms). */
  readonly retireAfterMs: number;
  /** The longest from an alert's arrival to its batch being due (ms): how long a shared store keeps a window. */
  readonly horizonMs: number;
}

/** Milliseconds, limits applied: see `GroupOptions`. */
export interface GroupTiming {
  readonly waitMs: number;
  readonly intervalMs: number;
  /** Infinity when not set. */
  readonly maxWaitMs: number;
  readonly maxAlerts: number;
}

/**
 * Alertmanager's group_wait / group_interval, plus two bounds of ours: the first digest of
 * a group `wait` after its first alert, later ones at most once per `interval`; never later
 * than `maxWait` after a batch's first alert, and at once at `maxAlerts`.
 */
export function groupPolicy(timing: GroupTiming): BatchPolicy {
  const { waitMs, intervalMs, maxWaitMs, maxAlerts } = timing;
  return {
    retireAfterMs: intervalMs,
    horizonMs: Math.max(waitMs, intervalMs),
    due(batch, lastFlushAt, now) {
      if (batch.count >= maxAlerts) return now;
      const afterWait = batch.openedAt + waitMs;
      const afterInterval = lastFlushAt === undefined ? afterWait : lastFlushAt + intervalMs;
      return Math.min(Math.max(afterWait, afterInterval), batch.openedAt + maxWaitMs);
    },
    reason(batch, lastFlushAt) {
      if (batch.count >= maxAlerts) return 'max_alerts';
      const afterWait = batch.openedAt + waitMs;
      const afterInterval = lastFlushAt === undefined ? afterWait : lastFlushAt + intervalMs;
      if (batch.openedAt + maxWaitMs < Math.max(afterWait, afterInterval)) return 'max_wait';
      return afterInterval > afterWait ? 'interval' : 'wait';
    },
  };
}

/** Milliseconds, limits applied: see `BurstOptions`. */
export interface BurstTiming {
  readonly threshold: number;
  readonly bufferMs: number;
  readonly cooldownMs: number;
}

/**
 * AlpineBits' hybrid policy: at `threshold` alerts the batch goes at once ("5 errors
 * (threshold exceeded)"); else when `buffer` has passed since its first alert ("buffered");
 * and after any digest nothing goes for `cooldown`: what arrives meanwhile waits for it.
 */
export function burstPolicy(timing: BurstTiming): BatchPolicy {
  const { threshold, bufferMs, cooldownMs } = timing;
  return {
    retireAfterMs: cooldownMs,
    horizonMs: Math.max(bufferMs, cooldownMs),
    due(batch, lastFlushAt, now) {
      const cooledAt =
        lastFlushAt === undefined ? Number.NEGATIVE_INFINITY : lastFlushAt + cooldownMs;
      if (batch.count >= threshold) return Math.max(now, cooledAt);
      return Math.max(batch.openedAt + bufferMs, cooledAt);
    },
    reason: (batch) => (batch.count >= threshold ? 'threshold' : 'buffer'),
  };
}
