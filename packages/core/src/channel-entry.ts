import { noticeOf, ResolvedNotice } from './accepted-alert.js';
import type { Alert } from './alert.js';
import type { AlertLevel } from './alert-level.js';
import { ChannelStatsRecorder } from './alert-stats.js';
import { alertTimestamp } from './alert-time.js';
import { AttemptDeadlines } from './attempt-deadlines.js';
import type { Channel } from './channel.js';
import type { Clock } from './clock.js';
import type { Digest, Resolution } from './digest.js';
import { DeliveryError } from './errors/delivery-error.js';
import { type FingerprintRule, fingerprintOf } from './fingerprint.js';
import { FiringInFlight, type HeldResolve } from './firing-in-flight.js';
import { digestAlert } from './grouping/digest-alert.js';
import type { FiringAlert } from './lifecycle/firing.js';
import type { ElsewhereChange } from './lifecycle/lifecycle-store.js';
import { MAX_FIRING } from './limits.js';
import type { NoiseSettings } from './noise-options.js';
import type { CompiledMatchers } from './routing/label-matchers.js';
import {
  type BreakerSettings,
  BreakerStage,
  type CircuitListener,
  type CircuitState,
} from './stages/breaker-stage.js';
import type { ConditionSettings } from './stages/conditions-options.js';
import { type ConditionsStage, conditionsStage } from './stages/conditions-stage.js';
import { type DedupStage, dedupStage } from './stages/dedup-stage.js';
import { GroupStage } from './stages/group-stage.js';
import { type FollowedIncident, IncidentStage, joinIncidents } from './stages/incident-stage.js';
import type { Claim, Maybe } from './stages/noise-store.js';
import { routeFilter } from './stages/route-filter.js';
import { sharedDedupStage } from './stages/shared-dedup-stage.js';
import { SharedGroupStage } from './stages/shared-group-stage.js';
import type { Stage } from './stages/stage.js';
import { type Throttle, throttleStage } from './stages/throttle-stage.js';

