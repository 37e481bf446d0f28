import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const pkg = (path: string) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));

/** Every package of packages/ with a source entry: `@tocsin/<dir>` is `packages/<dir>`. */
const sourcePackages = readdirSync(pkg('')).filter((dir) => existsSync(pkg(`${dir}/src/index.ts`)));

/**
 * Tests run against the packages' sources, not their dist/, so a change in core is seen
 * by every channel's tests at once and no test depends on a build being fresh.
 */
export const sharedTestConfig: ViteUserConfig = {
  resolve: {
    alias: [
      { find: /^@tocsin\/test-kit\/vitest$/, replacement: pkg('test-kit/src/vitest.ts') },
      {
        find: new RegExp(`^@tocsin/(${sourcePackages.join('|')})$`),
        replacement: pkg('$1/src/index.ts'),
      },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Real servers on 127.0.0.1: keep the file-level parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
};
