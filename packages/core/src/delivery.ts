import type { Alert } from './alert.js';
import type { AlertResult } from './alert-result.js';
import { type Outcome, recordOutcome, type Totals } from './alert-stats.js';
import type { AttemptOutcome } from './attempt-deadlines.js';
import type { ChannelReceipt } from './channel.js';
import type { ChannelEntry } from './channel-entry.js';
import type { Clock } from './clock.js';
import type { Outcomes } from './outcomes.js';
import { redact } from './redact.js';
import { type RetryPolicy, toDeliveryError } from './retry-policy.js';
import type { Halt, Stage, Verdict } from './stages/stage.js';

/** What deliveries share: one per manager. */
export interface DeliveryEnv {
  readonly clock: Clock;
  readonly retryPolicy: RetryPolicy;
  readonly totals: Totals;
  /** Aborts when `close({ timeout })` runs out: retries still waiting then fail. */
  readonly closing: AbortSignal;
}

const FILTERED: Outcome = { status: 'filtered', attempts: 0, durationMs: 0 };

/**
 * Take one alert through an entry's stages from stage `from`, then deliver it; its result
 * goes into `outcomes`. While every stage answers synchronously this runs to the first
 * attempt without an await. `slot` is the result's place once one was reserved (after a
 * stage answered with a promise), else -1. `now` is a reading of `env.clock`.
 */
export function route(
  env: DeliveryEnv,
  entry: ChannelEntry,
  alert: Alert,
  from: number,
  now: number,
  outcomes: Outcomes,
  slot: number,
): void {
  const stages = entry.stages;
  for (let i = from; i < stages.length; i++) {
    const stage = stages[i] as Stage;
    let verdict: Verdict | PromiseLike<Verdict>;
    try {
      verdict = stage.check(alert);
    } catch (error) {
      verdict = Promise.reject(error);
    }
    if (verdict === undefined) continue;
    if (typeof (verdict as PromiseLike<Verdict>).then === 'function') {
      const held = slot >= 0 ? slot : outcomes.reserve();
      (verdict as PromiseLike<Verdict>).then(
        (next) => {
          if (next === undefined) route(env, entry, alert, i + 1, env.clock.now(), outcomes, held);
          else outcomes.fill(held, halt(env, entry, alert, next));
        },
        (error: unknown) =>
          outcomes.fill(held, failedResult(env, entry, alert, 0, 0, stageFailed(stage, error))),
      );
      return;
    }
    const result = halt(env, entry, alert, verdict as Halt);
    if (slot >= 0) outcomes.fill(slot, result);
    else if (result !== undefined) outcomes.add(result);
    return;
  }
  new Delivery(env, entry, alert, now, outcomes, slot >= 0 ? slot : outcomes.reserve()).start(now);
}

/**
 * One alert's delivery to one entry: attempts, each bounded by the entry's timeout, and
 * retries of retryable failures after a backoff (full jitter, Retry-After honoured), until
 * it is sent or fails for good. Attempts report to it through `ok` and `fail`, with no
 * promise or async frame of its own: the common case is one attempt that succeeds.
 */
class Delivery implements AttemptOutcome {
  private attempt = 0;

  constructor(
    private readonly env: DeliveryEnv,
    private readonly entry: ChannelEntry,
    private readonly alert: Alert,
    private readonly started: number,
    private readonly outcomes: Outcomes,
    private readonly slot: number,
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
    this.finish(sentResult(this.env, this.entry, this.alert, this.attempt, this.started, receipt));
  }

  fail(thrown: unknown): void {
    const { env, entry } = this;
    const error = toDeliveryError(thrown, entry.channel.name);
    if (!error.retryable || this.attempt > entry.maxRetries) {
      const durationMs = env.clock.now() - this.started;
      this.finish(failedResult(env, entry, this.alert, this.attempt, durationMs, error.message));
      return;
    }
    env.clock.sleep(env.retryPolicy.delayMs(this.attempt, error), env.closing).then(
      () => this.start(env.clock.now()),
      () => {
        // close({ timeout }) ran out (or a clock's sleep failed): end here rather than wait.
        const durationMs = env.clock.now() - this.started;
        const reason = `${redact(error.message)}; not retried: the manager closed (close timeout passed) before retry ${this.attempt}`;
        this.finish(failedResult(env, entry, this.alert, this.attempt, durationMs, reason));
      },
    );
  }

  private finish(result: AlertResult): void {
    this.outcomes.fill(this.slot, result);
  }
}

/** Record what a stage decided; the result to return, if that status has one. */
function halt(
  env: DeliveryEnv,
  entry: ChannelEntry,
  alert: Alert,
  verdict: Halt,
): AlertResult | undefined {
  if (verdict.status === 'filtered') {
    recordOutcome(entry.stats, env.totals, FILTERED);
    return undefined;
  }
  return record(env, entry, {
    channel: entry.key,
    channelName: entry.channel.name,
    alertId: alert.id,
    success: false,
    status: verdict.status,
    attempts: 0,
    error: verdict.error ?? verdict.status,
    durationMs: 0,
  });
}

function sentResult(
  env: DeliveryEnv,
  entry: ChannelEntry,
  alert: Alert,
  attempts: number,
  started: number,
  receipt: unknown,
): AlertResult {
  const result: AlertResult = {
    channel: entry.key,
    channelName: entry.channel.name,
    alertId: alert.id,
    success: true,
    status: 'sent',
    attempts,
    durationMs: env.clock.now() - started,
  };
  if (typeof receipt === 'object' && receipt !== null)
    readReceipt(receipt as ChannelReceipt, result);
  return record(env, entry, result);
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
): AlertResult {
  return record(env, entry, {
    channel: entry.key,
    channelName: entry.channel.name,
    alertId: alert.id,
    success: false,
    status: 'failed',
    attempts,
    error: redact(reason),
    durationMs,
  });
}

/** The last step of every path that has a result: count it, once. */
function record(env: DeliveryEnv, entry: ChannelEntry, result: AlertResult): AlertResult {
  recordOutcome(entry.stats, env.totals, result);
  return result;
}

function stageFailed(stage: Stage, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `the ${stage.name} stage failed: ${message}`;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
