// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files spell ${VAR} in plain strings
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type LocalSinks,
  refusedUrl,
  startLocalSinks,
  type TempDir,
  tempDir,
} from '@tocsin/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** The hook's URL (with its token) comes from the environment: down for the send, up for the replay. */
const CONFIG = `alerts:
  dead_letters: { dir: ./dead-letters }
  channels:
    max_retries: 0
    audit:
      type: webhook
      url: \${HOOK_URL}
`;
const TOKEN = 'hook-token-5f1c9a';

let sinks: LocalSinks;
let dir: TempDir;
let down: string;
beforeAll(async () => {
  sinks = await startLocalSinks();
  dir = await tempDir({ 'tocsin.config.yaml': CONFIG });
  down = `${await refusedUrl()}/hooks/${TOKEN}`;
});
afterAll(async () => {
  await sinks.close();
  await dir.remove();
});

async function folderText(): Promise<string> {
  const folder = join(dir.path, 'dead-letters');
  const files = await readdir(folder);
  return (await Promise.all(files.map((f) => readFile(join(folder, f), 'utf8')))).join('');
}

describe('tocsin dead-letters and tocsin replay', () => {
  it('keeps an undelivered alert, lists it, and replays it under the same id once the hook is back', async () => {
    const env = { ...sinks.env, HOOK_URL: down };
    const sent = await runCli(['send', '--level', 'error', '--title', 'Queue stuck'], {
      cwd: dir.path,
      env,
    });
    expect(sent.code).toBe(3);

    const listed = await runCli(['dead-letters'], { cwd: dir.path, env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/audit\s+failed\s+ERROR\s+Queue stuck \(/);
    expect(listed.stdout).toContain('1 dead letter;');
    const json = await runCli(['dead-letters', '--json'], { cwd: dir.path, env });
    const [letter] = (JSON.parse(json.stdout) as { deadLetters: Array<{ alert: { id: string } }> })
      .deadLetters;
    expect(letter?.alert.id).toBeTruthy();
    // No URL token in what is printed or kept.
    for (const text of [sent.stdout, sent.stderr, listed.stdout, json.stdout, await folderText()])
      expect(text).not.toContain(TOKEN);

    const dry = await runCli(['replay', '--dry-run'], { cwd: dir.path, env });
    expect(dry.stdout).toMatch(/would replay\s+audit\s+Queue stuck/);
    expect(sinks.webhook.requests).toHaveLength(0);

    const up = { ...sinks.env, HOOK_URL: sinks.env.WEBHOOK_URL ?? '' };
    const replayed = await runCli(['replay'], { cwd: dir.path, env: up });
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/^sent\s+audit\s+Queue stuck/m);
    expect(replayed.stdout).toContain('replayed 1 of 1');
    const [request] = sinks.webhook.requests;
    expect((request?.json() as { title?: string } | undefined)?.title).toBe('Queue stuck');
    // The same idempotency key as the first delivery would have had: a receiver can tell.
    expect(request?.headers['idempotency-key']).toBe(letter?.alert.id);

    const after = await runCli(['dead-letters'], { cwd: dir.path, env: up });
    expect(after.stdout).toContain('no dead letters');
    const again = await runCli(['replay'], { cwd: dir.path, env: up });
    expect(again.stdout).toContain('no dead letters to replay');
    expect(sinks.webhook.requests).toHaveLength(1);
  });

  it('says what --since takes, and what is missing without a folder', async () => {
    const env = { ...sinks.env, HOOK_URL: down };
    const bad = await runCli(['replay', '--since', 'yesterday-ish'], { cwd: dir.path, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since must be a duration (30m, 2h, 1d) or a date');
    const bare = await tempDir({
      'tocsin.config.yaml': 'alerts:\n  channels:\n    a: { type: webhook, url: "${HOOK_URL}" }\n',
    });
    const none = await runCli(['dead-letters'], { cwd: bare.path, env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('keeps no dead letters: set alerts.dead_letters.dir');
    await bare.remove();
  });
});
