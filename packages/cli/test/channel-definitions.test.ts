import { access, readdir, readFile } from 'node:fs/promises';
import { tocsinConfigJsonSchema } from '@tocsin/core';
import { describe, expect, it } from 'vitest';
import { CLI_CHANNEL_DEFINITIONS } from '../src/channel-definitions.js';

// Every channel the CLI installs is complete: in the published JSON Schema, documented
// under docs/channels/, and proven by the contract suite in its own package.

const repo = new URL('../../../', import.meta.url);
const read = async (path: string) => JSON.parse(await readFile(new URL(path, repo), 'utf8'));

/** The `type` constants of the channel branches of a composed JSON Schema. */
function schemaTypes(schema: Record<string, unknown>): string[] {
  const text = JSON.stringify(schema);
  return [...text.matchAll(/"type":\{"type":"string","const":"([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
}

describe('the installed channel definitions', () => {
  const types = CLI_CHANNEL_DEFINITIONS.map((definition) => definition.type);

  it('are every channel package of the repository, each named @tocsin/<type> and saying its type in its manifest', async () => {
    const dir = new URL('packages/', repo);
    const channels: string[] = [];
    for (const name of await readdir(dir)) {
      const manifest = await read(`packages/${name}/package.json`).catch(() => undefined);
      const type = manifest?.tocsin?.channel;
      if (type === undefined) continue;
      expect(manifest.name).toBe(`@tocsin/${type}`);
      channels.push(type);
    }
    expect(channels.length).toBeGreaterThanOrEqual(10);
    expect([...types].sort()).toEqual(channels.sort());
  });

  it.each(types)(
    "%s: its manifest lists the URL schemes its definition reads (how a config's url: finds the package)",
    async (type) => {
      const manifest = await read(`packages/${type}/package.json`);
      const definition = CLI_CHANNEL_DEFINITIONS.find((d) => d.type === type);
      expect(manifest.tocsin.schemes ?? []).toEqual([...(definition?.schemes ?? [])]);
      expect(definition?.fromUrl === undefined).toBe(definition?.schemes === undefined);
    },
  );

  it('are each in the composed JSON Schema, and the published copies are fresh (else run `pnpm --filter @tocsin/cli generate:schema`)', async () => {
    const generated = tocsinConfigJsonSchema(CLI_CHANNEL_DEFINITIONS);
    expect(schemaTypes(generated).sort()).toEqual([...types].sort());
    expect(await read('packages/cli/schema/tocsin.schema.json')).toEqual(generated);
    expect(await read('docs/schema/tocsin.schema.json')).toEqual(generated);
  });

  it.each(types)('%s has a docs page in docs/channels/', async (type) => {
    await expect(access(new URL(`docs/channels/${type}.md`, repo))).resolves.toBeUndefined();
  });

  it.each(types)('%s runs the contract suite (testChannel) in its package', async (type) => {
    const dir = new URL(`packages/${type}/test/`, repo);
    const files = (await readdir(dir)).filter((file) => file.endsWith('.test.ts'));
    const texts = await Promise.all(files.map((file) => readFile(new URL(file, dir), 'utf8')));
    expect(
      texts.some((text) => /\btestChannel\(/.test(text)),
      `${type}/test`,
    ).toBe(true);
  });
});
