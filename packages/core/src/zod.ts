import { createRequire } from 'node:module';
import type { z } from 'zod';

let loaded: typeof z | undefined;

/**
 * zod, loaded on first use. Importing it costs more than the rest of core (~90 ms, ~10 MB),
 * and a script that sends plainly valid alerts never needs it: only the slow path of
 * validation, config loading and the JSON Schema do. Synchronous, as those callers are.
 */
export function zod(): typeof z {
  loaded ??= (createRequire(import.meta.url)('zod') as typeof import('zod')).z;
  return loaded;
}

/** `build()`, run on the first call and kept: for schemas made only when first needed. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
