import { AlertManager } from '../alert-manager.js';
import type { BurstOptions } from '../alert-manager-options.js';
import type { Clock } from '../clock.js';
import { loadConfig } from '../config/load-config.js';
import type { ChannelConfig } from '../config/tocsin-config.js';
import type { Logger } from '../logger.js';

/**
 * The policy a logging bridge applies to every channel that sets neither `group` nor
 * `burst`: AlpineBits' (threshold 5, buffer 15 min, cooldown 15 min), so an error loop
 * makes a few messages, not thousands; a fatal record skips the buffer.
 */
export const DEFAULT_LOG_POLICY: Readonly<BurstOptions> = Object.freeze({
  threshold: 5,
  buffer: '15m',
  cooldown: '15m',
  bypassLevel: 'critical',
});

/** Where a logging bridge's manager comes from: serialisable, so a worker thread can take it. */
export interface LogManagerOptions {
  /**
   * A config file's path, or its content as an object (`{ alerts: { channels: ... } }`).
   * @default searched for from `cwd`, as `loadConfig` does
   */
  config?: string | object;
  /** The preset to apply. @default the TOCSIN_PRESET environment variable */
  preset?: string;
  /** Where the search starts and relative paths resolve from. @default process.cwd() */
  cwd?: string;
  /**
   * The burst policy of channels that set neither `group` nor `burst`; `false` for none
   * (each record is sent as it comes, still deduplicated and throttled as configured).
   * @default DEFAULT_LOG_POLICY
   */
  policy?: BurstOptions | false;
}

/**
 * Build the manager a logging bridge sends to: load the config, give every channel without
 * its own grouping the log policy, and build the channels.
 * @throws ConfigError naming the file and path, as `loadConfig` and `fromConfig` do.
 */
export async function createLogManager(
  options: LogManagerOptions,
  context: { logger: Logger; clock?: Clock },
): Promise<AlertManager> {
  const { config: source, preset, cwd, policy = DEFAULT_LOG_POLICY } = options;
  const config = await loadConfig(source, {
    logger: context.logger,
    ...(preset === undefined ? {} : { preset }),
    ...(cwd === undefined ? {} : { cwd }),
  });
  if (policy !== false) {
    for (const channel of Object.values(config.channels) as ChannelConfig[]) {
      if (channel.noise.group !== undefined || channel.noise.burst !== undefined) continue;
      // The loaded config is ours alone (just built); its identity carries its secrets, so it
      // is amended in place rather than copied.
      (channel as { noise: ChannelConfig['noise'] }).noise = { ...channel.noise, burst: policy };
    }
  }
  return AlertManager.fromConfig(config, {
    logger: context.logger,
    ...(context.clock === undefined ? {} : { clock: context.clock }),
  });
}
