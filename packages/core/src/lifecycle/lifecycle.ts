import type { Alert } from '../alert.js';
import type { AlertManagerOptions } from '../alert-manager-options.js';
import type { Clock } from '../clock.js';
import { DEFAULTS, MAX_FIRING } from '../limits.js';
import type { Logger } from '../logger.js';
import { seconds } from '../noise-options.js';
import { lifecycleStage } from '../stages/lifecycle-stage.js';
import type { Stage } from '../stages/stage.js';
import { timeWindowStage } from '../stages/time-window-stage.js';
import { MemoryIncidentStore } from './firing.js';
import { Inhibitions } from './inhibition.js';
import type { IncidentStore } from './lifecycle-store.js';
import { MemorySilenceStore, Silences } from './silences.js';
import { compileTimeIntervals, type TimeInterval } from './time-intervals.js';

/**
 * A manager's alert lifecycle: its silences, what is firing, its inhibit rules and its
 * named time intervals. Wall time is read through the manager's clock (anchored on
 * `Date.now()` when the manager is made), so a test's fake clock moves silences and
 * windows too.
 */
export class Lifecycle {
  readonly silences: Silences;
  readonly firing: IncidentStore;
  /** The silence and inhibition stage every entry shares. */
  readonly stage: Stage;
  /** Alertmanager's resolve_timeout, in ms. */
  readonly resolveTimeoutMs: number;
  readonly #intervals: Map<string, TimeInterval>;
  readonly #wallAnchor: number;

  /** @throws TypeError for a bad silence, inhibit rule or time interval */
  constructor(options: AlertManagerOptions, clock: Clock, logger: Logger) {
    this.#wallAnchor = Date.now() - clock.now();
    const store = options.store ?? {};
    this.silences = new Silences(store.silences ?? new MemorySilenceStore(), () =>
      this.wallAt(clock.now()),
    );
    for (const silence of options.silences ?? []) this.silences.add(silence);
    const resolveTimeout = seconds(
      'resolveTimeout',
      options.resolveTimeout ?? DEFAULTS.resolveTimeout,
      'resolveTimeout',
      { source: 'AlertManager options', logger },
    );
    this.resolveTimeoutMs = resolveTimeout * 1000;
    this.firing = store.incidents ?? new MemoryIncidentStore(this.resolveTimeoutMs, MAX_FIRING);
    this.stage = lifecycleStage(
      this.silences,
      new Inhibitions(options.inhibitRules ?? [], this.firing),
    );
    this.#intervals = compileTimeIntervals(options.timeIntervals);
  }

  /** Epoch milliseconds at the manager clock's `now`. */
  wallAt(now: number): number {
    return this.#wallAnchor + now;
  }

  /** Count an accepted alert in what is firing. */
  record(alert: Alert, now: number): void {
    this.firing.record(alert, now);
  }

  /**
   * The stage of an entry's mute and active time intervals, by name; undefined for none.
   * @throws TypeError for a name the manager's `timeIntervals` does not define
   */
  timeWindow(mute: readonly string[] = [], active: readonly string[] = []): Stage | undefined {
    if (mute.length === 0 && active.length === 0) return undefined;
    const find = (name: string, option: string) => {
      const interval = this.#intervals.get(name);
      if (interval === undefined) {
        const known = [...this.#intervals.keys()];
        throw new TypeError(
          `\`${option}\`: no time interval named ${JSON.stringify(name)}; ${known.length > 0 ? `defined: ${known.join(', ')}` : "define it in the manager's `timeIntervals`"}`,
        );
      }
      return interval;
    };
    return timeWindowStage(
      mute.map((name) => find(name, 'muteTimeIntervals')),
      active.map((name) => find(name, 'activeTimeIntervals')),
      (now) => this.wallAt(now),
    );
  }
}
