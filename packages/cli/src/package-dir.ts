import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This package's directory: channel packages are also resolved from here, so the ones the
 * CLI depends on are found wherever the config file is.
 */
export const PACKAGE_DIR = dirname(fileURLToPath(import.meta.url));
