import type { AlertLevel } from './alert-level.js';
import { ChannelStatsRecorder } from './alert-stats.js';
import { AttemptDeadlines } from './attempt-deadlines.js';
import type { Channel } from './channel.js';
import type { Clock } from './clock.js';
import { DeliveryError } from './errors/delivery-error.js';
import { levelFilter } from './stages/level-filter.js';
import type { Stage } from './stages/stage.js';
import { type Throttle, throttleStage } from './stages/throttle-stage.js';

/** An entry's settings, limits already applied. */
export interface EntrySettings {
  readonly key: string;
  readonly alias: string | undefined;
  readonly channel: Channel;
  readonly minLevel: AlertLevel;
  readonly throttle: Throttle | undefined;
  /** Seconds one attempt may take. */
  readonly timeout: number;
  readonly maxRetries: number;
  readonly latencyWindow: number;
  readonly clock: Clock;
}

/**
 * One registered channel: its settings, its stages in order, its stats and the deadlines of
 * its attempts in flight. Built once by `addChannel`.
 */
export class ChannelEntry {
  readonly key: string;
  readonly alias: string | undefined;
  readonly channel: Channel;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  /**
   * What an alert passes before delivery, in order: the level filter first, then the
   * throttle. Later: silence, dedup, group (before the throttle), breaker (after it).
   */
  readonly stages: readonly Stage[];
  readonly stats: ChannelStatsRecorder;
  readonly deadlines: AttemptDeadlines;

  constructor(settings: EntrySettings) {
    const { channel, timeout } = settings;
    this.key = settings.key;
    this.alias = settings.alias;
    this.channel = channel;
    this.maxRetries = settings.maxRetries;
    this.timeoutMs = timeout * 1000;
    const stages = [levelFilter(settings.minLevel)];
    if (settings.throttle !== undefined) stages.push(throttleStage(settings.throttle));
    this.stages = stages;
    this.stats = new ChannelStatsRecorder(channel.name, settings.latencyWindow);
    this.deadlines = new AttemptDeadlines(
      this.timeoutMs,
      (attempt) =>
        new DeliveryError(
          `${channel.name}: no answer within ${timeout} s (attempt ${attempt.attempt})`,
          {
            channel: channel.name,
            retryable: true,
            code: 'TOCSIN_TIMEOUT',
          },
        ),
      settings.clock,
    );
  }
}

/** Index of the first stage after the level filter: where `send(alert, { channel })` starts. */
export const AFTER_LEVEL_FILTER = 1;
