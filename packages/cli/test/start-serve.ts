import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from './run-cli.js';

/** `tocsin serve` running in a child process. */
export interface ServeProcess {
  readonly child: ChildProcess;
  /** Where it listens (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** Its stdout and stderr so far. */
  output(): string;
  /** Its exit code, once it exits. */
  readonly exit: Promise<number | null>;
}

/**
 * Start the built bin as a user runs it, `tocsin serve --port <port>` in `cwd` (0: a free
 * port), with `env` over this process's (without NODE_OPTIONS and NODE_PATH); resolves once
 * it says where it listens.
 */
export async function startServe(
  cwd: string,
  env: Record<string, string>,
  port = '0',
): Promise<ServeProcess> {
  const { NODE_PATH: _nodePath, ...base } = process.env;
  const child = spawn(process.execPath, [BIN, 'serve', '--port', port], {
    cwd,
    env: { ...base, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`tocsin serve did not start:\n${output}`)),
      30_000,
    );
    const read = (chunk: string) => {
      output += chunk;
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout?.setEncoding('utf8').on('data', read);
    child.stderr?.setEncoding('utf8').on('data', read);
    child.on('exit', () => reject(new Error(`tocsin serve exited:\n${output}`)));
  });
  return { child, url, output: () => output, exit };
}
