import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from './fixtures/temp-dir.js';

// The built package, as an app loads it (tsx in the child would compile the .ts itself).
const CORE = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

// Hooks that make `typescript` unloadable by require() and import(), as in an app whose
// hoisted TypeScript has no JavaScript API (TypeScript 7) or that has none installed.
const NO_TYPESCRIPT = `
const Module = require('node:module');
Module.register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        "  if (specifier === 'typescript' || specifier.startsWith('typescript/'))" +
        "    throw Object.assign(new Error('Cannot find package typescript'), { code: 'ERR_MODULE_NOT_FOUND' });" +
        '  return next(specifier, context);' +
        '}',
    ),
);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'typescript' || request.startsWith('typescript/'))
    throw Object.assign(new Error("Cannot find module 'typescript'"), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};
`;

describe('a tocsin.config.ts', () => {
  it("loads without the application's typescript package, enums included, on this Node", async () => {
    const dir = await tempDir();
    try {
      await writeFile(join(dir.path, 'no-typescript.cjs'), NO_TYPESCRIPT);
      await writeFile(
        join(dir.path, 'tocsin.config.ts'),
        [
          // Node's own type stripping cannot run an enum: this takes the compiler path.
          'enum Seconds { Timeout = 12 }',
          'interface Shape { alerts: { channels: { timeout: number } } }',
          'const config: Shape = { alerts: { channels: { timeout: Seconds.Timeout } } };',
          'export default config;',
        ].join('\n'),
      );
      const script = `
        const { loadConfig } = await import(${JSON.stringify(CORE)});
        const config = await loadConfig('tocsin.config.ts', { cwd: ${JSON.stringify(dir.path)}, env: {} });
        console.log(JSON.stringify(config.defaults));
      `;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--require', join(dir.path, 'no-typescript.cjs'), '--input-type=module', '-e', script],
        { timeout: 60_000 },
      );
      expect(JSON.parse(stdout)).toEqual({ timeout: 12, maxRetries: 2 });
    } finally {
      await dir.remove();
    }
  }, 60_000);
});
