import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a user installs is the packed tarball, not this workspace: prove that its main entry
 * loads from ESM and from CommonJS where vitest cannot be found, and that it uses the
 * installed @tocsin/core rather than a copy bundled into its dist.
 */

const packages = fileURLToPath(new URL('../../', import.meta.url));
const root = join(packages, '..');
const CHILD_TIMEOUT_MS = 60_000;

/** Run pnpm: the one running us when there is one, else the version the repo pins. */
function pnpm(args: string[], cwd: string): void {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm(\.c?js)?$/.test(execPath)) {
    execFileSync(process.execPath, [execPath, ...args], { cwd, stdio: 'pipe' });
    return;
  }
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    packageManager: string;
  };
  execFileSync('npx', ['-y', packageManager, ...args], { cwd, stdio: 'pipe' });
}

/** Unpack `<name>`'s tarball into `<dir>/node_modules/@tocsin/<name>`. */
function install(name: string, tarballs: string, dir: string): void {
  const tarball = readdirSync(tarballs).find((file) => file.startsWith(`tocsin-${name}-`));
  if (tarball === undefined) throw new Error(`no tarball for @tocsin/${name} in ${tarballs}`);
  const target = join(dir, 'node_modules', '@tocsin', name);
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', join(tarballs, tarball), '-C', target, '--strip-components=1']);
}

/** Make `<dir>/node_modules/<dep>` the copy the workspace installed for `<from>`. */
function linkDependencies(from: string, dir: string): void {
  const manifest = JSON.parse(readFileSync(join(packages, from, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (dep.startsWith('@tocsin/')) continue;
    symlinkSync(
      realpathSync(join(packages, from, 'node_modules', dep)),
      join(dir, 'node_modules', dep),
    );
  }
}

function run(dir: string, args: string[]) {
  const child = spawnSync(process.execPath, args, {
    cwd: dir,
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: '' },
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The same check in both module systems: serve one request, read the clock, fail a send. */
const body = `
  const clock = new FakeClock(5);
  clock.advance(10);
  const server = await startFakeHttpServer();
  const response = await fetch(server.url + '/hook', { method: 'POST', body: 'hi' });
  await response.text();
  await server.close();
  const channel = new MemoryChannel().failNext({ retryable: false });
  const context = { signal: new AbortController().signal, attempt: 1, timeoutMs: 1000 };
  const error = await channel.send(createAlert({ title: 'packed' }), context).catch((e) => e);
  console.log(JSON.stringify({
    now: clock.now(),
    status: response.status,
    requests: server.requests.length,
    oneCore: error instanceof DeliveryError,
  }));
`;
const expected = { now: 15, status: 200, requests: 1, oneCore: true };

describe('the packed @tocsin/test-kit', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tocsin-packed-'));
    const tarballs = join(dir, 'tarballs');
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    for (const name of ['core', 'test-kit']) {
      pnpm(['pack', '--pack-destination', tarballs], join(packages, name));
      install(name, tarballs, dir);
      linkDependencies(name, dir);
    }
  }, 180_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('is unpacked where vitest cannot be resolved', () => {
    const child = run(dir, ['-e', "require.resolve('vitest')"]);
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain("Cannot find module 'vitest'");
  });

  it('loads with import() and works', () => {
    const child = run(dir, [
      '--input-type=module',
      '-e',
      `import { FakeClock, MemoryChannel, startFakeHttpServer } from '@tocsin/test-kit';
       import { createAlert, DeliveryError } from '@tocsin/core';
       ${body}`,
    ]);
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual(expected);
  });

  it('loads with require() and works', () => {
    const child = run(dir, [
      '-e',
      `const { FakeClock, MemoryChannel, startFakeHttpServer } = require('@tocsin/test-kit');
       const { createAlert, DeliveryError } = require('@tocsin/core');
       (async () => { ${body} })().catch((e) => { console.error(e); process.exit(1); });`,
    ]);
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual(expected);
  });

  it('keeps the contract suite behind ./vitest, which alone needs vitest', () => {
    const child = run(dir, [
      '--input-type=module',
      '-e',
      "await import('@tocsin/test-kit/vitest')",
    ]);
    expect(child.status).not.toBe(0);
    expect(child.stderr).toMatch(/Cannot find (package|module) 'vitest'/);
  });
});