/** An entry's settings, limits already applied. */
export interface EntrySettings {
  readonly key: string;
  readonly alias: string | undefined;
  readonly channel: Channel;
  readonly minLevel: AlertLevel;
  /** Label matchers the alert must meet besides `minLevel`. */
  readonly matchers: CompiledMatchers | undefined;
  /** A predicate the alert must meet besides `minLevel` and `matchers` (a route's path). */
  readonly when: ((alert: Alert) => boolean) | undefined;
  /** The manager's silences and inhibit rules, one stage shared by every entry. */
  readonly lifecycle: Stage;
  /** The entry's mute and active time intervals, if it has any. */
  readonly timeWindow: Stage | undefined;
  readonly throttle: Throttle | undefined;
  /** Seconds one attempt may take. */
  readonly timeout: number;
  readonly maxRetries: number;
  readonly latencyWindow: number;
  readonly clock: Clock;
  readonly noise: NoiseSettings;
  /** Alert conditions (new, regression, frequency); undefined for none. */
  readonly conditions: ConditionSettings | undefined;
  /** The circuit breaker's settings; undefined for none. */
  readonly breaker: BreakerSettings | undefined;
  /** The breaker changed state. */
  readonly onCircuit: (entry: ChannelEntry, ...change: Parameters<CircuitListener>) => void;
  /** Send a RESOLVED notice when an incident the entry notified is resolved. */
  readonly sendResolved: boolean;
  /** Entries (key, alias or name) to try in turn when a delivery fails for good or the circuit is open. */
  readonly fallback: readonly string[];
  /** Its failures alone do not make a send fail. */
  readonly optional: boolean;
  /** Alerts reach it only as another entry's fallback, or sent to it by name. */
  readonly fallbackOnly: boolean;
  /** End an incident after this long without an alert of it (ms); undefined: only `resolve()`. */
  readonly autoResolveMs: number | undefined;
  /** The manager's resolveTimeout (ms): how long `until-resolved` waits without an auto-resolve. */
  readonly resolveTimeoutMs: number;
  /** Epoch ms now, on the manager's clock. */
  readonly wallNow: () => number;
  /**
   * The entry's auto-resolve ended an incident: send its notice outside any `send`, once
   * `claim` (when given) says this process is the one to send it.
   */
  readonly dispatchResolved: (entry: ChannelEntry, notice: Alert, claim?: Maybe<Claim>) => void;
  /**
   * Send what a group let go (a digest, or a batch of one as itself) through the entry's
   * stages from `from` (those after the group), outside any `send`.
   */
  readonly dispatch: (entry: ChannelEntry, alert: Alert, from: number, digest: Digest) => void;
  /** Count work in flight on the manager (a shared group's take); call the answer when done. */
  readonly hold: () => () => void;
  /** The entry's pager window fired: send the page to the entry `to`. */
  readonly page: (
    entry: ChannelEntry,
    to: string,
    alerts: number,
    flushes: number,
    limit: number,
  ) => void;
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
   * What an alert passes before delivery, in order: the route filter (level and label
   * matchers) first, the silences and inhibit rules, the time windows, then the entry's own
   * fingerprint, its incidents (for RESOLVED notices and auto-resolve), dedup, group,
   * throttle and circuit breaker, each when configured.
   */
  readonly stages: readonly Stage[];
  /** Some stage wants to know what became of the alerts it let through. */
  readonly hasSettled: boolean;
  readonly stats: ChannelStatsRecorder;
  readonly deadlines: AttemptDeadlines;
  /** Where a RESOLVED notice starts: after the noise control (the throttle still applies). */
  readonly resolvedFrom: number;
  /**
   * Where an alert the spool recovered after a restart starts: at the group (it passed the
   * dedup and conditions before the restart, and a new process remembers neither), else
   * where RESOLVED notices start.
   */
  readonly recoverFrom: number;
  readonly sendResolved: boolean;
  /** Its firing deliveries on their way, when it sends RESOLVED notices: `resolve` waits for them. */
  readonly firingInFlight: FiringInFlight | undefined;
  /** Its fallback tiers, in order (names, looked up when an alert falls back); empty for none. */
  readonly fallback: readonly string[];
  readonly optional: boolean;
  private readonly group: GroupStage | SharedGroupStage | undefined;
  private readonly incidents: IncidentStage | undefined;
  /** Level and label matchers: the first stage. */
  private readonly route: Stage;
  private readonly breaker: BreakerStage | undefined;
  private readonly dedup: DedupStage | undefined;
  private readonly conditions: ConditionsStage | undefined;
  private readonly clock: Clock;
  private readonly fingerprintRule: FingerprintRule | undefined;
  private readonly wallNow: () => number;

