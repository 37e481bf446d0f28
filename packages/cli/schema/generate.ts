// Writes the config file's JSON Schema, composed by core from the channel definitions the
// CLI ships with, to the two places it is published: packages/cli/schema/ (shipped as
// @tocsin/cli/schema.json) and docs/schema/ (linked from the docs and the `$id`).
// Run: pnpm --filter @tocsin/cli generate:schema (after a build: it imports the packages' dist).
// A test (test/channel-definitions.test.ts) fails when either copy is stale.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tocsinConfigJsonSchema } from '@tocsin/core';
import { CLI_CHANNEL_DEFINITIONS } from '../src/channel-definitions.js';

const text = `${JSON.stringify(tocsinConfigJsonSchema(CLI_CHANNEL_DEFINITIONS), null, 2)}\n`;
const targets = [
  fileURLToPath(new URL('./tocsin.schema.json', import.meta.url)),
  fileURLToPath(new URL('../../../docs/schema/tocsin.schema.json', import.meta.url)),
];
for (const target of targets) await writeFile(target, text);
// The copy inside the package is linted with the rest of the repo: format it the same way.
const biome = spawnSync('npx', ['biome', 'format', '--write', targets[0] as string], {
  stdio: 'inherit',
});
if (biome.status !== 0) process.exit(biome.status ?? 1);
console.log(`wrote ${targets.join(' and ')}`);
