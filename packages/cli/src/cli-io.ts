/** Where the CLI reads and writes: the process by default, buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** The real process streams, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
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
