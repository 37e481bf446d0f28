import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type TempDir, tempDir } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const app = fileURLToPath(new URL('./fixtures/spooled-app.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

/** A slow receiver: it takes each alert at once, and answers 50 ms later. */
interface Receiver {
  readonly url: string;
  /** Idempotency keys of the alerts the hook received, in order (repeats included). */
  readonly hook: string[];
  /** Totals of the digests received. */
  readonly digests: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const hook: string[] = [];
  const digests: number[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.url === '/hook') hook.push(String(request.headers['idempotency-key']));
      else digests.push(JSON.parse(body).total);
      setTimeout(() => response.end('ok'), 50);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hook,
    digests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function run(mode: string, env: Record<string, string>): { child: ChildProcess; out: string[] } {
  const child = spawn(process.execPath, ['--import', tsx, app, mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const out: string[] = [];
  child.stdout?.on('data', (chunk) => out.push(String(chunk)));
  return { child, out };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 60_000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let receiver: Receiver;
let spool: TempDir;
beforeEach(async () => {
  receiver = await startReceiver();
  spool = await tempDir();
});
afterEach(async () => {
  await receiver.close();
  await spool.remove();
});

describe('the spool across a SIGKILL', () => {
  it.each(['batched', 'always'])(
    'sync %s: delivers every accepted alert after a restart: none lost, the duplicates counted',
    async (sync) => {
      const count = 200;
      const env = {
        SINK_URL: receiver.url,
        SPOOL_DIR: spool.path,
        COUNT: String(count),
        SPOOL_SYNC: sync,
      };
      const burst = run('burst', env);
      await until(() => burst.out.join('').includes(`accepted ${count}`), 'the burst');
      // Killed mid-burst: some alerts delivered, four in flight, the rest queued or grouped.
      await until(() => receiver.hook.length >= 40, '40 deliveries');
      burst.child.kill('SIGKILL');
      const [, signal] = await once(burst.child, 'exit');
      expect(signal).toBe('SIGKILL');
      const beforeKill = receiver.hook.length;
      expect(beforeKill).toBeLessThan(count);
      expect(receiver.digests).toEqual([]);

      const recover = run('recover', env);
      const [code] = await once(recover.child, 'exit');
      expect(code).toBe(0);
      const recovered = Number(/recovered (\d+)/.exec(recover.out.join(''))?.[1]);

      const distinct = new Set(receiver.hook);
      const duplicates = receiver.hook.length - distinct.size;
      console.log(
        `spool (sync ${sync}) across SIGKILL: ${count} accepted, ${beforeKill} delivered before the kill, ${recovered} recovered, ${distinct.size} distinct delivered, ${duplicates} duplicates`,
      );
      expect(distinct.size).toBe(count);
      // Only alerts in flight at the kill (at most four) or delivered in its last turn of the
      // event loop (their done marks not written yet) can arrive twice.
      expect(duplicates).toBeLessThanOrEqual(8);
      // Every alert was in the hour-long group: one digest, after the restart, counts them all.
      expect(receiver.digests).toEqual([count]);
    },
    90_000,
  );
});
