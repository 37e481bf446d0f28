import { it } from 'vitest';
import { mustFailForMissing, type SystemBinary } from './system-binary.js';

/**
 * Call at a test file's top level, beside `describe.skipIf(!binary.path)(...)`: under
 * `CI=true` without `binary` it registers a test that fails with how to install it; on a
 * machine without it, it says on stderr that `skipped` was left out. With the binary it
 * registers nothing, so the run reports no skipped test.
 */
export function failInCiWhenMissing(binary: SystemBinary, skipped: string): void {
  if (mustFailForMissing(binary, skipped))
    it(`finds ${binary.name} (CI installs it)`, () => {
      throw new Error(binary.missing);
    });
}
