import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';

let loaded: typeof z | undefined;

/**
 * zod, loaded on first use. Importing it costs more than the rest of core (~90 ms, ~10 MB),
 * and a script that sends plainly valid alerts never needs it: only the slow path of
 * validation, config loading and the JSON Schema do. Synchronous, as those callers are.
 * Exported as `loadZod`: channel packages (through channel-kit) load the same copy.
 */
export function zod(): typeof z {
  loaded ??= load();
  return loaded;
}

function load(): typeof z {
  const require = createRequire(import.meta.url);
  // The ES module build takes zod's ES module build (require(esm)): the one copy that code
  // importing zod shares. The CommonJS build (no import.meta.resolve), or a Node run with
  // require(esm) turned off (the require throws), takes zod's CommonJS build.
  try {
    if (typeof import.meta.resolve === 'function')
      return (require(fileURLToPath(import.meta.resolve('zod'))) as typeof import('zod')).z;
  } catch {
    // Below.
  }
  return (require('zod') as typeof import('zod')).z;
}

/** `build()`, run on the first call and kept: for schemas made only when first needed. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
