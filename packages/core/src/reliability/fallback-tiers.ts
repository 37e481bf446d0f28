import type { Alert } from '../alert.js';
import type { AlertResult, AlertStatus } from '../alert-result.js';
import { recordFellBack, recordFollowUpOutcome, recordOutcome } from '../alert-stats.js';
import type { ChannelEntry } from '../channel-entry.js';
import { type DeliveryEnv, route } from '../delivery.js';
import { FollowUpOutcome, type OutcomeSink } from '../outcomes.js';

/** What the walk through an entry's tiers needs of the manager. */
export interface TierEnv extends DeliveryEnv {
  /** The entry a fallback name stands for (by key, alias or channel name), if one is registered. */
  readonly tierFor: (name: string) => ChannelEntry | undefined;
  /** Whether `entry`'s channel takes `alert` itself in a send to every entry (its route matches). */
  readonly takesItself: (entry: ChannelEntry, alert: Alert) => boolean;
}

/** An entry's own delivery ended so: its fallback tiers take over. */
function fallsBack(status: AlertStatus): boolean {
  return status === 'failed' || status === 'circuit_open';
}

/**
 * Where an entry with fallback tiers (`addChannel({ fallback })`) puts the outcome of one
 * alert (or digest): anything but a failure or an open circuit is counted and passed on as
 * is; a failure starts the walk through the tiers, and the alert's one result (and count)
 * waits for it. `direct`: the alert went to every entry, so a tier whose channel took it
 * already is skipped rather than sent it twice.
 */
export class TierSink implements OutcomeSink {
  readonly counted = 'held';

  constructor(
    private readonly env: TierEnv,
    private readonly entry: ChannelEntry,
    private readonly alert: Alert,
    private readonly parent: OutcomeSink,
    private readonly direct: boolean,
  ) {
    this.kind = parent.counted === 'digests' ? 'digests' : 'alerts';
  }

  /** What the parent counts: a send's alerts, or a digest. */
  private readonly kind: 'alerts' | 'digests';

  add(result: AlertResult): void {
    if (fallsBack(result.status)) this.walk(result, this.parent.reserve());
    else {
      this.count(result);
      this.parent.add(result);
    }
  }

  reserve(): number {
    return this.parent.reserve();
  }

  fill(slot: number, result: AlertResult | undefined): void {
    if (result !== undefined && fallsBack(result.status)) this.walk(result, slot);
    else {
      if (result !== undefined) this.count(result);
      this.parent.fill(slot, result);
    }
  }

  private count(result: AlertResult): void {
    const { entry, env } = this;
    if (this.kind === 'alerts') recordOutcome(entry.stats, env.totals, result);
    else recordFollowUpOutcome(entry.stats, env.totals, result, 'digests');
  }

  private walk(own: AlertResult, slot: number): void {
    new TierWalk(this.env, this.entry, this.alert, own, this.direct, (final) => {
      recordFellBack(this.entry.stats, this.env.totals, own, final.status, this.kind);
      if (!final.success) this.env.undelivered?.(this.entry, this.alert, final);
      this.parent.fill(slot, final);
    }).next();
  }
}

/**
 * One alert through the tiers, in order: each gets it from its noise control on (its
 * throttle and circuit breaker still apply), counted in its stats as `fallback`; the first
 * that delivers it ends the walk. A tier that is not registered is a reason, not an error.
 */
class TierWalk {
  private tier = 0;
  private attempts: number;
  private durationMs: number;
  private readonly reasons: string[] = [];

  constructor(
    private readonly env: TierEnv,
    private readonly entry: ChannelEntry,
    private readonly alert: Alert,
    private readonly own: AlertResult,
    private readonly direct: boolean,
    private readonly done: (final: AlertResult) => void,
  ) {
    this.attempts = own.attempts;
    this.durationMs = own.durationMs;
  }

  next(): void {
    const names = this.entry.fallback;
    while (this.tier < names.length) {
      const name = names[this.tier++] as string;
      const target = this.env.tierFor(name);
      if (target === undefined) {
        this.reasons.push(`${name}: no channel has this key, alias or name`);
        continue;
      }
      if (target === this.entry || (this.direct && this.env.takesItself(target, this.alert)))
        continue;
      const sink = new FollowUpOutcome('fallback', (result) => this.heard(target, result));
      route(this.env, target, this.alert, target.resolvedFrom, this.env.clock.now(), sink, -1);
      return;
    }
    const { own, reasons } = this;
    const result = { ...own, attempts: this.attempts, durationMs: this.durationMs };
    if (reasons.length > 0) result.error = `${own.error}; fallback ${reasons.join('; fallback ')}`;
    this.done(result);
  }

  private heard(target: ChannelEntry, result: AlertResult | undefined): void {
    if (result !== undefined) {
      this.attempts += result.attempts;
      this.durationMs += result.durationMs;
    }
    if (result?.status !== 'sent') {
      this.reasons.push(`${target.key}: ${result?.error ?? result?.status ?? 'filtered'}`);
      this.next();
      return;
    }
    const { own } = this;
    const { optional: _tierOptional, ...delivered } = result;
    this.done({
      ...delivered,
      channel: own.channel,
      channelName: own.channelName,
      alertId: own.alertId,
      fingerprint: own.fingerprint,
      attempts: this.attempts,
      durationMs: this.durationMs,
      tier: this.tier,
      deliveredBy: target.key,
      ...(own.error === undefined ? {} : { error: own.error }),
      ...(own.optional ? { optional: true } : {}),
    });
  }
}
