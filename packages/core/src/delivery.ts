import type { Alert } from './alert.js';
import type { AlertResult, AlertStatus } from './alert-result.js';
import { type Outcome, recordFollowUpOutcome, recordOutcome, type Totals } from './alert-stats.js';
import type { AttemptOutcome } from './attempt-deadlines.js';
import type { ChannelReceipt } from './channel.js';
import type { ChannelEntry } from './channel-entry.js';
import type { Clock } from './clock.js';
import type { FiringDelivery } from './firing-in-flight.js';
import { isThenable } from './is-thenable.js';
import type { ManagerEvents } from './manager-events.js';
import type { OutcomeSink } from './outcomes.js';
import { redact } from './redact.js';
import { type RetryPolicy, toDeliveryError } from './retry-policy.js';
import type { Halt, Pass, Stage, Verdict } from './stages/stage.js';

/** What deliveries share: one per manager. */
export interface DeliveryEnv {
  readonly clock: Clock;
  readonly retryPolicy: RetryPolicy;
  readonly totals: Totals;
  /** Aborts when `close({ timeout })` runs out: retries still waiting then fail. */
  readonly closing: AbortSignal;
  /**
   * An alert (or digest) ended undelivered on an entry (failed, or its circuit open) with
   * no fallback left: the dead letters take it. Unset when there are none.
   */
  readonly undelivered?:
    | ((entry: ChannelEntry, alert: Alert, result: AlertResult) => void)
    | undefined;
  /** Where each delivery that ended is told (the `delivery` event). */
  readonly events?: ManagerEvents | undefined;
}

const FILTERED: Outcome = { status: 'filtered', attempts: 0, durationMs: 0 };

/**
 * Take one alert through an entry's stages from stage `from`, then deliver it; its result
 * goes into `sink`. While every stage answers synchronously this runs to the first
 * attempt without an await. `slot` is the result's place once one was reserved (after a
 * stage answered with a promise), else -1. `now` is a reading of `env.clock`. `origin` is
 * the stage the alert's way started at, when a promise made it resume further on.
 */
export function route(
  env: DeliveryEnv,
  entry: ChannelEntry,
  alert: Alert,
  from: number,
  now: number,
  sink: OutcomeSink,
  slot: number,
  origin = from,
): void {
  const stages = entry.stages;
  for (let i = from; i < stages.length; i++) {
    const stage = stages[i] as Stage;
    let verdict: Verdict | PromiseLike<Verdict>;
    try {
      verdict = stage.check(alert, now);
    } catch (error) {
      verdict = Promise.reject(error);
    }
    if (verdict === undefined) continue;
    if (typeof (verdict as PromiseLike<Verdict>).then === 'function') {
      const held = slot >= 0 ? slot : sink.reserve();
      (verdict as PromiseLike<Verdict>).then(
        (next) => {
          if (next === undefined || 'next' in next) {
            const on = next === undefined ? alert : next.next;
            route(env, entry, on, i + 1, env.clock.now(), sink, held, origin);
          } else sink.fill(held, halt(env, entry, alert, next, sink, origin, i));
        },
        (error: unknown) => {
          const reason = stageFailed(stage, error);
          sink.fill(held, failedResult(env, entry, alert, 0, 0, reason, sink, origin, i));
        },
      );
      return;
    }
    if ('next' in verdict) {
      alert = (verdict as Pass).next;
      continue;
    }
    const result = halt(env, entry, alert, verdict as Halt, sink, origin, i);
    if (slot >= 0) sink.fill(slot, result);
    else if (result !== undefined) sink.add(result);
    return;
  }
  const held = slot >= 0 ? slot : sink.reserve();
  const delivery = new Delivery(env, entry, alert, now, sink, held, origin);
  // A resolve of its incident waits for it (RESOLVED notices themselves are not waited for).
  if (entry.firingInFlight !== undefined && alert.resolved === undefined)
    entry.firingInFlight.begin(delivery);
  delivery.start(now);
}

