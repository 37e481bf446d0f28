import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const app = fileURLToPath(new URL('./fixtures/crash-app.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run the crashing app in a real child process, its alerts going to `sink`. */
function run(mode: string, sink: FakeHttpServer, env: Record<string, string> = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, app, mode], {
      env: { ...process.env, SINK_URL: `${sink.url}/alerts`, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

let sink: FakeHttpServer;
beforeEach(async () => {
  sink = await startFakeHttpServer();
});
afterEach(() => sink.close());

describe('captureErrors in a real process', () => {
  it('sends an uncaught exception with its stack, then exits 1 with the error printed', async () => {
    const result = await run('throw', sink);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: card service exploded');
    expect(result.stderr).toContain('chargeCard');
    expect(sink.requests).toHaveLength(1);
    const alert = sink.requests[0]?.json() as {
      title: string;
      body: string;
      level: number;
      labels: object;
    };
    expect(alert.title).toBe('Uncaught exception: card service exploded');
    expect(alert.level).toBe(30);
    expect(alert.body).toMatch(/at (Timeout\.)?chargeCard .*crash-app\.ts/);
    expect(alert.labels).toEqual({ service: 'crash-app', crash: 'uncaught' });
  }, 20_000);

  it('sends an unhandled rejection and exits 1, as Node does by default', async () => {
    const result = await run('reject', sink);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TypeError: refund lookup failed');
    const alert = sink.requests[0]?.json() as { title: string; labels: object };
    expect(alert.title).toBe('Unhandled rejection: refund lookup failed');
    expect(alert.labels).toEqual({ service: 'crash-app', crash: 'unhandled_rejection' });
  }, 20_000);

  it('ends the process after exitTimeout when the alert cannot get out', async () => {
    sink.setDefault({ hang: true });
    const result = await run('throw', sink, { EXIT_TIMEOUT: '0.5' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: card service exploded');
    expect(sink.requests).toHaveLength(1); // it was tried
  }, 20_000);

  it('keeps the process running only when the app asks (exit: false)', async () => {
    const result = await run('survive', sink);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('still running\n');
    const alert = sink.requests[0]?.json() as { title: string } | undefined;
    expect(alert?.title).toBe('Uncaught exception: card service exploded');
  }, 20_000);
});
