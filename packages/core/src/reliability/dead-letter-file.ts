import { appendFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { applyLimit, DEFAULTS, type LimitContext } from '../limits.js';
import { defaultLogger, type Logger } from '../logger.js';
import { plural } from '../plural.js';
import type { DeadLetter, DeadLetterFilter, DeadLetterStore } from './dead-letters.js';

export interface FileDeadLettersOptions {
  /** The folder the files go in; made when missing. */
  dir: string;
  /** A file past this size is rotated (bytes). 64 KiB..1 GiB. @default 10 MiB */
  maxFileBytes?: number;
  /** Files kept, the current one included; the oldest goes beyond. 1..100. @default 5 */
  maxFiles?: number;
  /** Where write failures and dropped letters are reported. */
  logger?: Logger;
}

/** Letters waiting to be written; past this, the oldest are dropped (and counted). */
const MAX_QUEUED = 10_000;
const FILE = 'dead-letters';

/**
 * Dead letters as JSON Lines files in one folder: `dead-letters.jsonl` takes new letters
 * and replay marks; past `maxFileBytes` it becomes `dead-letters.1.jsonl` (the older ones
 * shift to `.2`, `.3`...), and beyond `maxFiles` the oldest is deleted, so the folder stays
 * bounded. Writes are queued and appended in the background, one append at a time: the
 * delivery path never waits for the disk. A replay appends a mark (`{"replayed": id}`)
 * rather than rewriting the file.
 */
export class FileDeadLetters implements DeadLetterStore {
  readonly dir: string;
  private readonly maxFileBytes: number;
  private readonly maxFiles: number;
  private readonly logger: Logger | undefined;
  private queue: string[] = [];
  private writing: Promise<void> | undefined;
  private size: number | undefined;
  /** Letters dropped because the queue was full or the disk refused them. */
  dropped = 0;

  constructor(options: FileDeadLettersOptions) {
    if (typeof options?.dir !== 'string' || options.dir === '')
      throw new TypeError('dead letters need a `dir`: the folder their files go in');
    const context: LimitContext = {
      source: 'deadLetters options',
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    };
    this.dir = options.dir;
    this.maxFileBytes = applyLimit(
      'deadLetterFileBytes',
      options.maxFileBytes ?? DEFAULTS.deadLetters.maxFileBytes,
      context,
    );
    this.maxFiles = applyLimit(
      'deadLetterFiles',
      options.maxFiles ?? DEFAULTS.deadLetters.maxFiles,
      context,
    );
    this.logger = options.logger;
  }

  write(letter: DeadLetter): void {
    this.enqueue(`${JSON.stringify(letter)}\n`);
  }

  async markReplayed(ids: readonly string[]): Promise<void> {
    const at = new Date().toISOString();
    for (const id of ids) this.enqueue(`${JSON.stringify({ replayed: id, at })}\n`);
    await this.flush();
  }

  async flush(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
  }

  async list(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    await this.flush();
    const letters = new Map<string, DeadLetter>();
    // Oldest file first, so a later letter or mark of one id wins.
    for (let n = this.maxFiles - 1; n >= 0; n--) {
      let text: string;
      try {
        text = await readFile(this.path(n), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const line of text.split('\n')) {
        const record = parseLine(line);
        if (record === undefined) continue;
        if ('replayed' in record) letters.delete(record.replayed);
        else {
          letters.delete(record.id);
          letters.set(record.id, record);
        }
      }
    }
    const since = filter.since?.getTime();
    return [...letters.values()].filter(
      (letter) =>
        (since === undefined || Date.parse(letter.at) >= since) &&
        (filter.channel === undefined || letter.channel === filter.channel),
    );
  }

  private enqueue(line: string): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.queue.shift();
      this.drop(1, `more than ${MAX_QUEUED} dead letters waited to be written`);
    }
    this.queue.push(line);
    this.writing ??= this.drain().finally(() => {
      this.writing = undefined;
    });
  }

  /** Append what is queued, a batch at a time, until the queue is empty. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.append(batch);
      } catch (error) {
        this.drop(
          batch.length,
          `writing to ${this.dir} failed: ${(error as Error).message ?? String(error)}`,
        );
      }
    }
  }

  /** Append `lines`, rotating whenever the next would take the file past its bound. */
  private async append(lines: readonly string[]): Promise<void> {
    let size = this.size;
    let torn = false;
    if (size === undefined) {
      await mkdir(this.dir, { recursive: true });
      size = await stat(this.path(0)).then(
        (s) => s.size,
        () => 0,
      );
      // A crash mid-append left a torn last line: start on a line of our own.
      torn = size > 0 && !(await endsWithNewline(this.path(0), size));
    }
    let chunk = torn ? '\n' : '';
    let chunkBytes = chunk.length;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      // Rotate before a line that would pass the bound, unless the file is empty (a huge letter).
      if (size + chunkBytes + bytes > this.maxFileBytes && size + chunkBytes > 0) {
        if (chunk !== '') await appendFile(this.path(0), chunk, { mode: 0o600 });
        await this.rotate();
        size = chunkBytes = 0;
        chunk = '';
      }
      chunk += line;
      chunkBytes += bytes;
    }
    if (chunk !== '') await appendFile(this.path(0), chunk, { mode: 0o600 });
    this.size = size + chunkBytes;
  }

  private async rotate(): Promise<void> {
    await rm(this.path(this.maxFiles - 1), { force: true });
    for (let n = this.maxFiles - 2; n >= 0; n--)
      await rename(this.path(n), this.path(n + 1)).catch(ignoreMissing);
  }

  private path(n: number): string {
    return join(this.dir, n === 0 ? `${FILE}.jsonl` : `${FILE}.${n}.jsonl`);
  }

  private drop(count: number, why: string): void {
    this.dropped += count;
    (this.logger ?? defaultLogger).warn(
      `${plural(count, 'dead letter')} lost: ${why} (${this.dropped} lost in all)`,
    );
  }
}

async function endsWithNewline(path: string, size: number): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer } = await file.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await file.close();
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/** A line of a dead-letter file: a letter or a replay mark; anything else (a torn last line) is skipped. */
function parseLine(line: string): DeadLetter | { replayed: string } | undefined {
  if (line.trim() === '') return undefined;
  try {
    const record = JSON.parse(line) as unknown;
    if (typeof record !== 'object' || record === null) return undefined;
    if (typeof (record as { replayed?: unknown }).replayed === 'string')
      return record as { replayed: string };
    const letter = record as Partial<DeadLetter>;
    if (typeof letter.id === 'string' && typeof letter.alert === 'object' && letter.alert !== null)
      return letter as DeadLetter;
  } catch {
    // A line cut short by a crash mid-write: the rest of the file is still read.
  }
  return undefined;
}
