import type { Options } from 'tsup';

/** Shared build: ESM + CJS with declarations, one file per entry, Node 20 target. */
export function packageBuild(entry: Record<string, string>): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    // No source maps: the output is readable JavaScript, and maps were most of each tarball.
    sourcemap: false,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
  };
}
