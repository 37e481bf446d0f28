// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { spawn } from 'node:child_process';
import { type FakeHttpServer, startFakeHttpServer, type TempDir, tempDir } from '@tocsin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';
import { startServe } from './start-serve.js';

// `tocsin serve` as a user runs it: the built bin in a child process, a config file whose
// channel holds alerts in a group for an hour, a local sink. SIGTERM must send what the
// group holds and end with exit code 0.

const TOKEN = 'process-token-abcdef0123456789';

const CONFIG = `
alerts:
  throttle: false
  channels:
    timeout: 5s
    max_retries: 0
    audit:
      type: webhook
      url: \${SINK_URL}
      group: { wait: 1h }
`;

let sink: FakeHttpServer;
let dir: TempDir;
beforeAll(async () => {
  sink = await startFakeHttpServer({ defaultReply: { status: 200, body: { ok: true } } });
  dir = await tempDir({ 'tocsin.config.yaml': CONFIG });
});
afterAll(async () => {
  await sink.close();
  await dir.remove();
});

/** `tocsin serve --port 0` in the test's folder, posting to the sink. */
const startServeHere = () =>
  startServe(dir.path, { SINK_URL: `${sink.url}/hook`, TOCSIN_SERVE_TOKEN: TOKEN });

describe('tocsin serve, the process', () => {
  it('takes alerts, holds them in the group, and on SIGTERM sends the digest and exits 0', async () => {
    const serve = await startServeHere();
    expect(serve.output()).toContain('auth: a bearer token is required (one token)');
    const response = await fetch(`${serve.url}/v1/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify([
        { title: 'Disk full', level: 'error', labels: { host: 'db1' } },
        { title: 'Disk full', level: 'error', labels: { host: 'db2' } },
      ]),
    });
    expect(response.status).toBe(202);
    expect(((await response.json()) as { ids: string[] }).ids).toHaveLength(2);
    const health = await fetch(`${serve.url}/healthz`);
    expect(health.status).toBe(200);
    // Held for an hour: nothing at the sink yet.
    expect(sink.requests).toHaveLength(0);

    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);
    expect(sink.requests).toHaveLength(1);
    const digest = sink.requests[0]?.json() as { title: string; body: string };
    expect(digest.body).toContain('db1');
    expect(digest.body).toContain('db2');
    expect(serve.output()).toMatch(/SIGTERM: stopping intake, sending what is held/);
    expect(serve.output()).toMatch(/closed\. alerts 2: .*digests sent 1/);
    expect(serve.output()).not.toContain(TOKEN);
  }, 60_000);

  it('refuses a port in use, naming it, with exit code 1', async () => {
    const first = await startServeHere();
    try {
      const port = new URL(first.url).port;
      const { NODE_PATH: _nodePath, ...base } = process.env;
      const second = spawn(process.execPath, [BIN, 'serve', '--port', port], {
        cwd: dir.path,
        env: { ...base, NODE_OPTIONS: '', SINK_URL: `${sink.url}/hook` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      second.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain(`cannot listen on 127.0.0.1 port ${port}: the port is in use`);
    } finally {
      first.child.kill('SIGTERM');
      await first.exit;
    }
  }, 60_000);
});
