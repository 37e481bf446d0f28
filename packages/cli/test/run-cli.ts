import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../src/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `tocsin <argv>` in this process, output captured. */
export async function runCli(
  argv: readonly string[],
  options: {
    cwd: string;
    env?: Record<string, string | undefined>;
    stdin?: AsyncIterable<string | Uint8Array>;
  },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
  return { code, stdout, stderr };
}

/** The built bin (`dist/cli.js`), as npm would link it. */
export const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Run the built bin in a child Node process (no vitest, no aliases: what a user runs). */
export function runBin(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<CliRun> {
  // Without a package manager shim's NODE_PATH, which could find packages a user would not have.
  const { NODE_PATH: _nodePath, ...base } = process.env;
  const child = spawn(process.execPath, [BIN, ...argv], {
    cwd: options.cwd,
    env: { ...base, NODE_OPTIONS: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
