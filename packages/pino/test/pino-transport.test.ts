import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type FakeHttpServer, startFakeHttpServer } from '@tocsin/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TocsinPinoOptions } from '../src/index.js';

const app = fileURLToPath(new URL('./fixtures/pino-app.mjs', import.meta.url));

interface Received {
  title: string;
  body: string;
  level: number;
  labels: Record<string, string>;
  source: string | null;
  digest?: { total: number };
}

let sink: FakeHttpServer;
beforeEach(async () => {
  sink = await startFakeHttpServer({ defaultReply: { status: 200, body: { ok: true } } });
});
afterEach(() => sink.close());

function options(more: Partial<TocsinPinoOptions> = {}): TocsinPinoOptions {
  return {
    config: { alerts: { channels: { hook: { type: 'webhook', url: `${sink.url}/alerts` } } } },
    ...more,
  };
}

/** Run the app (real pino, its real worker thread) in a child process. */
function run(
  scenario: string,
  transportOptions: TocsinPinoOptions,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [app, scenario], {
      env: { ...process.env, TRANSPORT_OPTIONS: JSON.stringify(transportOptions), ...env },
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
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const received = () => sink.requests.map((request) => request.json() as Received);

describe('@tocsin/pino in pino worker thread', () => {
  it('sends error logs as alerts: msg, error stack, level, host and chosen labels', async () => {
    const result = await run('mapping', options({ policy: false, labels: ['service'] }));
    expect(result.code).toBe(0);
    expect(received().map(({ title, level }) => ({ title, level }))).toEqual([
      { title: 'payment failed', level: 25 },
      { title: 'out of memory', level: 30 },
    ]);
    const [first, second] = received();
    expect(first?.body).toContain('Error: connect ECONNREFUSED 10.0.0.7:5432');
    expect(first?.body).toContain('pino-app.mjs');
    expect(first?.labels).toEqual({ host: hostname(), service: 'api' });
    expect(first?.source).toBe('billing');
    expect(second?.labels).not.toHaveProperty('requestId');
  }, 30_000);

  it('applies the burst policy by default; what it holds goes out when the process ends', async () => {
    const result = await run('burst', options());
    expect(result.code).toBe(0);
    expect(received().map((alert) => [alert.title, alert.digest?.total])).toEqual([
      ['5 alerts (threshold exceeded) (billing)', 5],
      ['2 alerts (sent on close) (billing)', 2],
    ]);
  }, 30_000);

  it('sends what the burst buffer holds even when the app calls process.exit()', async () => {
    const result = await run('exit', options());
    expect(result.code).toBe(3);
    expect(received().map((alert) => [alert.title, alert.digest?.total])).toEqual([
      ['5 alerts (threshold exceeded) (billing)', 5],
      ['2 alerts (sent on close) (billing)', 2],
    ]);
  }, 30_000);

  it('ends within closeTimeout when the sink does not answer', async () => {
    sink.setDefault({ hang: true });
    const result = await run('one', options({ policy: false, closeTimeout: 0.5 }), {
      END: 'explicit',
    });
    expect(result.code).toBe(0);
    const ms = Number(/ended in (\d+) ms/.exec(result.stdout)?.[1]);
    expect(ms).toBeLessThan(3000);
    expect(sink.requests).toHaveLength(1);
    expect(result.stderr).toContain('tocsin: 1 log alerts were not sent before the close timeout');
  }, 30_000);

  it('stays out of the way when the config cannot be loaded, and says why on stderr', async () => {
    const result = await run('one', {
      config: { alerts: { channels: { hook: { type: 'webhook' } } } },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('tocsin: the pino transport is off: Invalid Tocsin config');
    expect(result.stderr).toContain('alerts.channels.hook.url');
    expect(sink.requests).toHaveLength(0);
  }, 30_000);
});
