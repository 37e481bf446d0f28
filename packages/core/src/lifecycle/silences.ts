import { randomUUID } from 'node:crypto';
import type { Alert } from '../alert.js';
import { toEpochMs } from '../alert-time.js';
import { parseDuration } from '../config/duration.js';
import {
  CompiledMatchers,
  type LabelMatcher,
  type LabelMatcherInput,
  matcherText,
  parseMatchers,
} from '../routing/label-matchers.js';

/** What `manager.silence()` takes. */
export interface SilenceInput {
  /** Which alerts: every matcher must hold (`['service="api"', 'env=~"prod|staging"']`). */
  readonly matchers: string | readonly LabelMatcherInput[];
  /** When it ends: a Date, an ISO string or epoch milliseconds. Give this or `duration`. */
  readonly until?: Date | string | number;
  /** How long from `startsAt`: seconds, or a duration string (`'2h'`). Give this or `until`. */
  readonly duration?: number | string;
  /** When it starts. @default now */
  readonly startsAt?: Date | string | number;
  /** Why (shown in the result of each alert it silences, and in listings). */
  readonly comment?: string;
  readonly createdBy?: string;
}

/** A silence as listed: its matchers, its window, and where it stands now. */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly comment: string;
  readonly createdBy: string;
  /** `pending` before `startsAt`, `active` until `endsAt`, then `expired`. */
  readonly state: 'pending' | 'active' | 'expired';
}

/** A silence as kept: times as epoch milliseconds. */
export interface StoredSilence {
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly comment: string;
  readonly createdBy: string;
}

/**
 * Where silences live: in memory by default. A store shared by processes (or kept on
 * disk) puts the same silences in every manager that uses it.
 */
export interface SilenceStore {
  /** Every silence kept, expired ones included until removed. */
  list(): readonly StoredSilence[];
  /**
   * A number that changes whenever the silences change other than through this manager's
   * `put` and `remove` (a store that other processes write to): the manager then reads them
   * again. Stores only this manager writes leave it out.
   */
  readonly version?: number;
  put(silence: StoredSilence): void;
  remove(id: string): void;
}

/** The default store: a Map in this process. */
export class MemorySilenceStore implements SilenceStore {
  readonly #silences = new Map<string, StoredSilence>();
  list(): readonly StoredSilence[] {
    return [...this.#silences.values()];
  }
  put(silence: StoredSilence): void {
    this.#silences.set(silence.id, silence);
  }
  remove(id: string): void {
    this.#silences.delete(id);
  }
}

/** The longest silence: a year. Longer ones are mistakes (or want `enabled: false`). */
const MAX_SILENCE_MS = 366 * 86_400_000;
/** Expired silences stay listed this long, as in Alertmanager, then go. */
const KEEP_EXPIRED_MS = 5 * 86_400_000;

/**
 * The manager's silences: made, listed, expired, and matched against each alert. Times
 * are wall-clock epoch milliseconds, read through `wallNow` so a test's fake clock moves
 * them. Matching costs nothing when there are no silences.
 */
export class Silences {
  readonly #store: SilenceStore;
  readonly #wallNow: () => number;
  /** The store's silences with their matchers compiled; rebuilt when the store changes through us. */
  #compiled: Array<{ silence: StoredSilence; matchers: CompiledMatchers }> | undefined;
  /** The store's `version` the compiled silences were read at. */
  #version: number | undefined;

  constructor(store: SilenceStore, wallNow: () => number) {
    this.#store = store;
    this.#wallNow = wallNow;
  }

