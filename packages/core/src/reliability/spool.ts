import { epochOf } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import type { AlertResult } from '../alert-result.js';
import { bodyBeforeTables } from '../alert-table.js';
import { applyLimit, DEFAULTS } from '../limits.js';
import type { Logger } from '../logger.js';
import type { Counted, OutcomeSink } from '../outcomes.js';
import { plural } from '../plural.js';
import type { DeadLetterStore } from './dead-letters.js';
import {
  type SpooledAlertInput,
  SpoolJournal,
  type SpoolRecord,
  type SpoolSync,
} from './spool-journal.js';

export interface SpoolOptions {
  /** The folder of the journal (`spool.jsonl`) and its lock; made when missing. One process per folder. */
  dir: string;
  /**
   * When the journal reaches the disk. Either way each accepted alert is written (a
   * synchronous write) before its delivery starts, so a crash or kill of the process loses
   * none. `batched`: synced every `syncInterval` seconds: a power loss or kernel crash can
   * lose the alerts of the last interval. `always`: each send waits for a sync before its
   * delivery starts (the sends of one turn of the event loop share one): nothing is lost,
   * at the cost of a sync per turn. @default 'batched'
   */
  sync?: SpoolSync;
  /** Seconds between syncs in `batched` mode. 0.01..60. @default 1 */
  syncInterval?: number;
  /** The journal is compacted (rewritten with only what is not done) past this many bytes. @default 16 MiB */
  maxFileBytes?: number;
  /**
   * Alerts tracked at once (each keeps its journal line in memory until done); past it, new
   * alerts are delivered but not journaled, with a warning. @default 100000
   */
  maxAlerts?: number;
}

/** The spool's counters, in `manager.stats.spool` when the manager has one. */
export interface SpoolStats {
  /** Alerts journaled and not done yet (in flight, in backoff, in a digest's group). */
  pending: number;
  /** Alerts journaled since the manager started (recovered ones not counted again). */
  journaled: number;
  /** Alerts of an earlier run sent again after a restart. */
  recovered: number;
  /** Accepted alerts not journaled: `maxAlerts` were tracked already. */
  unjournaled: number;
  /** Writes and syncs of the journal the disk refused (each warned of once per outage). */
  writeErrors: number;
}

/** An alert of an earlier run, as recovery sends it. */
export interface LeftOverAlert {
  readonly record: SpoolRecord;
  readonly input: SpooledAlertInput;
}

/**
 * The durable spool (`AlertManagerOptions.spool`): every accepted alert is journaled before
 * its delivery and marked done once each of its entries has a final status (a grouped
 * alert when the digest that carries it has its own), so a restart finds what was in
 * flight, in backoff or in a group, and sends it again under its original id.
 */
export class Spool {
  readonly journal: SpoolJournal;
  private readonly logger: Logger;
  private readonly maxAlerts: number;
  /** The journal line of each alert not done, by number (kept for compactions). */
  private readonly open = new Map<number, string>();
  /** Alerts waiting for a digest, by the digest's id. */
  private readonly byDigest = new Map<string, Tracked[]>();
  /** Digests that ended in this turn of the event loop (before their alerts were told they wait for them). */
  private readonly ended = new Set<string>();
  private next: number;
  private full = false;
  /** Closed: alerts not done by now stay in the journal for the next run. */
  private closed = false;
  /** Alerts of the earlier run not sent yet (their entries not added yet). */
  private leftOver: SpoolRecord[];
  private readonly counts = { journaled: 0, recovered: 0, unjournaled: 0 };

  /**
   * `letters`: where undelivered alerts go. An alert that ended undelivered is marked done
   * only once its dead letter is written, so a crash in between sends it again rather than
   * losing it.
   */
  constructor(
    options: SpoolOptions,
    logger: Logger,
    private readonly letters?: DeadLetterStore,
  ) {
    if (
      typeof options !== 'object' ||
      options === null ||
      typeof options.dir !== 'string' ||
      options.dir === ''
    )
      throw new TypeError('`spool` needs a `dir`: the folder its journal goes in');
    if (options.sync !== undefined && options.sync !== 'batched' && options.sync !== 'always')
      throw new TypeError(
        `\`spool.sync\` must be 'batched' or 'always'; got ${String(options.sync)}`,
      );
    const context = { source: 'spool options', logger };
    const d = DEFAULTS.spool;
    this.logger = logger;
    this.maxAlerts = applyLimit('spoolAlerts', options.maxAlerts ?? d.maxAlerts, context);
    this.journal = new SpoolJournal({
      dir: options.dir,
      sync: options.sync ?? 'batched',
      syncIntervalMs:
        applyLimit('spoolSyncInterval', options.syncInterval ?? d.syncInterval, context) * 1000,
      maxFileBytes: applyLimit('spoolFileBytes', options.maxFileBytes ?? d.maxFileBytes, context),
      logger,
    });
    this.next = this.journal.nextNumber;
    this.leftOver = this.journal.leftOver;
    for (const record of this.leftOver) this.open.set(record.n, `${JSON.stringify(record)}\n`);
    if (this.journal.unreadable > 0)
      logger.warn(
        `the spool in ${options.dir} had ${plural(this.journal.unreadable, 'unreadable line')} (torn by a crash?): skipped`,
      );
  }

