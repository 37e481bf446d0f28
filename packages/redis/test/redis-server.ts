import { type ChildProcess, spawn } from 'node:child_process';
import {
  freePort,
  mustFailForMissing,
  systemBinary,
  type TempDir,
  tempDir,
} from '@tocsin/test-kit';

/** Debian's redis-server, which `.ci/run` installs. */
export const redisBinary = systemBinary({
  name: 'redis-server',
  paths: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
  env: 'TOCSIN_REDIS_SERVER',
  debianPackage: 'redis-server',
});

/** Call at a test file's top level: true in CI without the binary, where the file must fail. */
export const redisMustFail = (what: string) => mustFailForMissing(redisBinary, what);

/** A redis-server of the test's own on a free port, in a temp dir, without persistence. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stop the server (SIGTERM) and wait until it has exited. */
  stop(): Promise<void>;
  /** Start it again on the same port, empty. */
  start(): Promise<void>;
  /** Stop it and remove its directory. */
  remove(): Promise<void>;
}

/** `extraArgs` go to redis-server as they are (`['--requirepass', 'x']`). */
export async function startRedisServer(extraArgs: readonly string[] = []): Promise<RedisServer> {
  const path = redisBinary.path;
  if (!path) throw new Error(redisBinary.missing);
  const port = await freePort();
  const dir: TempDir = await tempDir();
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const args = [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ];
      const process = spawn(path, [...args, '--dir', dir.path, ...extraArgs], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = process;
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          process.stdout?.off('data', onData);
          process.stdout?.resume();
          resolve();
        }
      };
      process.stdout?.on('data', onData);
      process.stderr?.resume();
      process.once('exit', (code) =>
        reject(new Error(`redis-server exited with ${code}: ${output}`)),
      );
    });

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    remove: async () => {
      await stop();
      await dir.remove();
    },
  };
}
