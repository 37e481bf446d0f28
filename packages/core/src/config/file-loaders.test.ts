import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { tempDir } from './fixtures/temp-dir.js';
import { testDefinitions } from './fixtures/test-definitions.js';
import { loadConfig } from './load-config.js';

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

describe('a YAML or JSON config that is hostile or huge', () => {
  const load = async (name: string, content: string) => {
    const dir = await tempDir({ [name]: content });
    try {
      return await loadConfig(name, { cwd: dir.path, env: {} }).then(
        () => undefined,
        (error: unknown) => error as ConfigError,
      );
    } finally {
      await dir.remove();
    }
  };

  it('a billion-laughs file is refused, saying alias expansion was the cause', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      const prev = `*a${i - 1}`;
      lines.push(`a${i}: &a${i} [${Array(10).fill(prev).join(', ')}]`);
    }
    lines.push('alerts: { channels: { timeout: 5 } }');
    const error = await load('tocsin.config.yaml', lines.join('\n'));
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error?.message).toMatch(/alias expansion: .*billion laughs/);
  });

  it('a file over 1 MB is refused before it is parsed, with its size', async () => {
    const big = `alerts:\n  channels:\n    timeout: 5\n# ${'x'.repeat(1024 * 1024)}\n`;
    for (const name of ['tocsin.config.yaml', 'tocsin.config.json']) {
      const content = name.endsWith('.json')
        ? JSON.stringify({ pad: 'x'.repeat(1024 * 1024) })
        : big;
      const error = await load(name, content);
      expect(error?.message).toMatch(/too large[\s\S]*above the limit of 1048576 \(1 MB\)/);
    }
  });

  it('a mapping with 20,000 keys still loads, and a key given twice is still an error', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: ${i}`).join('\n');
    const many = await load('tocsin.config.yaml', `pad:\n${keys}\nalerts: {}\n`);
    // It parsed: what remains is the schema's word on the unknown root key `pad`.
    expect(many?.message).toMatch(/pad/);
    expect(many?.message).not.toMatch(/parse/i);
    const twice = await load('tocsin.config.yaml', 'alerts:\n  channels: {}\n  channels: {}\n');
    expect(twice?.message).toMatch(/line 3, column 3: a key appears twice in the same mapping/);
  });
});

describe('a *_file secret whose content is not a valid value', () => {
  it('is reported at its key, and its content is never echoed', async () => {
    for (const content of [
      'root:',
      'root:x:0:0:root',
      'root:x:0:0:root:/root:/bin/bash\nbin:x:2',
    ]) {
      const dir = await tempDir({
        secret: content,
        'tocsin.config.yaml': [
          'alerts:',
          '  channels:',
          '    timeout_file: ./secret',
          '    ops:',
          '      type: hook',
          '      url: https://example.com/in',
          '      min_level_file: ./secret',
        ].join('\n'),
      });
      try {
        const error = await loadConfig('tocsin.config.yaml', {
          cwd: dir.path,
          env: {},
          definitions: testDefinitions,
        }).then(
          () => undefined,
          (e: unknown) => e as ConfigError,
        );
        expect(error?.message).toMatch(/alerts\.channels\.timeout: expected a duration/);
        expect(error?.message).toMatch(/alerts\.channels\.ops\.min_level: expected one of/);
        expect(error?.message).not.toMatch(/root/);
      } finally {
        await dir.remove();
      }
    }
  });
});