  /**
   * Journal an accepted alert going to `to` (entry keys; undefined: every entry whose route
   * takes it), written at the end of this turn (`journal.afterWrite`). Returns the sink its
   * outcomes go through (sealed once every entry has it), or undefined when the spool tracks
   * `maxAlerts` already.
   */
  accept(
    alert: Alert,
    to: readonly string[] | undefined,
    parent: OutcomeSink,
  ): Tracked | undefined {
    if (this.open.size >= this.maxAlerts) {
      this.unjournaled(`it tracks ${this.maxAlerts} alerts not done (spool.max_alerts)`);
      return undefined;
    }
    const record: SpoolRecord = {
      n: this.next++,
      a: spooledInput(alert),
      ...(to === undefined ? {} : { to, r: 1 as const }),
    };
    const line = `${JSON.stringify(record)}\n`;
    this.journal.enqueue(line);
    this.full = false;
    this.counts.journaled++;
    this.track(record.n, line);
    return new Tracked(this, record, parent);
  }

  get stats(): SpoolStats {
    return { pending: this.open.size, ...this.counts, writeErrors: this.journal.errors };
  }

  /** Lines of every alert not done: what a compaction writes (one function, not one per alert). */
  readonly lines = (): Iterable<string> => this.open.values();

  /**
   * The alerts of the earlier run whose entries `known` has (all of them when they have no
   * `to`), taken off the list; those of entries not registered now stay for a later call.
   */
  takeLeftOver(known: (key: string) => boolean): LeftOverAlert[] {
    const taken: LeftOverAlert[] = [];
    const kept: SpoolRecord[] = [];
    for (const record of this.leftOver) {
      if (record.to === undefined || record.to.every(known))
        taken.push({ record, input: record.a });
      else kept.push(record);
    }
    this.leftOver = kept;
    this.counts.recovered += taken.length;
    return taken;
  }

  /** Alerts of the earlier run still waiting for their entries. */
  get waitingLeftOver(): number {
    return this.leftOver.length;
  }

  /** The sink of a recovered alert: its outcomes mark its existing record done. */
  resume(record: SpoolRecord, parent: OutcomeSink): Tracked {
    return new Tracked(this, record, parent);
  }

  /** A recovered alert that cannot be sent (invalid now): drop it from the journal. */
  discard(record: SpoolRecord): void {
    this.finish(record.n);
  }

  /**
   * A digest has its outcome: the alerts it carried are done on its entry (`undelivered`: it
   * failed, and went to the dead letters).
   */
  digestEnded(digestId: string, undelivered = false): void {
    const waiting = this.byDigest.get(digestId);
    if (waiting === undefined) {
      // Ended at once, before the alerts it carries learnt they wait for it (a threshold
      // flush whose digest was throttled): remember it for the rest of this turn.
      if (this.ended.size === 0) setImmediate(() => this.ended.clear());
      this.ended.add(digestId);
      return;
    }
    this.byDigest.delete(digestId);
    for (const tracked of waiting) tracked.digestEnded(digestId, undelivered);
  }

  /** `tracked` waits for digest `digestId`; false when that digest has already ended. */
  waitFor(digestId: string, tracked: Tracked): boolean {
    if (this.ended.has(digestId)) return false;
    const waiting = this.byDigest.get(digestId);
    if (waiting === undefined) this.byDigest.set(digestId, [tracked]);
    else waiting.push(tracked);
    return true;
  }

  /** Note in an alert's record the entries where it has ended: a restart leaves them out. */
  narrow(record: SpoolRecord, done: readonly string[]): void {
    const line = `${JSON.stringify({ ...record, x: done })}\n`;
    if (this.open.has(record.n) && this.journal.append(line)) this.open.set(record.n, line);
  }

