import {
  type AnyChannelDefinition,
  ConfigError,
  type ConfigIssue,
  loadConfig,
  maskConfig,
  type TocsinConfig,
} from '@tocsin/core';

/** A channel's entries of a config file, loaded through core's loader and its definition alone. */
export interface ChannelConfig {
  /** Load `alerts.channels: <channels>`, `${VAR}` read from `env`. */
  load(channels: Record<string, unknown>, env?: Record<string, string>): Promise<TocsinConfig>;
  /**
   * The issues of the `ConfigError` that loading `channels` raises. Throws when it loads, when
   * it fails otherwise, or when a secret shows in the issues or in the error's message.
   */
  issues(
    channels: Record<string, unknown>,
    env?: Record<string, string>,
  ): Promise<readonly ConfigIssue[]>;
  /**
   * The line `tocsin check` prints for channel `name` of a loaded `config`: the definition's
   * `describeTarget` of the channel's masked options ('' when the definition has none).
   */
  target(config: TocsinConfig, name: string): string;
}

/**
 * What a channel package's config tests load through: `definition` as the only code
 * definition, and `secrets` (tokens, keys, URL parts) that no refusal may repeat.
 */
export function channelConfig(
  definition: AnyChannelDefinition,
  secrets: readonly string[],
): ChannelConfig {
  const load = (channels: Record<string, unknown>, env: Record<string, string> = {}) =>
    loadConfig({ alerts: { channels } }, { definitions: [definition], env });
  return {
    load,
    async issues(channels, env = {}) {
      const error = await load(channels, env).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      if (!ConfigError.isInstance(error))
        throw new Error(`expected a ConfigError, got ${String(error)}`);
      const shown = `${String(error)}\n${JSON.stringify(error.issues)}`;
      const leaked = secrets.findIndex((secret) => shown.includes(secret));
      if (leaked >= 0) throw new Error(`the ConfigError shows secrets[${leaked}]`);
      return error.issues;
    },
    target(config, name) {
      const masked = maskConfig(config) as {
        channels: Record<string, { options: Record<string, unknown> } | undefined>;
      };
      const options = masked.channels[name]?.options;
      if (options === undefined) throw new Error(`no channel ${name} in the config`);
      return definition.describeTarget?.(options) ?? '';
    },
  };
}
