import { epochOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import { nextAlertId } from '../alert-id.js';
import type { ClockTimer } from '../clock.js';
import type { DigestReason } from '../digest.js';
import { hash64 } from '../fingerprint.js';
import { alertRecord } from '../grouping/alert-record.js';
import { PagerWatch } from '../grouping/pager-watch.js';
import { sharedDigest } from '../grouping/shared-digest.js';
import { armGroupTimer, type GroupStageSettings, groupKey, groupLabels } from './group-stage.js';
import { type NoiseStore, type TakenWindow, whenKnown } from './noise-store.js';
import type { Halt, Stage, Verdict } from './stage.js';

export interface SharedGroupStageSettings extends GroupStageSettings {
  readonly store: NoiseStore;
  /** What the store's keys start with: the entry's key. */
  readonly scope: string;
  /**
   * Count a take in flight on the manager, so `close()` waits for the digest it may send;
   * call what it answers when done.
   */
  readonly hold: () => () => void;
}

/**
 * Held by a shared window: no `digestId`, since the digest that carries the alert may be
 * sent by another replica and never dispatched here ("grouped without digestId": held by a
 * shared store, not by this process).
 */
const GROUPED: Halt = { status: 'grouped' };
/** A take Redis could not answer is tried again this much later, while the window lasts. */
const RETRY_MS = 1000;
/** How long a window outlives its due time in the store: room for those retries. */
const GRACE_MS = 60_000;

/** What this replica knows of one group's shared window. */
interface SharedGroup {
  readonly key: string;
  readonly storeKey: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The window this replica added to last; undefined once taken (or found gone). */
  windowId: string | undefined;
  /** Alerts this replica added to it. */
  added: number;
  /** The window's count and opening (this clock), as of this replica's last add. */
  count: number;
  openedAt: number;
  lastFlushAt: number | undefined;
  /** When the store forgets the window (this clock): no retry past it. */
  expiresAt: number;
  timer: ClockTimer | undefined;
  timerAt: number;
}

/**
 * Grouping through a `NoiseStore` shared by replicas. Every replica adds its alerts to the
 * group's window in the store (the first add opens it and sets its open time); each
 * replica that added arms its own timer for the window's due time, computed by the same
 * policy from the store's counts and times; when a timer fires, the store hands the whole
 * window to exactly one replica (an atomic take), which sends one digest of every
 * replica's alerts; the others find it gone and send nothing. No replica owns a group, so
 * a replica that dies leaves its windows to the others' timers.
 *
 * Differences from `GroupStage`: `maxAlerts` and `threshold` are checked against the
 * window's count as each replica sees it after its own add; the pager window counts the
 * digests this replica sent; a replica that closes sends the windows it added to at once
 * (with the others' alerts in them).
 */
export class SharedGroupStage implements Stage {
  readonly name = 'group';
  private readonly groups = new Map<string, SharedGroup>();
  private readonly pager: PagerWatch | undefined;
  private closed = false;

  constructor(private readonly settings: SharedGroupStageSettings) {
    this.pager = settings.pager && new PagerWatch(settings.pager, settings.page);
  }

  check(alert: Alert, now: number): Verdict | PromiseLike<Verdict> {
    const { bypassLevel, by, countBy, policy, store } = this.settings;
    if (bypassLevel !== undefined && alert.level >= bypassLevel) return undefined;
    const key = by.length === 0 ? '' : groupKey(alert, by);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = {
        key,
        storeKey: `${this.settings.scope}:group:${hash64(key)}`,
        labels: groupLabels(alert, by),
        windowId: undefined,
        added: 0,
        count: 0,
        openedAt: now,
        lastFlushAt: undefined,
        expiresAt: now,
        timer: undefined,
        timerAt: 0,
      };
      this.groups.set(key, group);
    }
    const item = {
      fingerprint: alert.fingerprint,
      epoch: epochOf(alert),
      value: alert.labels[countBy],
      alert: alertRecord(alert),
    };
    const ttlMs = policy.horizonMs + GRACE_MS;
    const known = group;
    return whenKnown(store.add(group.storeKey, item, nextAlertId(), ttlMs, now), (state) => {
      const at = this.settings.clock.now();
      if (known.windowId !== state.id) {
        known.windowId = state.id;
        known.added = 0;
      }
      known.added++;
      known.count = state.count;
      known.openedAt = at - state.openedAgoMs;
      known.lastFlushAt = state.flushedAgoMs === undefined ? undefined : at - state.flushedAgoMs;
      known.expiresAt = at + ttlMs;
      const due = policy.due(known, known.lastFlushAt, at);
      // The manager closed while the store answered: no timer would fire; its send holds
      // the close until this take has counted itself in flight.
      if (this.closed) this.take(known, 'close', at);
      else if (due <= at) this.take(known, undefined, at);
      else if (known.timer === undefined || known.timerAt > due) this.arm(known, due, at);
      return GROUPED;
    });
  }

  /** Windows this replica added to and has not seen taken, and its alerts in them. */
  get pending(): { batches: number; alerts: number } {
    let batches = 0;
    let alerts = 0;
    for (const group of this.groups.values()) {
      if (group.windowId === undefined) continue;
      batches++;
      alerts += group.added;
    }
    return { batches, alerts };
  }

  /**
   * The manager closes (or the entry is removed): take every window this replica added to
   * now, so none waits for a timer that will not fire; stop every timer.
   */
  flushAll(now: number): void {
    this.closed = true;
    for (const group of this.groups.values()) {
      group.timer?.clear();
      group.timer = undefined;
      if (group.windowId !== undefined) this.take(group, 'close', now);
    }
    this.groups.clear();
  }

  private arm(group: SharedGroup, at: number, now: number): void {
    armGroupTimer(group, this.settings.clock, at, now, () => this.fire(group));
  }

  private fire(group: SharedGroup): void {
    group.timer = undefined;
    const now = this.settings.clock.now();
    if (group.windowId === undefined) {
      // Nothing added since the last take: forget the group (a new alert starts afresh).
      this.groups.delete(group.key);
      return;
    }
    const due = this.settings.policy.due(group, group.lastFlushAt, now);
    if (due <= now) this.take(group, undefined, now);
    else this.arm(group, due, now);
  }

  /** Ask the store for the window; `reason` undefined: the policy's, from what was taken. */
  private take(group: SharedGroup, reason: DigestReason | undefined, now: number): void {
    const id = group.windowId as string;
    const { policy, store, clock } = this.settings;
    const lastFlushAt = group.lastFlushAt;
    const release = this.settings.hold();
    let answer: TakenWindow | undefined | PromiseLike<TakenWindow | undefined>;
    try {
      answer = store.take(group.storeKey, id, policy.retireAfterMs, now);
    } catch (error) {
      answer = Promise.reject(error);
    }
    const taken = (window: TakenWindow | undefined) => {
      const at = clock.now();
      if (group.windowId === id) {
        group.windowId = undefined;
        group.added = 0;
      }
      if (window !== undefined) {
        group.lastFlushAt = at;
        const timing = { count: window.count, openedAt: at - window.openedAgoMs };
        this.send(group, window, reason ?? policy.reason(timing, lastFlushAt, at));
      }
      // Kept `retireAfterMs`, as `GroupStage` keeps a group after its digest.
      if (!this.closed && group.timer === undefined) this.arm(group, at + policy.retireAfterMs, at);
      release();
    };
    const failed = () => {
      release();
      // The window is still in the store: try again while it lasts (another replica may).
      const at = clock.now();
      if (!this.closed && group.windowId === id && at + RETRY_MS < group.expiresAt)
        this.arm(group, at + RETRY_MS, at);
    };
    whenKnown(answer, taken, failed);
  }

  private send(group: SharedGroup, window: TakenWindow, reason: DigestReason): void {
    const { countBy } = this.settings;
    const digest = sharedDigest(window, reason, group.labels, countBy);
    const only = window.count === 1 ? digest.entries[0]?.alert : undefined;
    this.settings.flush(digest, only);
    this.pager?.digestSent(window.count);
  }
}
