import { LIMITS } from '../limits.js';
import type {
  AlertRecord,
  Claim,
  NoiseStore,
  TakenEntry,
  TakenWindow,
  WindowItem,
  WindowState,
} from './noise-store.js';

/** Values of the `countBy` label kept apart per fingerprint; the rest are summed under `''`. */
export const MAX_COUNTED_VALUES = 100;

interface Held {
  count: number;
  since: number;
  expiresAt: number;
}

interface Tally {
  readonly fingerprint: string;
  readonly alert: AlertRecord;
  count: number;
  firstEpoch: number;
  lastEpoch: number;
  readonly counts: Map<string, number>;
}

interface Window {
  readonly id: string;
  readonly openedAt: number;
  count: number;
  expiresAt: number;
  readonly tallies: Map<string, Tally>;
  otherAlerts: number;
}

/**
 * A `NoiseStore` in this process, answering synchronously: managers of one process that
 * share it send one notification per fingerprint and one digest per group between them, as
 * replicas sharing a `RedisNoiseStore` do. It reads the time its callers give (`now`), so
 * the managers sharing it must share a clock. `RedisNoiseStore` falls back to one while
 * Redis cannot be reached. Expired state is dropped when its key is next used, and by a
 * sweep at most once a minute.
 */
export class MemoryNoiseStore implements NoiseStore {
  private readonly claims = new Map<string, number>();
  private readonly held = new Map<string, Held>();
  private readonly windows = new Map<string, Window>();
  private readonly flushes = new Map<string, { at: number; expiresAt: number }>();
  private sweptAt = Number.NEGATIVE_INFINITY;

  claim(key: string, ttlMs: number, extend: boolean, epoch: number, now: number): Claim {
    this.sweep(now);
    const until = this.claims.get(key);
    if (until === undefined || until <= now) {
      this.claims.set(key, now + ttlMs);
      const held = this.live(this.held, key, now);
      this.held.delete(key);
      return { claimed: true, held: held?.count ?? 0, heldSince: held?.since ?? 0 };
    }
    if (extend) this.claims.set(key, now + ttlMs);
    const held = this.live(this.held, key, now);
    if (held === undefined)
      this.held.set(key, { count: 1, since: epoch, expiresAt: now + 2 * ttlMs });
    else {
      held.count++;
      held.expiresAt = now + 2 * ttlMs;
    }
    return REFUSED;
  }

  release(key: string, ttlMs: number, count: number, sinceEpoch: number, now: number): void {
    this.claims.delete(key);
    const held = this.live(this.held, key, now);
    const expiresAt = now + 2 * ttlMs;
    if (held === undefined) this.held.set(key, { count, since: sinceEpoch, expiresAt });
    else {
      held.count += count;
      held.since = Math.min(held.since, sinceEpoch);
      held.expiresAt = expiresAt;
    }
  }

  forget(key: string): void {
    this.claims.delete(key);
    this.held.delete(key);
  }

  add(key: string, item: WindowItem, id: string, ttlMs: number, now: number): WindowState {
    this.sweep(now);
    let window = this.live(this.windows, key, now);
    if (window === undefined) {
      window = { id, openedAt: now, count: 0, expiresAt: 0, tallies: new Map(), otherAlerts: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    window.expiresAt = Math.max(window.expiresAt, now + ttlMs);
    let tally = window.tallies.get(item.fingerprint);
    if (tally === undefined) {
      if (window.tallies.size >= LIMITS.groupMaxAlerts.max) window.otherAlerts++;
      else {
        tally = {
          fingerprint: item.fingerprint,
          alert: item.alert,
          count: 0,
          firstEpoch: item.epoch,
          lastEpoch: item.epoch,
          counts: new Map(),
        };
        window.tallies.set(item.fingerprint, tally);
      }
    }
    if (tally !== undefined) {
      tally.count++;
      tally.firstEpoch = Math.min(tally.firstEpoch, item.epoch);
      tally.lastEpoch = Math.max(tally.lastEpoch, item.epoch);
      if (item.value !== undefined) {
        const value =
          tally.counts.has(item.value) || tally.counts.size < MAX_COUNTED_VALUES ? item.value : '';
        tally.counts.set(value, (tally.counts.get(value) ?? 0) + 1);
      }
    }
    const flushed = this.live(this.flushes, key, now);
    return {
      id: window.id,
      count: window.count,
      openedAgoMs: now - window.openedAt,
      flushedAgoMs: flushed === undefined ? undefined : now - flushed.at,
    };
  }

  take(key: string, id: string, retireMs: number, now: number): TakenWindow | undefined {
    const window = this.live(this.windows, key, now);
    if (window === undefined || window.id !== id) return undefined;
    this.windows.delete(key);
    this.flushes.set(key, { at: now, expiresAt: now + retireMs });
    const entries: TakenEntry[] = [];
    for (const tally of window.tallies.values())
      entries.push({
        fingerprint: tally.fingerprint,
        alert: tally.alert,
        count: tally.count,
        firstEpoch: tally.firstEpoch,
        lastEpoch: tally.lastEpoch,
        counts: [...tally.counts],
      });
    return {
      id: window.id,
      count: window.count,
      openedAgoMs: now - window.openedAt,
      entries,
      otherAlerts: window.otherAlerts,
    };
  }

  /** Keys holding state now (claims, held counts, windows, last flushes): for tests. */
  get size(): number {
    return this.claims.size + this.held.size + this.windows.size + this.flushes.size;
  }

  /** `map`'s value for `key` unless it expired (then it goes). */
  private live<V extends { expiresAt: number }>(
    map: Map<string, V>,
    key: string,
    now: number,
  ): V | undefined {
    const value = map.get(key);
    if (value === undefined || value.expiresAt > now) return value;
    map.delete(key);
    return undefined;
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [key, until] of this.claims) if (until <= now) this.claims.delete(key);
    for (const map of [this.held, this.windows, this.flushes] as Array<
      Map<string, { expiresAt: number }>
    >)
      for (const [key, value] of map) if (value.expiresAt <= now) map.delete(key);
  }
}

const REFUSED: Claim = { claimed: false, held: 0, heldSince: 0 };
