import { AlertManager, type Logger, loadConfig, type TocsinConfig } from '@tocsin/core';
import type { CliIo } from './cli-io.js';
import { PACKAGE_DIR } from './package-dir.js';

/** Clamp warnings and the like, on stderr. */
export function cliLogger(io: CliIo): Logger {
  return { warn: (message) => io.stderr.write(`warning: ${message}\n`) };
}

export interface CliConfigOptions {
  config?: string | undefined;
  preset?: string | undefined;
  /** Ignore TOCSIN_PRESET (check --all-presets loads the file without a preset too). */
  noEnvPreset?: boolean;
}

/**
 * Load the config as the command line says: --config, --preset, TOCSIN_PRESET, the working
 * directory. Channel packages are found from the config's directory, then the CLI's own.
 */
export function loadCliConfig(io: CliIo, options: CliConfigOptions): Promise<TocsinConfig> {
  const env = options.noEnvPreset ? { ...io.env, TOCSIN_PRESET: undefined } : io.env;
  return loadConfig(options.config, {
    cwd: io.cwd,
    env,
    ...(options.preset === undefined ? {} : { preset: options.preset }),
    logger: cliLogger(io),
    searchPaths: [PACKAGE_DIR],
  });
}

/** Build every channel of a loaded config; channel packages are found from here too. */
export function buildCliManager(io: CliIo, config: TocsinConfig): Promise<AlertManager> {
  return AlertManager.fromConfig(config, {
    cwd: io.cwd,
    env: io.env,
    logger: cliLogger(io),
    searchPaths: [PACKAGE_DIR],
  });
}
