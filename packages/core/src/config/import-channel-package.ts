import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Thrown when a package cannot be found from any of the places tried. */
export class PackageNotFound extends Error {
  override name = 'PackageNotFound';
}

/**
 * Import a channel package (`@tocsin/<type>`) the way the application would: resolved from
 * each of `dirs` in turn (the config file's directory, the working directory, ...), so it
 * works under pnpm, where @tocsin/core cannot see channel packages it does not depend on. The ESM
 * entry is taken from the package's `exports`. Falls back to a plain `import()` from here.
 * @throws PackageNotFound when no directory can resolve it; the import's own error when
 * the package is there but fails to load.
 */
export async function importChannelPackage(
  name: string,
  dirs: readonly string[],
): Promise<Record<string, unknown>> {
  for (const dir of dirs) {
    const manifest = findManifest(dir, name);
    if (manifest !== undefined) {
      const entry = await esmEntry(manifest);
      if (entry !== undefined)
        return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
    }
    const main = resolveFrom(dir, name);
    if (main !== undefined)
      return (await import(pathToFileURL(main).href)) as Record<string, unknown>;
  }
  try {
    // Hoisted installs (npm, yarn) can see it from core's own location.
    const specifier = name;
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (
      code === 'ERR_MODULE_NOT_FOUND' ||
      code === 'MODULE_NOT_FOUND' ||
      /Cannot find (package|module)/.test(String((error as Error).message))
    ) {
      throw new PackageNotFound(`${name} is not installed`);
    }
    throw error;
  }
}

/** `node_modules/<name>/package.json` in `dir` or above, as Node looks (whatever `exports` allows). */
function findManifest(dir: string, name: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const manifest = join(at, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return manifest;
    if (dirname(at) === at) return undefined;
  }
}

function resolveFrom(dir: string, request: string): string | undefined {
  try {
    return createRequire(join(dir, '__tocsin_resolve__.js')).resolve(request);
  } catch {
    return undefined;
  }
}

/** The file `import` would load: `exports["."]` under the `import` condition, else `module`, else `main`. */
async function esmEntry(manifestPath: string): Promise<string | undefined> {
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    exports?: unknown;
    module?: string;
    main?: string;
  };
  const root =
    typeof manifest.exports === 'object' && manifest.exports !== null && '.' in manifest.exports
      ? (manifest.exports as Record<string, unknown>)['.']
      : manifest.exports;
  const target = pickImport(root) ?? manifest.module ?? manifest.main;
  return target === undefined ? undefined : join(dirname(manifestPath), target);
}

function pickImport(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const conditions = entry as Record<string, unknown>;
  for (const condition of ['import', 'node', 'default']) {
    if (condition in conditions) {
      const found = pickImport(conditions[condition]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** What a channel package's manifest says of it: `"tocsin": { "channel": "ntfy", "schemes": ["ntfy", "ntfys"] }`. */
export interface InstalledChannel {
  readonly type: string;
  readonly schemes: readonly string[];
}

/**
 * The channel packages installed in `dirs` or above them: every
 * `node_modules/@tocsin/<name>/package.json` whose manifest says `"tocsin": { "channel": "<type>" }`.
 * Read for messages (an unknown type) and to find which package reads a URL scheme.
 */
export async function installedChannels(dirs: readonly string[]): Promise<InstalledChannel[]> {
  const scopes = new Set<string>();
  for (const dir of dirs) {
    for (let at = resolve(dir); ; at = dirname(at)) {
      scopes.add(join(at, 'node_modules', '@tocsin'));
      if (dirname(at) === at) break;
    }
  }
  const found = new Map<string, InstalledChannel>();
  for (const scope of scopes) {
    const names = await readdir(scope).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const manifest = await readFile(join(scope, name, 'package.json'), 'utf8').catch(() => '');
      const channel = channelOf(manifest);
      if (channel !== undefined && !found.has(channel.type)) found.set(channel.type, channel);
    }
  }
  return [...found.values()];
}

function channelOf(manifest: string): InstalledChannel | undefined {
  try {
    const said = (JSON.parse(manifest) as { tocsin?: { channel?: unknown; schemes?: unknown } })
      .tocsin;
    if (typeof said?.channel !== 'string') return undefined;
    const schemes = Array.isArray(said.schemes)
      ? said.schemes.filter((scheme): scheme is string => typeof scheme === 'string')
      : [];
    return { type: said.channel, schemes };
  } catch {
    return undefined;
  }
}
