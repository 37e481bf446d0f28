import type { AlertInput } from '../alert.js';
import type { HeartbeatOptions } from '../alert-manager-options.js';
import type { AlertResult } from '../alert-result.js';
import { type Clock, type ClockTimer, setClockTimer } from '../clock.js';
import { durationText } from '../config/duration.js';
import type { Logger } from '../logger.js';
import { redact } from '../redact.js';
import {
  describeSchedule,
  type HeartbeatSpec,
  nextDue,
  readHeartbeatSpec,
} from './heartbeats-spec.js';

/** `waiting` until the first ping or the first missed deadline; then `up` or `down`. */
export type HeartbeatState = 'waiting' | 'up' | 'down';

/** What heartbeats need of their manager. */
export interface HeartbeatHost {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Epoch milliseconds at the clock's `now` (the manager's wall time, moved by a fake clock). */
  wallAt(now: number): number;
  /** Send the heartbeat's alert as `manager.send` does. */
  send(alert: AlertInput): Promise<AlertResult[]>;
  /** End its incident as `manager.resolve` does: RESOLVED notices where entries ask for them. */
  resolve(fingerprint: string): Promise<AlertResult[]>;
}

/** The longest a Node timer waits (about 24.8 days); a later deadline is reached in steps. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * One dead-man switch: the job calls `ping()` each time it runs; when no ping comes by the
 * deadline (`every` + `grace` after the last one, or the next cron time + `grace`), the
 * manager sends one alert (dedupKey `heartbeat:<name>`) and the heartbeat is `down` until
 * the next ping, which resolves it. A ping only records the time: the one timer, on the
 * manager's clock and unref'd, moves itself on when it fires early.
 */
export class Heartbeat {
  readonly name: string;
  readonly #spec: HeartbeatSpec;
  readonly #host: HeartbeatHost;
  readonly #onStop: (heartbeat: Heartbeat) => void;
  #state: HeartbeatState = 'waiting';
  /** Clock time of the last ping, or of the heartbeat's making. */
  #since: number;
  #pinged = false;
  #timer: ClockTimer | undefined;
  #stopped = false;

  /** @internal made by `manager.heartbeat()` */
  constructor(spec: HeartbeatSpec, host: HeartbeatHost, onStop: (heartbeat: Heartbeat) => void) {
    this.name = spec.name;
    this.#spec = spec;
    this.#host = host;
    this.#onStop = onStop;
    this.#since = host.clock.now();
    this.#arm();
  }

  get state(): HeartbeatState {
    return this.#state;
  }