  /** Alert `n` is done, once the dead letters queued by now are written (when there are any). */
  finishAfterLetters(n: number): void {
    const letters = this.letters;
    if (letters === undefined) this.finish(n);
    else
      letters.flush().then(
        () => this.finish(n),
        // A write refused is the store's to report; the alert stays journaled (sent again).
        () => {},
      );
  }

  finish(n: number): void {
    if (this.closed || !this.open.delete(n)) return;
    this.journal.done(n);
    this.journal.compactIfDue(this.lines);
  }

  close(): void {
    this.closed = true;
    this.journal.close(this.lines());
  }

  private track(n: number, line: string): void {
    this.open.set(n, line);
    this.journal.compactIfDue(this.lines);
  }

  private unjournaled(why: string): void {
    this.counts.unjournaled++;
    if (this.full) return;
    this.full = true;
    this.logger.warn(
      `the spool in ${this.journal.dir} journals no new alert: ${why}; they are delivered, but a crash would lose them`,
    );
  }
}

/**
 * One journaled alert's outcomes on their way to the send's results: it is done once every
 * entry has a final status, a grouped one once its digest has its own. While it waits for
 * some entries, the entries done are added to its record, so a restart sends it only where
 * it has not ended.
 */
export class Tracked implements OutcomeSink {
  readonly counted: Counted;
  /** Outcomes to come: reserved slots, digests waited for, and one for `seal`. */
  private open = 1;
  private sealed = false;
  /** Entries where it has ended, and whether the record says so yet. */
  private done: string[] | undefined;
  private told = true;
  /** The digests it waits for, with their entries. */
  private waiting: Array<{ readonly digest: string; readonly key: string }> | undefined;
  /** It ended undelivered somewhere: done once its dead letter is written. */
  private lettered = false;

  constructor(
    private readonly spool: Spool,
    private readonly record: SpoolRecord,
    private readonly parent: OutcomeSink,
  ) {
    this.counted = parent.counted;
  }

  add(result: AlertResult): void {
    this.parent.add(result);
    this.saw(result);
  }

  reserve(): number {
    this.open++;
    return this.parent.reserve();
  }

  fill(slot: number, result: AlertResult | undefined): void {
    this.parent.fill(slot, result);
    if (result !== undefined) this.saw(result);
    this.release();
  }

  /** Every entry has been given the alert. */
  seal(): void {
    this.sealed = true;
    this.release();
  }

  /** A digest it waited for has its outcome. */
  digestEnded(digestId: string, undelivered: boolean): void {
    if (undelivered) this.lettered = true;
    const waiting = this.waiting ?? [];
    const at = waiting.findIndex((w) => w.digest === digestId);
    if (at !== -1) this.ended((waiting.splice(at, 1)[0] as { key: string }).key);
    this.release();
  }

  private release(): void {
    if (--this.open === 0) {
      if (this.lettered) this.spool.finishAfterLetters(this.record.n);
      else this.spool.finish(this.record.n);
    } else if (this.sealed && !this.told) {
      this.told = true;
      this.spool.narrow(this.record, this.done as string[]);
    }
  }

  private saw(result: AlertResult): void {
    const { digestId, status } = result;
    if (status === 'failed' || status === 'circuit_open') this.lettered = true;
    // A grouped result without a digest id is held by a store shared with other processes.
    if (
      result.status === 'grouped' &&
      digestId !== undefined &&
      this.spool.waitFor(digestId, this)
    ) {
      this.open++;
      this.waiting ??= [];
      this.waiting.push({ digest: digestId, key: result.channel });
    } else this.ended(result.channel);
  }

  private ended(key: string): void {
    this.done ??= [];
    this.done.push(key);
    this.told = false;
  }
}

/** The fields that make `alert` again (its id and time included), as JSON. */
function spooledInput(alert: Alert): SpooledAlertInput {
  const input: {
    -readonly [K in keyof SpooledAlertInput]: SpooledAlertInput[K];
  } = {
    id: alert.id,
    title: alert.title,
    body: alert.tables === undefined ? alert.body : bodyBeforeTables(alert.body, alert.tables),
    level: alert.level,
    labels: alert.labels,
    timestamp: epochOf(alert),
  };
  if (alert.source !== undefined) input.source = alert.source;
  if (alert.dedupKey !== undefined) input.dedupKey = alert.dedupKey;
  if (alert.formattedTitle !== alert.title) input.timestampInTitle = true;
  if (alert.tables !== undefined) input.tables = alert.tables;
  return input;
}
