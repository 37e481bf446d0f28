import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { TocsinError } from '../errors/tocsin-error.js';
import type { Logger } from '../logger.js';

/** When the journal's lines are made durable: see `SpoolOptions.sync`. */
export type SpoolSync = 'batched' | 'always';

/** One accepted alert as the journal holds it (`{"n":..., "a":..., "to":..., "r":...}`). */
export interface SpoolRecord {
  /** Its number in this journal: done marks name it. */
  readonly n: number;
  /** The alert as `send` takes it again, with its original id and timestamp. */
  readonly a: SpooledAlertInput;
  /** The entry keys it still goes to; absent: every entry whose route takes it. */
  readonly to?: readonly string[];
  /** Its route filter is behind it (sent to a channel by name). */
  readonly r?: 1;
  /** Entries where it has ended: a restart leaves them out. */
  readonly x?: readonly string[];
}

/** The fields `createAlert` takes back: what makes the alert the same alert after a restart. */
export interface SpooledAlertInput {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly level: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Epoch ms. */
  readonly timestamp: number;
  readonly source?: string;
  readonly dedupKey?: string;
  readonly timestampInTitle?: true;
  readonly tables?: ReadonlyArray<{
    readonly title: string;
    readonly columns: readonly string[];
    readonly rows: ReadonlyArray<readonly string[]>;
  }>;
}

export interface JournalSettings {
  readonly dir: string;
  readonly sync: SpoolSync;
  readonly syncIntervalMs: number;
  readonly maxFileBytes: number;
  readonly logger: Logger;
}

const JOURNAL = 'spool.jsonl';
const LOCK = 'spool.lock';
/** Folders a spool of this process holds: a second manager on one folder is refused. */
const held = new Set<string>();

/**
 * The spool's file: one JSON line per accepted alert (`{"n":7,"a":{...}}`) and one per
 * alert done (`{"d":7}`). The lines of the alerts sent in one turn of the event loop are
 * appended with one synchronous write at its end, before their deliveries start, so a
 * process killed at any point leaves every alert it began to deliver on disk. How often the
 * file is synced to the disk (what a power loss can take) is `sync`. Past `maxFileBytes`
 * it is rewritten with only the alerts not done (written aside, synced, renamed over).
 * A lock file keeps a second process off the folder.
 */
export class SpoolJournal {
  readonly dir: string;
  /** Alerts of an earlier run not done when it ended: what recovery sends. */
  readonly leftOver: SpoolRecord[];
  /** Lines of the earlier run that could not be read (a line torn by a crash). */
  readonly unreadable: number;
  private readonly settings: JournalSettings;
  private readonly path: string;
  private fd: number;
  private size = 0;
  private compactAt: number;
  /** Done marks waiting for the next write (they may be lost: then the alert is sent again). */
  private marks = '';
  private marksScheduled = false;
  private dirty = false;
  private syncing = false;
  /** Accepted alerts' lines for this turn's write. */
  private lines = '';
  private writeQueued = false;
  /** Sends waiting for this turn's write. */
  private waiting: Array<() => void> = [];
  /** Sends waiting for the next sync (`always`). */
  private unsynced: Array<() => void> = [];
  /** Descriptors replaced by a compaction while a sync ran on them: closed when it ends. */
  private retired: number[] = [];
  private readonly timer: NodeJS.Timeout | undefined;
  private failing = false;
  private closed = false;
  /** Writes that failed: their alerts were delivered but not journaled. */
  errors = 0;

  constructor(settings: JournalSettings) {
    this.settings = settings;
    this.dir = settings.dir;
    this.path = join(settings.dir, JOURNAL);
    mkdirSync(settings.dir, { recursive: true, mode: 0o700 });
    this.lock();
    const { records, unreadable } = readJournal(this.path);
    this.leftOver = records;
    this.unreadable = unreadable;
    // Start from a clean file that holds only what is left over.
    this.fd = this.rewriteWith(records.map((record) => `${JSON.stringify(record)}\n`));
    this.compactAt = Math.max(settings.maxFileBytes, this.size * 2);
    if (settings.sync === 'batched') {
      this.timer = setInterval(() => this.syncSoon(), settings.syncIntervalMs);
      this.timer.unref();
    }
  }

  /** The first number a new record may take. */
  get nextNumber(): number {
    let next = 0;
    for (const record of this.leftOver) if (record.n >= next) next = record.n + 1;
    return next;
  }

  /** An accepted alert's line, for the write at the end of this turn. */
  enqueue(line: string): void {
    this.lines += line;
    this.queueWrite();
  }

  /**
   * Call `then` once this turn's lines are written (`batched`) or written and synced
   * (`always`: the sends of a turn, and of the turns while a sync runs, share one). A write
   * or sync the disk refuses is reported, and `then` still runs: delivering matters more
   * than the journal.
   */
  afterWrite(then: () => void): void {
    if (this.closed) {
      then();
      return;
    }
    this.waiting.push(then);
    this.queueWrite();
  }

  /**
   * Append lines now (a synchronous write: on disk for any crash of the process once it
   * returns). Done marks waiting go first. False when the disk refused them.
   */
  append(lines: string): boolean {
    if (this.closed) return false;
    const text = this.marks === '' ? lines : this.marks + lines;
    this.marks = '';
    return this.write(text);
  }

  /** Mark an alert done; written with the next append or on the next turn of the event loop. */
  done(n: number): void {
    if (this.closed) return;
    this.marks += `{"d":${n}}\n`;
    if (!this.marksScheduled) {
      this.marksScheduled = true;
      setImmediate(() => {
        this.marksScheduled = false;
        if (this.marks !== '' && !this.closed) this.append('');
      });
    }
  }

