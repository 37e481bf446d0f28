import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/tsup.base.js';

export default defineConfig(packageBuild({ index: 'src/index.ts' }));