  /**
   * Add a silence; returns its id.
   * @throws TypeError for bad matchers, a window that is empty, ends in the past or lasts
   * more than a year, or matchers that would silence every alert
   */
  add(input: SilenceInput): string {
    const matchers = parseMatchers(input.matchers);
    if (matchers.length === 0) throw new TypeError('a silence needs at least one matcher');
    if (new CompiledMatchers(matchers).matchesEmpty())
      throw new TypeError(
        `a silence must not match every alert: ${new CompiledMatchers(matchers)} matches an alert with no labels; add a matcher that needs a value`,
      );
    const now = this.#wallNow();
    const startsAt = input.startsAt === undefined ? now : epoch(input.startsAt, 'startsAt');
    let endsAt: number;
    if (input.until !== undefined && input.duration !== undefined)
      throw new TypeError('give a silence `until` or `duration`, not both');
    if (input.until !== undefined) endsAt = epoch(input.until, 'until');
    else if (input.duration !== undefined) {
      const seconds = parseDuration(input.duration);
      if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0)
        throw new TypeError(
          '`duration` must be a positive number of seconds or a duration such as "2h"',
        );
      endsAt = startsAt + seconds * 1000;
    } else throw new TypeError('a silence needs `until` or `duration`');
    if (endsAt <= now) throw new TypeError('a silence must end in the future');
    if (endsAt <= startsAt) throw new TypeError('a silence must end after it starts');
    if (endsAt - startsAt > MAX_SILENCE_MS)
      throw new TypeError('a silence may last a year at most');
    const silence: StoredSilence = {
      id: randomUUID(),
      matchers,
      startsAt,
      endsAt,
      comment: text(input.comment, 'comment'),
      createdBy: text(input.createdBy, 'createdBy'),
    };
    this.#store.put(silence);
    this.#compiled = undefined;
    return silence.id;
  }

  /** End a silence now. Whether there was one with this id that had not ended. */
  expire(id: string): boolean {
    const now = this.#wallNow();
    const found = this.#store.list().find((silence) => silence.id === id);
    if (found === undefined || found.endsAt <= now) return false;
    this.#store.put({ ...found, endsAt: Math.max(now, found.startsAt) });
    this.#compiled = undefined;
    return true;
  }

  /** Every silence, active and pending first (soonest end first), then the recently expired. */
  list(): Silence[] {
    const now = this.#wallNow();
    this.#prune(now);
    return this.#store
      .list()
      .map((silence) => view(silence, now))
      .sort(
        (a, b) =>
          Number(a.state === 'expired') - Number(b.state === 'expired') ||
          a.endsAt.getTime() - b.endsAt.getTime(),
      );
  }

  /** The active silence that covers `alert` now, if any. */
  match(alert: Alert): StoredSilence | undefined {
    if (this.#store.version !== this.#version) {
      this.#version = this.#store.version;
      this.#compiled = undefined;
    }
    this.#compiled ??= this.#store
      .list()
      .map((silence) => ({ silence, matchers: new CompiledMatchers(silence.matchers) }));
    if (this.#compiled.length === 0) return undefined;
    const now = this.#wallNow();
    for (const { silence, matchers } of this.#compiled) {
      if (silence.startsAt <= now && now < silence.endsAt && matchers.matches(alert))
        return silence;
    }
    return undefined;
  }

  /** Forget silences expired for more than five days. */
  #prune(now: number): void {
    for (const silence of this.#store.list()) {
      if (silence.endsAt + KEEP_EXPIRED_MS < now) {
        this.#store.remove(silence.id);
        this.#compiled = undefined;
      }
    }
  }
}

/** One line for a result: `silenced by 3f2a… (maintenance of db1)`. */
export function silencedReason(silence: StoredSilence): string {
  const why = silence.comment === '' ? '' : ` (${silence.comment})`;
  return `silenced by ${silence.id}${why}: ${silence.matchers.map(matcherText).join(', ')}`;
}

function view(silence: StoredSilence, now: number): Silence {
  return {
    ...silence,
    startsAt: new Date(silence.startsAt),
    endsAt: new Date(silence.endsAt),
    state: now < silence.startsAt ? 'pending' : now < silence.endsAt ? 'active' : 'expired',
  };
}

function epoch(value: Date | string | number, name: string): number {
  const ms = toEpochMs(value);
  if (!Number.isFinite(ms))
    throw new TypeError(`\`${name}\` must be a date (a Date, an ISO string or epoch milliseconds)`);
  return ms;
}

function text(value: unknown, name: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length > 1000)
    throw new TypeError(`\`${name}\` must be a string of at most 1000 characters`);
  return value;
}
