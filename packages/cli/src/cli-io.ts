/** Where the CLI reads and writes: the process by default, buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Standard input, read only for `--body -`. */
  readonly stdin?: AsyncIterable<string | Uint8Array>;
}

/** The real process streams, environment and working directory. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    // A getter: process.stdin makes a stream on first touch, which only `--body -` needs.
    get stdin() {
      return process.stdin;
    },
  };
}

/** The most `--body -` reads from standard input; more is refused, not cut silently. */
export const STDIN_BODY_LIMIT = 1024 * 1024;

/**
 * All of standard input as UTF-8, at most `limit` bytes.
 * @returns undefined when there is more than that.
 */
export async function readAll(
  input: AsyncIterable<string | Uint8Array>,
  limit: number,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    size += bytes.length;
    if (size > limit) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Exit codes, as docs/cli.md lists them. */
export const EXIT = {
  /** Done: config valid; every alert delivered. */
  ok: 0,
  /** The config is invalid, or something else went wrong. */
  error: 1,
  /** The command line is wrong (unknown option, missing --title, ...). */
  usage: 2,
  /** `send`: at least one delivery failed or was throttled, or no channel took the alert. */
  undelivered: 3,
} as const;
