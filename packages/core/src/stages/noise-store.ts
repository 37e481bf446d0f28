import { isThenable } from '../is-thenable.js';

/**
 * Where an entry's deduplication and groups keep the state that replicas share, so N
 * processes send one notification per fingerprint and one digest per group between them.
 * Without a store (the default) each entry keeps that state in its own stages, in memory,
 * as it always did: a store is asked for only when one is given (`addChannel`'s `noiseStore`).
 *
 * Each method may answer synchronously (`MemoryNoiseStore`, which managers in one process
 * may share) or with a promise (`RedisNoiseStore` of `@tocsin/redis`). Keys are made by the
 * stages: the entry's key, then what the state is of, so entries of the same key in every
 * replica share their state. Times are milliseconds; `now` is the calling manager's clock,
 * which a store shared across processes ignores (it reads its own, e.g. the Redis server's).
 */
export interface NoiseStore {
  /**
   * Deduplication: whether the caller notifies this fingerprint now. The first caller in
   * `ttlMs` claims it (Redis `SET NX PX`) and gets the count held since the last claim;
   * the others are refused and counted as held. `extend`: a refused call keeps the claim
   * alive `ttlMs` more (`until-resolved`: the claim ends once the fingerprint is quiet).
   * `epoch`: the alert's time (epoch ms), for "seen since".
   */
  claim(key: string, ttlMs: number, extend: boolean, epoch: number, now: number): Maybe<Claim>;
  /**
   * A claimed notification was not delivered (failed, throttled): the claim ends and its
   * `count` alerts since `sinceEpoch` are held again, for the next notification to carry.
   */
  release(key: string, ttlMs: number, count: number, sinceEpoch: number, now: number): Maybe<void>;
  /** A resolve: the fingerprint's claim and held count go; its next alert notifies. */
  forget(key: string): Maybe<void>;
  /**
   * Grouping: add one alert to the window open for a group (opening it, with `id`, when none
   * is). The window lasts `ttlMs` after this add at least; the store forgets it after that.
   */
  add(key: string, item: WindowItem, id: string, ttlMs: number, now: number): Maybe<WindowState>;
  /**
   * Take the window `id` of a group whole, atomically, and delete it: exactly one caller
   * gets it; the others (and a caller whose window was taken already) get `undefined`. The
   * group's last flush is remembered `retireMs`, for the policy's interval or cooldown.
   * A store that cannot be reached rejects: the window is still there to be taken later.
   */
  take(key: string, id: string, retireMs: number, now: number): Maybe<TakenWindow | undefined>;
}

/** A value now, or later. */
export type Maybe<T> = T | PromiseLike<T>;

/** What `claim` answers. */
export interface Claim {
  /** The caller notifies (it claimed the fingerprint); else it is deduplicated. */
  readonly claimed: boolean;
  /** With a claim: alerts held since the last notification (0 for none), since when (epoch ms). */
  readonly held: number;
  readonly heldSince: number;
}

/** What an alert brings to a group's window: plain data, as a store may keep it elsewhere. */
export interface WindowItem {
  readonly fingerprint: string;
  /** The alert's time, epoch ms. */
  readonly epoch: number;
  /** Its `countBy` label's value, if it has one. */
  readonly value: string | undefined;
  /** The alert, kept when it is the first of its fingerprint in the window. */
  readonly alert: AlertRecord;
}

/** An alert as plain data (JSON): what a digest shows of a fingerprint's first alert. */
export interface AlertRecord {
  readonly id: string;
  readonly title: string;
  readonly formattedTitle: string;
  readonly body: string;
  readonly level: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly source?: string | undefined;
  readonly epoch: number;
  readonly dedupKey?: string | undefined;
  readonly fingerprint: string;
}

/** A group's window after an add, as the store sees it. */
export interface WindowState {
  /** The window's id: that of the add that opened it. */
  readonly id: string;
  /** Alerts in it, from every caller. */
  readonly count: number;
  /** How long ago (ms, the store's clock) it opened. */
  readonly openedAgoMs: number;
  /** How long ago the group's last window was taken; undefined when none was lately. */
  readonly flushedAgoMs: number | undefined;
}

/** A window taken whole: every caller's alerts, folded by fingerprint. */
export interface TakenWindow {
  readonly id: string;
  readonly count: number;
  readonly openedAgoMs: number;
  /** In first-seen order. At most 10,000; the alerts of other fingerprints are `otherAlerts`. */
  readonly entries: readonly TakenEntry[];
  readonly otherAlerts: number;
}

export interface TakenEntry {
  readonly fingerprint: string;
  readonly alert: AlertRecord;
  readonly count: number;
  readonly firstEpoch: number;
  readonly lastEpoch: number;
  /** Alerts per `countBy` value (at most 100 values; the rest under `''`). */
  readonly counts: ReadonlyArray<readonly [string, number]>;
}

/** `value` when it is there, else the promise's `then`: no await on a synchronous store. */
export function whenKnown<T, R>(
  value: Maybe<T>,
  next: (value: T) => R,
  failed?: (error: unknown) => R,
): R | PromiseLike<R> {
  if (isThenable(value)) return (value as PromiseLike<T>).then(next, failed);
  return next(value as T);
}
