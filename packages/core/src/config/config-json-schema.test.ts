import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_URL, tocsinConfigJsonSchema } from './config-json-schema.js';

const read = async (relative: string) =>
  JSON.parse(await readFile(new URL(relative, import.meta.url), 'utf8')) as unknown;

describe('the config JSON Schema', () => {
  it('is draft 2020-12, with our $id, and lists every built-in channel type', () => {
    const schema = tocsinConfigJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(CONFIG_SCHEMA_URL);
    const text = JSON.stringify(schema);
    for (const type of ['slack', 'webhook', 'email', 'resend'])
      expect(text).toContain(`"const":"${type}"`);
    expect(text).toContain('"min_level"');
    expect(text).toContain('"recipients"');
  });

  it('matches the committed copies (run `pnpm --filter @tocsin/core generate:schema` when this fails)', async () => {
    const generated = tocsinConfigJsonSchema();
    expect(await read('../../schema/tocsin.schema.json')).toEqual(generated);
    expect(await read('../../../../docs/schema/tocsin.schema.json')).toEqual(generated);
  });
});