/** Count an alert as filtered on an entry it never went through (a monitoring marker's). */
export function filterOut(env: DeliveryEnv, entry: ChannelEntry): void {
  recordOutcome(entry.stats, env.totals, FILTERED);
}

/**
 * One alert's delivery to one entry: attempts, each bounded by the entry's timeout, and
 * retries of retryable failures after a backoff (full jitter, Retry-After honoured), until
 * it is sent or fails for good. Attempts report to it through `ok` and `fail`, with no
 * promise or async frame of its own: the common case is one attempt that succeeds.
 */
class Delivery implements AttemptOutcome, FiringDelivery {
  private attempt = 0;
  afterSettled: Array<() => void> | undefined;
  /** The code of the last failure, told to the stages (the circuit breaker counts by it). */
  private code: string | undefined;

  constructor(
    private readonly env: DeliveryEnv,
    private readonly entry: ChannelEntry,
    readonly alert: Alert,
    private readonly started: number,
    private readonly sink: OutcomeSink,
    private readonly slot: number,
    /** The first stage of the alert's way: those from it on are told the outcome. */
    private readonly origin: number,
  ) {}

  /** Make the next attempt. Whatever the channel does, exactly one of `ok` and `fail` follows. */
  start(now: number): void {
    const { entry } = this;
    const attempt = entry.deadlines.start(++this.attempt, this, now);
    let sending: unknown;
    try {
      sending = entry.channel.send(this.alert, attempt);
    } catch (error) {
      if (entry.deadlines.settle(attempt)) this.fail(error);
      return;
    }
    if (!isThenable(sending)) {
      // A careless channel answered with a plain value: take it as its receipt.
      if (entry.deadlines.settle(attempt)) this.ok(sending);
      return;
    }
    sending.then(
      (receipt) => {
        if (entry.deadlines.settle(attempt)) this.ok(receipt);
      },
      (error: unknown) => {
        if (entry.deadlines.settle(attempt)) this.fail(error);
      },
    );
  }

  ok(receipt: unknown): void {
    const { env, entry, alert } = this;
    this.finish(sentResult(env, entry, alert, this.attempt, this.started, receipt, this.sink));
  }

  fail(thrown: unknown): void {
    const { env, entry } = this;
    const error = toDeliveryError(thrown, entry.channel.name);
    this.code = error.code;
    if (!error.retryable || this.attempt > entry.maxRetries) {
      const durationMs = env.clock.now() - this.started;
      this.finish(this.failed(durationMs, error.message));
      return;
    }
    env.clock.sleep(env.retryPolicy.delayMs(this.attempt, error), env.closing).then(
      () => this.start(env.clock.now()),
      () => {
        // close({ timeout }) ran out (or a clock's sleep failed): end here rather than wait.
        const durationMs = env.clock.now() - this.started;
        const reason = `${redact(error.message)}; not retried: the manager closed (close timeout passed) before retry ${this.attempt}`;
        this.finish(this.failed(durationMs, reason));
      },
    );
  }

  private failed(durationMs: number, reason: string): AlertResult {
    const { env, entry, alert, sink } = this;
    const stages = entry.stages.length;
    return failedResult(env, entry, alert, this.attempt, durationMs, reason, sink, -1, stages);
  }

  private finish(result: AlertResult): void {
    const code = result.status === 'failed' ? this.code : undefined;
    settle(this.entry, this.alert, this.origin, this.entry.stages.length, result.status, code);
    // After its incident stage heard of it: a resolve waiting for it finds what it opened.
    this.entry.firingInFlight?.end(this);
    this.sink.fill(this.slot, result);
  }
}

