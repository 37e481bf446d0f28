import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./fixtures/shutdown-child.mjs', import.meta.url));

let server: FakeHttpServer;
let child: ChildProcess | undefined;
beforeEach(async () => {
  // The slow channel's deliveries take 1.5 s: the signal comes while they are in flight.
  server = await startFakeHttpServer({
    defaultReply: (request) =>
      request.url.startsWith('/slow') ? { status: 200, delayMs: 1500 } : { status: 200 },
  });
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await server.close();
});

/** Start the child; resolves once it has sent its alerts and waits. */
async function start(env: Record<string, string> = {}) {
  const proc = spawn(process.execPath, [CHILD], {
    env: { ...process.env, HOOK_URL: server.url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stdout = '';
  let stderr = '';
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  while (!stdout.includes('ready') || !server.requests.some((r) => r.url.startsWith('/slow'))) {
    if (proc.exitCode !== null) throw new Error(`the child ended early: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { proc, exited, output: () => ({ stdout, stderr }) };
}

describe('closeOnSignals, in a real process', () => {
  it('on SIGTERM sends the held digest, lets the slow delivery finish, then ends by the signal', async () => {
    const { proc, exited, output } = await start();
    expect(server.requests.filter((r) => r.url.startsWith('/digest'))).toHaveLength(0);
    proc.kill('SIGTERM');
    const { code, signal } = await exited;
    expect(signal).toBe('SIGTERM');
    expect(code).toBeNull();
    const digests = server.requests.filter((r) => r.url.startsWith('/digest'));
    expect(digests).toHaveLength(1);
    expect(JSON.stringify(digests[0]?.json())).toContain('second');
    const { stdout, stderr } = output();
    expect(stderr).toMatch(
      /warn: SIGTERM: closing the alert manager \(up to 20 s; 2 alerts held in groups, 1 send in flight\)/,
    );
    // The send in flight ended with its outcome before the process did: nothing was cut off.
    expect(stdout).toContain('results: digest=grouped slow=sent digest=grouped slow=sent');
  }, 30_000);

  it('a second signal ends it at once', async () => {
    const { proc, exited, output } = await start();
    proc.kill('SIGINT');
    while (!output().stderr.includes('SIGINT: closing'))
      await new Promise((r) => setTimeout(r, 10));
    proc.kill('SIGINT');
    const { signal } = await exited;
    expect(signal).toBe('SIGINT');
    expect(output().stderr).toContain('SIGINT again: ending now');
    expect(output().stdout).not.toContain('results:');
  }, 30_000);

  it('closes but leaves the ending to the app when it listens to the signal too', async () => {
    const { proc, exited, output } = await start({ APP_HANDLES_SIGTERM: '1' });
    proc.kill('SIGTERM');
    while (!output().stdout.includes('results:')) await new Promise((r) => setTimeout(r, 20));
    expect(server.requests.filter((r) => r.url.startsWith('/digest'))).toHaveLength(1);
    // Still running: the app's own handler decides.
    await new Promise((r) => setTimeout(r, 300));
    expect(proc.exitCode).toBeNull();
    proc.kill('SIGKILL');
    await exited;
  }, 30_000);
});
