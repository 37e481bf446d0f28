import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/tsup.base.js';

// `cli` is the bin (ESM, with its shebang); `index` exports `main` for programmatic use.
// shims: the CommonJS build of `index` needs import.meta.url (the CLI finds its bundled
// channel packages from its own location).
export default defineConfig({
  ...packageBuild({ index: 'src/index.ts', cli: 'src/cli.ts' }),
  shims: true,
});
