import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// Core composes config, types and JSON Schema from the channels' definitions: its config
// code names no channel, except the one table of packages by type.
const CHANNEL_WORDS = /slack|resend|smtp|nodemailer|webhook_url/i;
const TABLE = 'channel-packages.ts';

describe("core's config code", () => {
  it(`names no channel outside ${TABLE}`, async () => {
    const dir = new URL('./', import.meta.url);
    const files = (await readdir(dir, { recursive: true })).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith(TABLE),
    );
    const naming: string[] = [];
    for (const file of files)
      if (CHANNEL_WORDS.test(await readFile(new URL(file, dir), 'utf8'))) naming.push(file);
    expect(naming).toEqual([]);
    const definition = await readFile(new URL('../channel-definition.ts', import.meta.url), 'utf8');
    expect(definition).not.toMatch(CHANNEL_WORDS);
  });
});
