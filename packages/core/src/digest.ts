import type { Alert } from './alert.js';

/**
 * How many alerts of one fingerprint a notification stands for, and over what time: on an
 * alert sent after others of its fingerprint were deduplicated ("seen 37 times since
 * 14:02"), and on each line of a digest.
 */
export interface Occurrences {
  /** Alerts of the fingerprint this notification stands for, itself included. */
  readonly count: number;
  /** When the first of them happened. */
  readonly firstSeen: Date;
  /** When the last of them happened. */
  readonly lastSeen: Date;
}

/**
 * Set on a RESOLVED notice: the incident of the alert's fingerprint is over. Channels show
 * it as resolved (green, `[RESOLVED]`, `status: 'resolved'`) with how long it lasted.
 */
export interface Resolution {
  /** When the incident's first alert happened (Alertmanager's `startsAt`). */
  readonly startsAt: Date;
  /** When it was resolved (Alertmanager's `endsAt`). */
  readonly endsAt: Date;
  /** Alerts of the fingerprint during the incident, on the manager (the entry's, after an auto-resolve). */
  readonly count: number;
  /** `resolve`: `manager.resolve()` ended it; `timeout`: the entry's `autoResolve` passed with no alert. */
  readonly by: 'resolve' | 'timeout';
}

/** Why a digest was sent when it was. */
export type DigestReason =
  /** `group.wait` passed after the group's first alert. */
  | 'wait'
  /** `group.interval` passed since the group's last digest. */
  | 'interval'
  /** `group.maxWait` passed since the batch's first alert. */
  | 'max_wait'
  /** `group.maxAlerts` alerts arrived. */
  | 'max_alerts'
  /** `burst.threshold` alerts arrived (AlpineBits' immediate alert). */
  | 'threshold'
  /** `burst.buffer` passed since the buffer's first alert (AlpineBits' buffered alert). */
  | 'buffer'
  /** The manager closed and sent what it held. */
  | 'close';

/** One fingerprint in a digest: failnozzle's "4X Exception in view ... on host1, 1X; on host2, 3X". */
export interface DigestEntry extends Occurrences {
  readonly fingerprint: string;
  /** The first alert of the fingerprint in this batch: its title, body and labels stand for all. */
  readonly alert: Alert;
  /**
   * Counts per value of the group's `countBy` label (`host` by default), most first; alerts
   * without the label are not in it. At most 100 values; the rest are summed under `''`.
   */
  readonly counts: ReadonlyArray<readonly [value: string, count: number]>;
}

/**
 * What a group or a burst buffer sends as one message. A channel receives it as an alert
 * whose `digest` is this object: its `title` and `body` are a plain-text summary any channel
 * can show, and channels that know digests render the entries themselves.
 */
export interface Digest {
  /** The digest's id: the `digestId` on the result of every alert it carries. */
  readonly id: string;
  readonly reason: DigestReason;
  /** The values of the group's `by` labels (empty for a burst buffer or an ungrouped entry). */
  readonly groupLabels: Readonly<Record<string, string>>;
  /** The label `counts` are kept for. */
  readonly countBy: string;
  /** Alerts it stands for (the sum of the entries' counts, plus `otherAlerts`). */
  readonly total: number;
  /** One per fingerprint, most alerts first (ties: first seen first). */
  readonly entries: readonly DigestEntry[];
  /**
   * Alerts of fingerprints past the 10,000 a batch keeps apart: counted here, not listed.
   * Normally 0.
   */
  readonly otherAlerts: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
}
