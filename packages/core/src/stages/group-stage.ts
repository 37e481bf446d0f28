import type { Alert } from '../alert.js';
import { nextAlertId } from '../alert-id.js';
import type { AlertLevel } from '../alert-level.js';
import { type Clock, type ClockTimer, setClockTimer } from '../clock.js';
import type { Digest, DigestReason } from '../digest.js';
import { Batch } from '../grouping/batch.js';
import type { BatchPolicy } from '../grouping/batch-policy.js';
import { FingerprintTable } from '../grouping/fingerprint-table.js';
import { PagerWatch } from '../grouping/pager-watch.js';
import type { PagerWindow } from '../noise-options.js';
import type { Stage, Verdict } from './stage.js';

/** What a group stage needs besides its policy. Limits already applied. */
export interface GroupStageSettings {
  readonly policy: BatchPolicy;
  /** Labels whose values make a group; empty for one group per entry. */
  readonly by: readonly string[];
  readonly countBy: string;
  /** Alerts at or above it skip the stage; undefined for none. */
  readonly bypassLevel: AlertLevel | undefined;
  readonly clock: Clock;
  /** Send a batch: `single` is its only alert when it holds one, sent as itself. */
  readonly flush: (digest: Digest, single: Alert | undefined) => void;
  readonly pager: PagerWindow | undefined;
  /** The pager window fired: `alerts` (more than `limit`) went out in the last `flushes` digests. */
  readonly page: (alerts: number, flushes: number, limit: number) => void;
}

/** One group: its batch in waiting, if any, and its one timer. */
interface Group {
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  batch: Batch | undefined;
  /** Its fingerprints across batches, so a batch need not keep their strings itself. */
  readonly fingerprints: FingerprintTable;
  lastFlushAt: number | undefined;
  timer: ClockTimer | undefined;
  /** When the timer fires (clock ms). */
  timerAt: number;
}

/**
 * Grouping and burst buffers: alerts of a group are held (status `grouped`) and go out
 * together as one digest when the policy says. One timer per group, `unref`'d, never one
 * per alert; a group with nothing new for a while is forgotten.
 */
export class GroupStage implements Stage {
  readonly name = 'group';
  private readonly groups = new Map<string, Group>();
  private readonly settings: GroupStageSettings;
  private readonly pager: PagerWatch | undefined;

  constructor(settings: GroupStageSettings) {
    this.settings = settings;
    this.pager = settings.pager && new PagerWatch(settings.pager, settings.page);
  }

  check(alert: Alert, now: number): Verdict {
    const { bypassLevel, by, policy } = this.settings;
    if (bypassLevel !== undefined && alert.level >= bypassLevel) return undefined;
    const key = by.length === 0 ? '' : groupKey(alert, by);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = {
        key,
        labels: groupLabels(alert, by),
        batch: undefined,
        fingerprints: new FingerprintTable(),
        lastFlushAt: undefined,
        timer: undefined,
        timerAt: 0,
      };
      this.groups.set(key, group);
    }
    group.batch ??= new Batch(nextAlertId(), now, group.fingerprints);
    const batch = group.batch;
    batch.add(alert, this.settings.countBy);
    const due = policy.due(batch, group.lastFlushAt, now);
    if (due <= now) this.flush(group, policy.reason(batch, group.lastFlushAt, now), now);
    else if (group.timer === undefined || group.timerAt > due) this.arm(group, due, now);
    return batch.halt;
  }

  /** Batches waiting to go out, and the alerts in them. */
  get pending(): { batches: number; alerts: number } {
    let batches = 0;
    let alerts = 0;
    for (const group of this.groups.values()) {
      if (group.batch === undefined) continue;
      batches++;
      alerts += group.batch.count;
    }
    return { batches, alerts };
  }

  /** Send every batch now (the manager is closing or the entry is removed); stop every timer. */
  flushAll(now: number): void {
    for (const group of this.groups.values()) {
      if (group.batch !== undefined) this.flush(group, 'close', now);
      // After the flush, which arms the group's retire timer: no timer may keep it alive.
      group.timer?.clear();
      group.timer = undefined;
    }
    this.groups.clear();
  }

  private flush(group: Group, reason: DigestReason, now: number): void {
    const batch = group.batch as Batch;
    group.batch = undefined;
    group.lastFlushAt = now;
    // Kept `retireAfterMs`, so the policy's cooldown or interval holds for what comes next.
    this.arm(group, now + this.settings.policy.retireAfterMs, now);
    const digest = batch.digest(reason, group.labels, this.settings.countBy);
    this.settings.flush(digest, batch.single);
    this.pager?.digestSent(batch.count);
  }

  private arm(group: Group, at: number, now: number): void {
    armGroupTimer(group, this.settings.clock, at, now, () => this.fire(group));
  }

  private fire(group: Group): void {
    group.timer = undefined;
    const now = this.settings.clock.now();
    const batch = group.batch;
    if (batch === undefined) {
      // Quiet since its last digest: forget it (a new alert starts a fresh group).
      this.groups.delete(group.key);
      return;
    }
    const { policy } = this.settings;
    const due = policy.due(batch, group.lastFlushAt, now);
    if (due <= now) this.flush(group, policy.reason(batch, group.lastFlushAt, now), now);
    else this.arm(group, due, now);
  }
}

export function groupKey(alert: Alert, by: readonly string[]): string {
  let key = '';
  // \u0001 marks a missing label, so it differs from an empty value.
  for (const name of by) key += `${alert.labels[name] ?? '\u0001'}\u0000`;
  return key;
}

export function groupLabels(alert: Alert, by: readonly string[]): Readonly<Record<string, string>> {
  const labels: Record<string, string> = Object.create(null);
  for (const name of by) {
    const value = alert.labels[name];
    if (value !== undefined) labels[name] = value;
  }
  return Object.freeze(labels);
}

/** A group's one timer, as both group stages (local and shared) keep it. */
export interface GroupTimer {
  timer: ClockTimer | undefined;
  /** When the timer fires (clock ms). */
  timerAt: number;
}

/** (Re)arm `group`'s timer to call `fire` at clock time `at`; `unref`'d, so it keeps no process alive. */
export function armGroupTimer(
  group: GroupTimer,
  clock: Clock,
  at: number,
  now: number,
  fire: () => void,
): void {
  group.timer?.clear();
  group.timerAt = at;
  group.timer = setClockTimer(clock, fire, Math.max(0, at - now));
  group.timer.unref();
}
