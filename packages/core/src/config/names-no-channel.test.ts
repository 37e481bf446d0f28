import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// Core composes config, types and JSON Schema from the channels' definitions, and finds
// a type's package by its name (`@tocsin/<type>`): its config code names no channel, so
// adding a channel changes no file of core.
const CHANNEL_WORDS = /slack|resend|smtp|nodemailer|webhook_url/i;

describe("core's config code", () => {
  it('names no channel', async () => {
    const dir = new URL('./', import.meta.url);
    const files = (await readdir(dir, { recursive: true })).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    );
    const naming: string[] = [];
    for (const file of files)
      if (CHANNEL_WORDS.test(await readFile(new URL(file, dir), 'utf8'))) naming.push(file);
    expect(naming).toEqual([]);
    const definition = await readFile(new URL('../channel-definition.ts', import.meta.url), 'utf8');
    expect(definition).not.toMatch(CHANNEL_WORDS);
  });
});
