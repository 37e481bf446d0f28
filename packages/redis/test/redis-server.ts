import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, systemBinary, type TempDir, tempDir } from '@tocsin/test-kit';

/** Debian's redis-server, which `.ci/run` installs. */
export const redisBinary = systemBinary({
  name: 'redis-server',
  paths: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
  env: 'TOCSIN_REDIS_SERVER',
  debianPackage: 'redis-server',
});

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
      const spawned = spawn(path, [...args, '--dir', dir.path, ...extraArgs], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = spawned;
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          spawned.stdout?.off('data', onData);
          spawned.stdout?.resume();
          resolve();
        }
      };
      spawned.stdout?.on('data', onData);
      spawned.stderr?.resume();
      spawned.once('exit', (code) =>
        reject(new Error(`redis-server exited with ${code}: ${output}`)),
      );
      // A start that hangs fails the test here, with what the server said.
      setTimeout(
        () => reject(new Error(`redis-server on port ${port} not ready after 15 s: ${output}`)),
        15_000,
      ).unref();
    });

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    // A server that does not shut down within 10 s is killed: the test goes on, and says so.
    const killer = setTimeout(() => {
      process.emitWarning(`redis-server on port ${port} ignored SIGTERM for 10 s; killing it`);
      running.kill('SIGKILL');
    }, 10_000);
    await exited;
    clearTimeout(killer);
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