/** Record what a stage decided; the result to return, if that status has one. */
function halt(
  env: DeliveryEnv,
  entry: ChannelEntry,
  alert: Alert,
  verdict: Halt,
  sink: OutcomeSink,
  origin: number,
  at: number,
): AlertResult | undefined {
  settle(entry, alert, origin, at, verdict.status);
  if (verdict.status === 'filtered') {
    recordOutcome(entry.stats, env.totals, FILTERED);
    return undefined;
  }
  const result: AlertResult = {
    channel: entry.key,
    channelName: entry.channel.name,
    alertId: alert.id,
    fingerprint: alert.fingerprint,
    success: false,
    status: verdict.status,
    attempts: 0,
    error: verdict.error ?? verdict.status,
    durationMs: 0,
  };
  if (verdict.digestId !== undefined) result.digestId = verdict.digestId;
  if (entry.optional) result.optional = true;
  return record(env, entry, alert, result, sink);
}

/** Tell the stages in [from, to) that let the alert through what became of it. */
function settle(
  entry: ChannelEntry,
  alert: Alert,
  from: number,
  to: number,
  status: AlertStatus,
  code?: string,
): void {
  if (!entry.hasSettled) return;
  for (let i = from; i < to; i++) entry.stages[i]?.settled?.(alert, status, code);
}

function sentResult(
  env: DeliveryEnv,
  entry: ChannelEntry,
  alert: Alert,
  attempts: number,
  started: number,
  receipt: unknown,
  sink: OutcomeSink,
): AlertResult {
  const result: AlertResult = {
    channel: entry.key,
    channelName: entry.channel.name,
    alertId: alert.id,
    fingerprint: alert.fingerprint,
    success: true,
    status: 'sent',
    attempts,
    durationMs: env.clock.now() - started,
  };
  if (typeof receipt === 'object' && receipt !== null)
    readReceipt(receipt as ChannelReceipt, result);
  if (entry.optional) result.optional = true;
  return record(env, entry, alert, result, sink);
}

/**
 * Copy what a receipt says into the result, taking only what has the documented shape: a
 * careless channel's receipt of another shape still makes a sent result.
 */
function readReceipt(receipt: ChannelReceipt, result: AlertResult): void {
  const { messageId, rejected } = receipt;
  if (typeof messageId === 'string' || typeof messageId === 'number')
    result.messageId = String(messageId);
  if (Array.isArray(rejected) && rejected.length > 0)
    result.rejected = rejected.filter((r) => typeof r === 'string');
}

function failedResult(
  env: DeliveryEnv,
  entry: ChannelEntry,
  alert: Alert,
  attempts: number,
  durationMs: number,
  reason: string,
  sink: OutcomeSink,
  origin: number,
  at: number,
): AlertResult {
  // A stage that failed (at < stages) ends the way here; a delivery settles in `finish`.
  if (origin >= 0) settle(entry, alert, origin, at, 'failed');
  const result: AlertResult = {
    channel: entry.key,
    channelName: entry.channel.name,
    alertId: alert.id,
    fingerprint: alert.fingerprint,
    success: false,
    status: 'failed',
    attempts,
    error: redact(reason),
    durationMs,
  };
  if (entry.optional) result.optional = true;
  return record(env, entry, alert, result, sink);
}

/**
 * The last step of every path that has a result: count it, once (a digest as a digest, a
 * RESOLVED notice as one; an entry with fallback tiers counts its own when they have spoken).
 */
function record(
  env: DeliveryEnv,
  entry: ChannelEntry,
  alert: Alert,
  result: AlertResult,
  sink: OutcomeSink,
): AlertResult {
  const { counted } = sink;
  if (counted === 'alerts') recordOutcome(entry.stats, env.totals, result);
  else if (counted !== 'held') recordFollowUpOutcome(entry.stats, env.totals, result, counted);
  if (
    (result.status === 'failed' || result.status === 'circuit_open') &&
    (counted === 'alerts' || counted === 'digests')
  )
    env.undelivered?.(entry, alert, result);
  // A delivery ended (a stage that failed made none); a size check when nobody listens.
  if (result.attempts > 0 && env.events?.listening('delivery'))
    env.events.emit('delivery', { channel: entry.key, alert, result });
  return result;
}

function stageFailed(stage: Stage, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `the ${stage.name} stage failed: ${message}`;
}
