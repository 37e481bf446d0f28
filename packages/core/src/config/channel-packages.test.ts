import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { installedPackage, zodUrl } from './fixtures/installed-package.js';
import { type TempDir, tempDir } from './fixtures/temp-dir.js';
import { loadConfig } from './load-config.js';

// Core keeps no list of channels: a config's `type: <t>` is the package `@tocsin/<t>`,
// resolved from the config file's directory. Installing a channel is all it takes.

/** A channel package as npm would install it: a manifest that says its type, and a definition. */
function channelPackage(type: string): Record<string, string> {
  return installedPackage(
    type,
    `import zod from ${JSON.stringify(zodUrl)};
export const channelDefinition = {
  type: ${JSON.stringify(type)},
  schema: zod.z.strictObject({ room: zod.z.string({ error: 'expected a room' }) }),
  describeTarget: (options) => 'room ' + options.room,
  schemes: [${JSON.stringify(type)}],
  fromUrl: (url) => ({ room: url.hostname }),
  create: () => ({ name: ${JSON.stringify(type)}, send: async () => {} }),
};\n`,
    { tocsin: { channel: type, schemes: [type] } },
  );
}

const dirs: TempDir[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await dir.remove();
});

async function project(files: Record<string, string>): Promise<TempDir> {
  const dir = await tempDir(files);
  dirs.push(dir);
  return dir;
}

describe('a channel package core has never heard of', () => {
  it('is found by its type and validates its own options', async () => {
    const dir = await project({
      ...channelPackage('chatter'),
      'tocsin.config.yaml': 'alerts:\n  channels:\n    ops: { type: chatter, room: ops }\n',
    });
    const config = await loadConfig(dir.file('tocsin.config.yaml'));
    expect(config.channels.ops?.type).toBe('chatter');
    expect(config.channels.ops?.options).toEqual({ room: 'ops' });

    const bad = await project({
      ...channelPackage('chatter'),
      'tocsin.config.yaml': 'alerts:\n  channels:\n    ops: { type: chatter }\n',
    });
    const error = await loadConfig(bad.file('tocsin.config.yaml')).catch((e: unknown) => e);
    expect((error as ConfigError).issues).toEqual([
      { path: 'alerts.channels.ops.room', message: 'expected a room' },
    ]);
  });

  it('is found by its URL scheme, as its manifest says', async () => {
    const dir = await project({
      ...channelPackage('chatter'),
      'tocsin.config.yaml':
        'alerts:\n  channels:\n    ops: { url: "chatter://ops?min_level=error" }\n',
    });
    const config = await loadConfig(dir.file('tocsin.config.yaml'));
    expect(config.channels.ops).toMatchObject({
      type: 'chatter',
      minLevel: 25,
      options: { room: 'ops' },
    });
  });

  it('a misspelt type is matched against the installed channel packages', async () => {
    const dir = await project({
      ...channelPackage('chatter'),
      ...channelPackage('pager'),
      'node_modules/@tocsin/not-a-channel/package.json': JSON.stringify({ name: 'x' }),
      'tocsin.config.yaml': 'alerts:\n  channels:\n    ops: { type: chattre, room: ops }\n',
    });
    const error = await loadConfig(dir.file('tocsin.config.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        path: 'alerts.channels.ops.type',
        message: 'unknown channel type "chattre": did you mean "chatter"? (known: chatter, pager)',
      },
    ]);
  });

  it('a type that cannot name a package says what a type is', async () => {
    const dir = await project({
      'tocsin.config.yaml': 'alerts:\n  channels:\n    ops: { type: "../../etc" }\n',
    });
    const error = await loadConfig(dir.file('tocsin.config.yaml')).catch((e: unknown) => e);
    expect((error as ConfigError).issues[0]?.message).toBe(
      'unknown channel type "../../etc": expected the type of an installed channel package, or one registered in code with `definitions`',
    );
  });
});