  private queueWrite(): void {
    if (this.writeQueued) return;
    this.writeQueued = true;
    queueMicrotask(this.writeTurn);
  }

  /** The end of a turn: write its lines at once, then let its sends go (after a sync, in `always`). */
  private readonly writeTurn = (): void => {
    this.writeQueued = false;
    const text = this.lines;
    this.lines = '';
    if (text !== '') this.append(text);
    const ready = this.waiting;
    this.waiting = [];
    if (this.settings.sync === 'batched' || this.closed) {
      for (const then of ready) then();
      return;
    }
    for (const then of ready) this.unsynced.push(then);
    if (!this.syncing) this.startSync();
  };

  /**
   * Rewrite the journal with `lines` (the alerts not done) once it has grown past its bound:
   * written aside, synced, then renamed over the old one.
   */
  compactIfDue(lines: () => Iterable<string>): void {
    if (this.size < this.compactAt || this.closed) return;
    this.compact(lines());
  }

  /** Sync, rewrite with what is not done, and release the folder. */
  close(lines: Iterable<string>): void {
    if (this.closed) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.marks = '';
    this.lines = '';
    this.compact(lines);
    this.closed = true;
    closeSync(this.fd);
    for (const fd of this.retired.splice(0)) closeSync(fd);
    rmSync(join(this.dir, LOCK), { force: true });
    held.delete(this.dir);
    for (const then of this.waiting.splice(0)) then();
    for (const then of this.unsynced.splice(0)) then();
  }

  private compact(lines: Iterable<string>): void {
    const text = [...lines];
    try {
      const old = this.fd;
      this.fd = this.rewriteWith(text);
      this.marks = '';
      if (this.syncing) this.retired.push(old);
      else closeSync(old);
    } catch (error) {
      this.fail(error);
    }
    this.compactAt = Math.max(this.settings.maxFileBytes, this.size * 2);
  }

  /** Write `lines` to a new file beside the journal, sync it, rename it over; its descriptor. */
  private rewriteWith(lines: readonly string[]): number {
    const aside = `${this.path}.new`;
    const text = lines.join('');
    writeFileSync(aside, text, { mode: 0o600 });
    const file = openSync(aside, 'r+');
    fdatasyncSync(file);
    closeSync(file);
    renameSync(aside, this.path);
    syncFolder(this.dir);
    this.size = Buffer.byteLength(text);
    this.dirty = false;
    return openSync(this.path, 'a', 0o600);
  }

  private write(text: string): boolean {
    if (text === '') return true;
    try {
      writeSync(this.fd, text);
      this.size += Buffer.byteLength(text);
      this.dirty = true;
      if (this.failing) {
        this.failing = false;
        this.settings.logger.warn(`the spool in ${this.dir} writes again`);
      }
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  private syncSoon(): void {
    if (this.dirty && !this.syncing) this.startSync();
  }

  private startSync(): void {
    const covered = this.unsynced;
    this.unsynced = [];
    if (this.marks !== '') this.append('');
    this.syncing = true;
    this.dirty = false;
    fdatasync(this.fd, (error) => {
      this.syncing = false;
      for (const fd of this.retired.splice(0)) closeSync(fd);
      if (error !== null) this.fail(error);
      for (const then of covered) then();
      if (this.unsynced.length > 0 && !this.closed) this.startSync();
    });
  }

  private fail(error: unknown): void {
    this.errors++;
    if (this.failing) return;
    this.failing = true;
    this.settings.logger.warn(
      `the spool in ${this.dir} cannot write: ${(error as Error)?.message ?? String(error)}; alerts are still delivered, but not journaled until it can`,
    );
  }

  /** Take the folder, or say which process has it. A lock left by a dead process is taken over. */
  private lock(): void {
    if (held.has(this.dir))
      throw new TocsinError(
        `the spool folder ${this.dir} is in use by another AlertManager of this process`,
        'TOCSIN_SPOOL_IN_USE',
      );
    const path = join(this.dir, LOCK);
    for (let tries = 0; tries < 2; tries++) {
      try {
        writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
        held.add(this.dir);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number.parseInt(readText(path), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner))
        throw new TocsinError(
          `the spool folder ${this.dir} is in use by process ${owner} (${LOCK}); give each process its own folder`,
          'TOCSIN_SPOOL_IN_USE',
        );
      // Left by a process that ended without closing (killed): ours now.
      rmSync(path, { force: true });
    }
    throw new TocsinError(`could not lock the spool folder ${this.dir}`, 'TOCSIN_SPOOL_IN_USE');
  }
}

/** The records of a journal not marked done, in order; lines that do not parse are counted. */
function readJournal(path: string): { records: SpoolRecord[]; unreadable: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], unreadable: 0 };
    throw error;
  }
  const open = new Map<number, SpoolRecord>();
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      unreadable++;
      continue;
    }
    if (typeof record !== 'object' || record === null) {
      unreadable++;
      continue;
    }
    const { d, n, a } = record as { d?: unknown; n?: unknown; a?: unknown };
    if (typeof d === 'number') open.delete(d);
    else if (typeof n === 'number' && typeof a === 'object' && a !== null)
      open.set(n, record as SpoolRecord);
    else unreadable++;
  }
  return { records: [...open.values()], unreadable };
}

/** Make a rename in `dir` durable (where the platform allows syncing a folder). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for syncing; the rename is as durable as it gets there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