  /**
   * The job ran: the next ping is due from now. While `down`, this ends the outage: the
   * manager resolves the alert's incident (entries with `sendResolved` get a RESOLVED
   * notice; `close()` waits for it).
   */
  ping(): void {
    if (this.#stopped) return;
    this.#since = this.#host.clock.now();
    this.#pinged = true;
    if (this.#state !== 'down') {
      this.#state = 'up';
      return;
    }
    this.#state = 'up';
    this.#arm();
    this.#host.resolve(this.#fingerprint).catch((error: unknown) => {
      this.#host.logger.warn(
        `the alert of heartbeat "${this.name}" was not resolved: ${redact(String((error as Error)?.message ?? error))}`,
      );
    });
  }

  /** The alert's dedupKey, so its fingerprint: what a ping resolves. */
  get #fingerprint(): string {
    return `heartbeat:${this.name}`;
  }

  /**
   * The job ran and failed: the alert goes now, with `reason` in its body (secrets
   * redacted), and the heartbeat is `down` until the next ping. While already `down`,
   * nothing more is sent. Resolves with the alert's results (none when nothing was sent).
   */
  fail(reason?: string | Error): Promise<AlertResult[]> {
    if (this.#stopped) {
      this.#host.logger.warn(`heartbeat "${this.name}" is stopped: its fail() sends nothing`);
      return Promise.resolve([]);
    }
    if (this.#state === 'down') return Promise.resolve([]);
    this.#timer?.clear();
    this.#timer = undefined;
    const text = reason instanceof Error ? reason.message : reason;
    const why = typeof text === 'string' && text.trim() !== '' ? `: ${redact(text)}` : '.';
    return this.#down(`The job reported a failure${why}\n${this.#lastSeen()}`);
  }

  /** Stop watching: the timer is cleared and nothing more is sent; the name is free again. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#timer?.clear();
    this.#timer = undefined;
    this.#onStop(this);
  }

  /** Set the timer for the deadline from `#since`; none when a cron schedule has no time left. */
  #arm(): void {
    this.#timer?.clear();
    this.#timer = undefined;
    const deadline = this.#deadline();
    if (deadline === undefined) return;
    const now = this.#host.clock.now();
    this.#timer = setClockTimer(
      this.#host.clock,
      this.#onTimer,
      Math.min(Math.max(0, deadline - now), MAX_TIMER_MS),
    );
    this.#timer.unref();
  }

  /** Clock time by which a ping is due, grace included. */
  #deadline(): number | undefined {
    const { schedule, graceMs } = this.#spec;
    if (schedule.kind === 'every') return this.#since + schedule.everyMs + graceMs;
    const due = nextDue(schedule, this.#host.wallAt(this.#since));
    // Wall time back to clock time: wallAt is the clock's time plus a fixed offset.
    return due === undefined ? undefined : due - this.#host.wallAt(0) + graceMs;
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    if (this.#stopped || this.#state === 'down') return;
    const deadline = this.#deadline();
    if (deadline === undefined) return;
    // A ping since the timer was set moved the deadline on (or it was a step of a long wait).
    if (this.#host.clock.now() < deadline) {
      this.#arm();
      return;
    }
    void this.#down(this.#missedBody());
  };

  #down(body: string): Promise<AlertResult[]> {
    this.#state = 'down';
    const spec = this.#spec;
    return this.#host
      .send({
        title: spec.title,
        body,
        level: spec.level,
        labels: spec.labels,
        dedupKey: this.#fingerprint,
        source: 'heartbeat',
        // The manager's wall time (a fake clock moves it): the outage's start in its RESOLVED notice.
        timestamp: this.#host.wallAt(this.#host.clock.now()),
      })
      .catch((error: unknown) => {
        this.#host.logger.warn(
          `the alert of heartbeat "${this.name}" was not sent: ${redact(String((error as Error)?.message ?? error))}`,
        );
        return [];
      });
  }

  #missedBody(): string {
    const spec = this.#spec;
    const schedule = spec.schedule;
    const due = nextDue(schedule, this.#host.wallAt(this.#since));
    const expected =
      schedule.kind === 'every'
        ? `a ping every ${durationText(schedule.everyMs / 1000)}`
        : `the ping due at ${iso(due)} by ${describeSchedule(schedule)}`;
    return `No ping came in time: ${expected}, with ${durationText(spec.graceMs / 1000)} of grace.\n${this.#lastSeen()}`;
  }

  #lastSeen(): string {
    const at = iso(this.#host.wallAt(this.#since));
    return this.#pinged ? `Last ping: ${at}.` : `No ping since the heartbeat was made, ${at}.`;
  }
}

function iso(epochMs: number | undefined): string {
  return epochMs === undefined ? '(unknown)' : new Date(epochMs).toISOString();
}

/** A manager's heartbeats, by name. */
export class Heartbeats {
  /** Each heartbeat with the canonical key of its options, to compare a second call's. */
  readonly #byName = new Map<string, { heartbeat: Heartbeat; key: string }>();
  readonly #host: HeartbeatHost;

  constructor(host: HeartbeatHost) {
    this.#host = host;
  }

  /**
   * The heartbeat of this name: made with `options`, or the one already made (with the same
   * options, or when none are given).
   * @throws TypeError for bad options, options that differ from the existing heartbeat's,
   * or no options for a name not made yet
   */
  get(name: string, options: HeartbeatOptions | undefined): Heartbeat {
    const existing = typeof name === 'string' ? this.#byName.get(name) : undefined;
    if (options === undefined) {
      if (existing !== undefined) return existing.heartbeat;
      throw new TypeError(
        `no heartbeat named ${JSON.stringify(String(name).slice(0, 200))}: give its options (\`every\` or \`cron\`), or define it in the config's alerts.heartbeats`,
      );
    }
    const spec = readHeartbeatSpec(name, options);
    if (existing !== undefined) {
      if (existing.key === spec.key) return existing.heartbeat;
      throw new TypeError(
        `heartbeat "${name}" already exists with other options: stop() it first, or call heartbeat("${name}") without options to get it`,
      );
    }
    const heartbeat = new Heartbeat(spec, this.#host, (stopped) => {
      if (this.#byName.get(stopped.name)?.heartbeat === stopped) this.#byName.delete(stopped.name);
    });
    this.#byName.set(name, { heartbeat, key: spec.key });
    return heartbeat;
  }

  /** Stop every heartbeat (the manager is closing). */
  stopAll(): void {
    for (const { heartbeat } of [...this.#byName.values()]) heartbeat.stop();
  }
}
