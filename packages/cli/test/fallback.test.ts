// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import {
  type LocalSinks,
  refusedUrl,
  startLocalSinks,
  type TempDir,
  tempDir,
} from '@tocsin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** Slack is down (nothing listens); the webhook takes its alerts as its fallback; chat is optional. */
const CONFIG = `alerts:
  channels:
    max_retries: 0
    ops-slack:
      type: slack
      webhook_url: \${DOWN_URL}/services/T0/B0/very-secret-token
      allow_insecure_http: true
      fallback: audit
    audit:
      type: webhook
      url: \${WEBHOOK_URL}
      fallback_only: true
    chat:
      type: webhook
      url: \${DOWN_URL}/hooks/chat-secret-token
      optional: true
`;

let sinks: LocalSinks;
let dir: TempDir;
let env: Record<string, string>;
beforeAll(async () => {
  sinks = await startLocalSinks();
  dir = await tempDir({ 'tocsin.config.yaml': CONFIG });
  env = { ...sinks.env, DOWN_URL: await refusedUrl() };
});
afterAll(async () => {
  await sinks.close();
  await dir.remove();
});

describe('fallback tiers and optional channels from the command line', () => {
  it('delivers through the fallback, says so, and an optional failure does not fail the command', async () => {
    const run = await runCli(['send', '--level', 'error', '--title', 'Queue stuck'], {
      cwd: dir.path,
      env,
    });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.find((line) => line.includes('ops-slack'))).toMatch(
      /^sent\s+ops-slack\s+slack\s+2 attempts\s+\d+ ms\s+by fallback audit$/,
    );
    expect(lines.find((line) => line.includes(' chat '))).toMatch(/^FAILED\s+chat\s+webhook/);
    expect(sinks.webhook.requests.map((r) => (r.json() as { title: string }).title)).toEqual([
      'Queue stuck',
    ]);
    expect(run.stdout).not.toContain('very-secret-token');
    expect(run.stdout).not.toContain('chat-secret-token');
  });

  it('lists the tiers in `tocsin check`', async () => {
    const run = await runCli(['check'], { cwd: dir.path, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Fallback tiers and optional channels');
    expect(run.stdout).toMatch(/ops-slack: then audit\n/);
    expect(run.stdout).toMatch(/audit: only as a fallback/);
    expect(run.stdout).toMatch(/chat: optional: its failures alone do not fail a send/);
  });
});