  constructor(settings: EntrySettings) {
    const { channel, timeout } = settings;
    this.key = settings.key;
    this.alias = settings.alias;
    this.channel = channel;
    this.maxRetries = settings.maxRetries;
    this.timeoutMs = timeout * 1000;
    const { noise } = settings;
    this.sendResolved = settings.sendResolved;
    this.fingerprintRule = noise.fingerprint;
    this.wallNow = settings.wallNow;
    this.clock = settings.clock;
    this.fallback = settings.fallback;
    this.optional = settings.optional;
    this.route = routeFilter(
      settings.minLevel,
      settings.matchers,
      settings.fallbackOnly ? never : settings.when,
    );
    const stages: Stage[] = [this.route, settings.lifecycle];
    if (settings.timeWindow !== undefined) stages.push(settings.timeWindow);
    if (noise.fingerprint !== undefined) stages.push(fingerprintStage(noise.fingerprint));
    const { autoResolveMs } = settings;
    if (settings.sendResolved || autoResolveMs !== undefined) {
      this.incidents = new IncidentStage(
        autoResolveMs,
        settings.clock,
        (fingerprint, incident) => {
          this.dedup?.forget(fingerprint);
          if (!this.sendResolved) return;
          const notice = this.notice(fingerprint, incident, undefined, 'timeout');
          // Replicas sharing the noise store follow the incident alike and go quiet together:
          // the first to claim the notice sends it. The claim outlives any timer of this
          // incident and ends before that of a later one can run.
          const claim = noise.store?.claim(
            `${this.key}:resolved:${fingerprint}`,
            autoResolveMs ?? 0,
            false,
            incident.firstEpoch,
            settings.clock.now(),
          );
          settings.dispatchResolved(this, notice, claim);
        },
        MAX_FIRING,
      );
      stages.push(this.incidents);
    }
    // Only a notice needs to wait: without one, a resolve has nothing to send after them.
    this.firingInFlight = settings.sendResolved ? new FiringInFlight() : undefined;
    if (settings.conditions !== undefined) {
      this.conditions = conditionsStage(settings.conditions);
      stages.push(this.conditions);
    }
    if (noise.repeatMs !== undefined) {
      const quietMs = noise.untilResolved
        ? (autoResolveMs ?? settings.resolveTimeoutMs)
        : Number.POSITIVE_INFINITY;
      this.dedup =
        noise.store === undefined
          ? dedupStage(noise.repeatMs, quietMs)
          : sharedDedupStage(noise.store, this.key, settings.clock, noise.repeatMs, quietMs);
      stages.push(this.dedup);
    }
    const batching = noise.batching;
    let recoverFrom: number | undefined;
    if (batching !== undefined) {
      recoverFrom = stages.length;
      const from = stages.length + 1;
      const groupSettings = {
        ...batching,
        clock: settings.clock,
        flush: (digest: Digest, single: Alert | undefined) =>
          settings.dispatch(this, single ?? digestAlert(digest, batching.burst), from, digest),
        page: (alerts: number, flushes: number, limit: number) =>
          settings.page(
            this,
            (batching.pager as { channel: string }).channel,
            alerts,
            flushes,
            limit,
          ),
      };
      this.group =
        noise.store === undefined
          ? new GroupStage(groupSettings)
          : new SharedGroupStage({
              ...groupSettings,
              store: noise.store,
              scope: this.key,
              hold: settings.hold,
            });
      stages.push(this.group);
    }
    this.resolvedFrom = stages.length;
    this.recoverFrom = recoverFrom ?? stages.length;
    if (settings.throttle !== undefined) stages.push(throttleStage(settings.throttle));
    if (settings.breaker !== undefined) {
      this.breaker = new BreakerStage(settings.breaker, settings.clock, (...change) =>
        settings.onCircuit(this, ...change),
      );
      stages.push(this.breaker);
    }
    this.stages = stages;
    this.hasSettled = stages.some((stage) => stage.settled !== undefined);
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

  /** Whether the entry's route (level, matchers, `when`) takes `alert` in a send to every entry. */
  takes(alert: Alert): boolean {
    return this.stages[0]?.check(alert, 0) === undefined;
  }

  /** A recovered alert as the entry's stages from `recoverFrom` take it: under the entry's fingerprint. */
  recovering(alert: Alert): Alert {
    const rule = this.fingerprintRule;
    return rule === undefined ? alert : noticeOf(alert, fingerprintOf(alert, rule), undefined);
  }

  /** Alerts the entry's batches hold now. */
  get pendingAlerts(): number {
    return this.group?.pending.alerts ?? 0;
  }

  /** Send every batch the entry holds now (closing, or the entry removed). */
  flushAll(now: number): void {
    this.group?.flushAll(now);
  }

  /** The circuit breaker's state; null for an entry without one. */
  get circuit(): CircuitState | null {
    return this.breaker?.state ?? null;
  }

  /** No more auto-resolves: the manager closes, or the entry was removed. */
  stop(): void {
    this.incidents?.stop();
  }

  /**
   * End the entry's incident of the manager's fingerprint `fingerprint` (`manager.resolve`):
   * its next alert notifies again. `firing`: what the manager knew of it, and `alert` the
   * incident's alert when the caller passed one (for an entry with its own fingerprint rule).
   * While alerts of it are still on their way to the channel, the incident ends once they
   * have settled (see `FiringInFlight`): the answer is then a promise.
   * @returns the RESOLVED notice to send, when the entry sends them and had notified it
   */
  resolve(
    fingerprint: string,
    firing: FiringAlert | undefined,
    alert: Alert | undefined,
  ): Maybe<Alert | undefined> {
    const known = firing?.alert ?? alert;
    const own =
      this.fingerprintRule === undefined || known === undefined
        ? fingerprint
        : fingerprintOf(known, this.fingerprintRule);
    this.dedup?.forget(own);
    this.conditions?.resolved(own, this.clock.now());
    // Ended now: a later alert opens a new incident.
    const ended = this.incidents?.take(own);
    const firingInFlight = this.firingInFlight;
    if (firingInFlight?.has(own) === true)
      return new Promise((answer) =>
        firingInFlight.holdResolve(own, ended, (held) =>
          answer(held === undefined ? undefined : this.endAfter(own, held, firing)),
        ),
      );
    const incident = ended ?? this.followedElsewhere(firing);
    return incident === undefined ? undefined : this.resolvedNotice(own, incident, firing);
  }

  /**
   * The alerts of an incident on their way when `resolve` came have settled: end what they
   * opened too, unless an alert that came after the resolve was shown since (the fingerprint
   * fires again, and that incident stays open).
   */
  private endAfter(
    own: string,
    held: HeldResolve,
    firing: FiringAlert | undefined,
  ): Alert | undefined {
    // An entry that sends notices follows incidents.
    const incidents = this.incidents as IncidentStage;
    const opened = incidents.peek(own);
    if (opened !== undefined && !held.alerts.has(opened.alert)) return undefined;
    if (opened !== undefined) incidents.take(own);
    const incident = joinIncidents(held.ended, opened) ?? this.followedElsewhere(firing);
    return incident === undefined ? undefined : this.resolvedNotice(own, incident, firing);
  }

  private resolvedNotice(
    own: string,
    incident: FollowedIncident,
    firing: FiringAlert | undefined,
  ): Alert | undefined {
    return this.sendResolved ? this.notice(own, incident, firing, 'resolve') : undefined;
  }

  /**
   * Another replica sharing the manager's incidents fired or resolved a fingerprint: an
   * incident this entry follows goes on (its auto-resolve waits), or ends without a notice of
   * its own (the replica that resolved it sent one).
   */
  elsewhere(change: ElsewhereChange, now: number): void {
    const incidents = this.incidents;
    if (incidents === undefined) return;
    const rule = this.fingerprintRule;
    const own =
      rule === undefined
        ? change.fingerprint
        : change.alert === undefined
          ? undefined
          : fingerprintOf(change.alert, rule);
    if (own === undefined) return;
    if (!change.resolved) {
      incidents.touch(own, change.count, now);
      return;
    }
    incidents.take(own);
    this.dedup?.forget(own);
  }

  /**
   * An incident another replica opened (a shared incident store): replicas run the same
   * entries, so this one stands for its twin that notified it there, and sends the RESOLVED
   * notice when its route takes the alert.
   */
  private followedElsewhere(firing: FiringAlert | undefined): FollowedIncident | undefined {
    if (firing?.elsewhere !== true || this.incidents === undefined) return undefined;
    if (this.route.check(firing.alert, this.clock.now()) !== undefined) return undefined;
    return {
      alert: firing.alert,
      firstEpoch: firing.firstSeen.getTime(),
      count: firing.count,
      lastSeenAt: this.clock.now(),
    };
  }

  private notice(
    fingerprint: string,
    incident: FollowedIncident,
    firing: FiringAlert | undefined,
    by: Resolution['by'],
  ): Alert {
    const resolution: Resolution = {
      startsAt: firing?.firstSeen ?? alertTimestamp(incident.firstEpoch),
      endsAt: alertTimestamp(this.wallNow()),
      count: firing?.count ?? incident.count,
      by,
    };
    return new ResolvedNotice(firing?.alert ?? incident.alert, fingerprint, resolution);
  }
}

const never = () => false;

/** An entry's own fingerprint rule: the alert goes on under the entry's fingerprint. */
function fingerprintStage(rule: FingerprintRule): Stage {
  return {
    name: 'fingerprint',
    check(alert) {
      const fingerprint = fingerprintOf(alert, rule);
      return fingerprint === alert.fingerprint
        ? undefined
        : { next: noticeOf(alert, fingerprint, undefined) };
    },
  };
}

/** Index of the first stage after the route filter: where `send(alert, { channel })` starts. */
export const AFTER_LEVEL_FILTER = 1;
