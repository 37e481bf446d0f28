import { dirname, resolve as resolvePath } from 'node:path';
import type { AnyChannelDefinition } from '../channel-definition.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { defaultLogger, type Logger } from '../logger.js';
import { commonKeys, resolveChannelOptions, snakeize } from './channel-options.js';
import { expandChannelUrls } from './channel-urls.js';
import { issueCollector } from './config-issues.js';
import { formatPath, type PathSegment } from './config-path.js';
import { buildConfigSchema, type ConfigFile, presetsSchema } from './config-schema.js';
import { type CredentialResolver, envCredentialResolver } from './credential-resolver.js';
import { didYouMeanSuffix } from './did-you-mean.js';
import { loadJs, loadJson, loadTs, loadYaml } from './file-loaders.js';
import { channelPackages, codeDefinitions, findDefinition } from './find-definitions.js';
import { type ConfigLayer, isPlainObject, mergeLayers, originOf } from './merge-layers.js';
import { resolveConfig } from './resolve-config.js';
import { resolveSecrets } from './resolve-secrets.js';
import { resolveShared } from './shared-config.js';
import { sealConfig, type TocsinConfig } from './tocsin-config.js';

/** Where `loadConfig()` looks, in each directory from `cwd` up to the project root. */
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.tocsinrc',
  '.tocsinrc.json',
  '.tocsinrc.yaml',
  '.tocsinrc.yml',
  '.tocsinrc.js',
  '.tocsinrc.cjs',
  '.tocsinrc.mjs',
  '.tocsinrc.ts',
  'tocsin.config.js',
  'tocsin.config.ts',
  'tocsin.config.mjs',
  'tocsin.config.cjs',
  'tocsin.config.json',
  'tocsin.config.yaml',
  'tocsin.config.yml',
] as const;

/** Settings given in code: highest precedence, under the hard limits like everything else. */
export interface ConfigOverrides {
  throttle?: { rate?: number; per?: number | string; burst?: number; shared?: boolean } | false;
  /** Default seconds per attempt for every channel. */
  timeout?: number | string;
  /** Default retries for every channel. */
  maxRetries?: number;
  /** Per channel key: `{ minLevel, throttle, timeout, maxRetries, enabled, ...options }` in code spelling. */
  channels?: Record<string, Record<string, unknown>>;
}

export interface LoadConfigOptions {
  /** Where a search starts and relative paths are resolved from. @default process.cwd() */
  cwd?: string;
  /** The preset to apply. @default the TOCSIN_PRESET environment variable */
  preset?: string;
  /** Environment for `${VAR}`, TOCSIN_PRESET and the default resolver. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Answers `credentials: <name>` and `!secret <name>`. @default the environment */
  resolver?: CredentialResolver;
  /** Settings in code, over the file and the preset. */
  overrides?: ConfigOverrides;
  /**
   * Channel definitions given in code (a third-party channel, or one to use instead of the
   * installed package): they validate, type and build the channels of their `type`.
   */
  definitions?: readonly AnyChannelDefinition[];
  /**
   * Channel types registered in code with a bare factory (no schema: keys camelCased and
   * passed on), or only their names when the config is loaded but not built.
   */
  channelTypes?: Readonly<Record<string, unknown>> | readonly string[];
  /**
   * More directories to import channel packages from, after the config file's directory
   * and `cwd` (a CLI passes its own, so its bundled channels are found).
   */
  searchPaths?: readonly string[];
  /** Receives the clamp warnings. @default process.emitWarning */
  logger?: Logger;
}

/**
 * Find, read and resolve a Tocsin config. `source` is a file path, the file's content as
 * an object (`{ alerts: { ... } }`), or absent to search from `cwd` (see
 * `CONFIG_SEARCH_PLACES`). Returns the config with the preset applied, secrets resolved,
 * everything validated and the hard limits enforced.
 * @throws ConfigError naming the file, every failing path and what was expected.
 */
export async function loadConfig(
  source?: string | object,
  options: LoadConfigOptions = {},
): Promise<TocsinConfig> {
  const cwd = resolvePath(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const { raw, file } = await readSource(source, cwd, Boolean(env.TOCSIN_CHANNELS?.trim()));
  return resolveRaw(raw, file, { ...options, cwd, env });
}

async function readSource(
  source: string | object | undefined,
  cwd: string,
  channelsInEnv: boolean,
): Promise<{ raw: unknown; file: string | undefined }> {
  if (typeof source === 'object' && source !== null) return { raw: source, file: undefined };
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig('tocsin', {
    searchPlaces: [...CONFIG_SEARCH_PLACES],
    searchStrategy: 'project',
    cache: false,
    loaders: {
      '.yaml': loadYaml,
      '.yml': loadYaml,
      noExt: loadYaml,
      '.json': loadJson,
      '.js': loadJs,
      '.mjs': loadJs,
      '.cjs': loadJs,
      '.ts': loadTs,
      '.mts': loadTs,
      '.cts': loadTs,
    },
  });
  let result: Awaited<ReturnType<typeof explorer.load>>;
  if (typeof source === 'string') {
    const file = resolvePath(cwd, source);
    try {
      result = await explorer.load(file);
    } catch (error) {
      throw readError(error, file);
    }
    if (result === null) {
      throw new ConfigError('No `tocsin` key', {
        file,
        issues: [{ path: 'tocsin', message: 'missing: package.json has no `tocsin` key' }],
      });
    }
  } else {
    try {
      result = await explorer.search(cwd);
    } catch (error) {
      throw readError(error, (error as { filepath?: string }).filepath ?? cwd);
    }
    // TOCSIN_CHANNELS alone is a config: its channels with every default.
    if (result === null && channelsInEnv) return { raw: { alerts: {} }, file: undefined };
    if (result === null) {
      throw new ConfigError(
        `No Tocsin config found from ${cwd} up to the project root (looked for package.json#tocsin, ${CONFIG_SEARCH_PLACES.slice(1).join(', ')}); pass a path with --config or loadConfig(path)`,
      );
    }
  }
  if (result.isEmpty) {
    throw new ConfigError('The config file is empty', {
      file: result.filepath,
      issues: [{ path: 'alerts', message: 'missing: expected the `alerts` mapping' }],
    });
  }
  let raw: unknown = result.config;
  if (typeof raw === 'function') raw = await (raw as () => unknown)();
  return { raw, file: result.filepath };
}

function readError(error: unknown, file: string): ConfigError {
  if (ConfigError.isInstance(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ConfigError('Config file not found', { file });
  if (code === 'EISDIR')
    return new ConfigError('The config path is a directory, not a file', { file });
  const message = String((error as Error)?.message ?? error);
  if (message.startsWith('No loader specified')) {
    return new ConfigError('Unknown config file extension', {
      file,
      issues: [
        {
          path: '',
          message:
            'expected .yaml, .yml, .json, .js, .mjs, .cjs, .ts, package.json or a file without extension (read as YAML)',
        },
      ],
    });
  }
  return new ConfigError('Cannot read the config', {
    file,
    issues: [{ path: '', message: `${code ?? 'error'}` }],
  });
}

interface ResolveOptions extends LoadConfigOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

async function resolveRaw(
  raw: unknown,
  file: string | undefined,
  options: ResolveOptions,
): Promise<TocsinConfig> {
  const code = codeDefinitions(options);
  const schema = buildConfigSchema([...code.keys()]);
  const fail = (issues: ConfigIssue[]) =>
    new ConfigError('Invalid Tocsin config', { ...(file ? { file } : {}), issues });

  if (!isPlainObject(raw) || !isPlainObject(raw.alerts)) {
    const collector = issueCollector();
    const parsed = schema.safeParse(raw, collector.params as never);
    const issues = parsed.success ? [] : collector.toConfigIssues(parsed.error.issues, formatPath);
    throw fail(
      issues.length > 0
        ? issues
        : [{ path: 'alerts', message: 'missing: expected the `alerts` mapping' }],
    );
  }

  const { presets: rawPresets, ...alerts } = raw.alerts;
  const { alerts: _alerts, ...rootRest } = raw;
  const presetNames = isPlainObject(rawPresets) ? Object.keys(rawPresets) : [];
  const wanted = options.preset || options.env.TOCSIN_PRESET || undefined;
  const issues: ConfigIssue[] = [];
  const label = file ?? 'the config object';

  // The other presets are checked for unknown keys too: a typo in prod should not wait for prod.
  if (rawPresets !== undefined) {
    const others = isPlainObject(rawPresets)
      ? Object.fromEntries(
          Object.entries(rawPresets).filter(
            ([name, value]) => name !== wanted || !isPlainObject(value),
          ),
        )
      : rawPresets;
    const collector = issueCollector();
    const parsed = presetsSchema().safeParse(others, collector.params as never);
    if (!parsed.success) {
      const structural = parsed.error.issues.filter(
        (issue) => issue.code === 'unrecognized_keys' || issue.path.length <= 1,
      );
      issues.push(
        ...collector.toConfigIssues(structural, (path) =>
          formatPath(['alerts', 'presets', ...path]),
        ),
      );
    }
  }
  if (wanted !== undefined && !presetNames.includes(wanted)) {
    throw fail([
      ...issues,
      {
        path: 'alerts.presets',
        message: `unknown preset "${wanted}"${options.preset === undefined ? ' (from TOCSIN_PRESET)' : ''}: ${presetNames.length > 0 ? `defined presets are ${presetNames.join(', ')}` : 'the file defines no presets'}${didYouMeanSuffix(wanted, presetNames)}`,
      },
    ]);
  }

  const layers: ConfigLayer[] = [{ value: alerts, root: ['alerts'], source: label }];
  const chosen = wanted === undefined ? undefined : (rawPresets as Record<string, unknown>)[wanted];
  if (wanted !== undefined && isPlainObject(chosen)) {
    layers.push({ value: chosen, root: ['alerts', 'presets', wanted], source: label });
  }
  layers.push(...envChannelLayers(options.env.TOCSIN_CHANNELS, mergeLayers(layers)));
  if (options.overrides !== undefined) {
    layers.push({
      value: overridesLayer(options.overrides),
      root: ['overrides'],
      source: 'code options (overrides)',
    });
  }
  const locate = (path: readonly PathSegment[]) => formatPath(originOf(layers, path).path);
  const merged = lowercaseTypes(mergeLayers(layers));

  const resolver = options.resolver ?? envCredentialResolver(options.env);
  const secrets = new Set<string>();
  const secretIssues: ConfigIssue[] = [];
  const interpolated = new Set<string>();
  const secretContext = {
    env: options.env,
    resolver,
    baseDir: file ? dirname(file) : options.cwd,
    locate,
    secrets,
    interpolated,
    issues: secretIssues,
  };
  // A disabled channel is not built: its secrets are not looked up (a preset may disable a
  // channel whose variables that environment does not set). Only its common keys are read.
  const disabled = await disabledChannels(merged, secretContext);
  const active = withoutDisabledOptions(merged, disabled);
  const resolved = (await resolveSecrets(active, secretContext)) as Record<string, unknown>;
  // Values from the environment are kept out of messages too (a password under the wrong key).
  const unsayable = new Set([...secrets, ...interpolated]);
  if (secretIssues.length > 0) throw redacted(fail([...issues, ...secretIssues]), unsayable);

  const packages = channelPackages([
    ...(file ? [dirname(file)] : []),
    options.cwd,
    ...(options.searchPaths ?? []),
  ]);
  if (isPlainObject(resolved.channels)) {
    await expandChannelUrls(resolved.channels, { code, packages, locate, secrets, issues });
  }

  const collector = issueCollector();
  const parsed = schema.safeParse({ ...rootRest, alerts: resolved }, collector.params as never);
  if (!parsed.success) {
    issues.push(
      ...collector.toConfigIssues(parsed.error.issues, (path) =>
        path[0] === 'alerts' ? locate(path.slice(1)) : formatPath(path),
      ),
    );
  }

  // Each enabled channel with a type: its definition (from code or its package), then its
  // options. Done even when the common keys had problems, so every problem is reported.
  const channelsTree = isPlainObject(resolved.channels) ? resolved.channels : {};
  const instances = Object.entries(channelsTree).filter(
    (entry): entry is [string, Record<string, unknown>] =>
      isPlainObject(entry[1]) && typeof entry[1].type === 'string' && !disabled.has(entry[0]),
  );
  const definitions = new Map<string, AnyChannelDefinition>();
  const channelOptions = new Map<
    string,
    { options: Record<string, unknown>; secrets: readonly string[] }
  >();
  for (const [key, instance] of instances) {
    const type = String(instance.type);
    let definition = definitions.get(type);
    if (definition === undefined) {
      const found = await findDefinition(type, code, packages);
      if (typeof found === 'string') {
        issues.push({ path: locate(['channels', key, 'type']), message: found });
        continue;
      }
      definition = found;
      definitions.set(type, definition);
    }
    const built = await resolveChannelOptions(key, instance, definition, {
      resolver,
      locate,
      secrets,
      issues,
    });
    if (built !== undefined)
      channelOptions.set(key, { options: built, secrets: definition.secrets ?? [] });
  }
  // `alerts.shared`: its package found as a channel's is, its options checked by its schema.
  const shared = await resolveShared(resolved.shared, { packages, locate, secrets, issues });
  const unsayableNow = new Set([...secrets, ...interpolated]);
  if (issues.length > 0) throw redacted(fail(issues), unsayableNow);

  const config = await resolveConfig((parsed.data as ConfigFile).alerts, {
    file,
    preset: wanted,
    presets: presetNames,
    logger: options.logger ?? defaultLogger,
    resolver,
    originOf: (path) => originOf(layers, path),
    channelOptions,
    issues,
  });
  if (issues.length > 0) throw redacted(fail(issues), unsayableNow);
  return sealConfig(shared === undefined ? config : { ...config, shared }, secrets, definitions);
}

/** The keys of channels whose `enabled` is false (after `${VAR}` in it is replaced). */
async function disabledChannels(
  tree: Record<string, unknown>,
  context: Parameters<typeof resolveSecrets>[1],
): Promise<Set<string>> {
  const out = new Set<string>();
  const channels = tree.channels;
  if (!isPlainObject(channels)) return out;
  for (const [key, value] of Object.entries(channels)) {
    if (!isPlainObject(value) || value.enabled === undefined) continue;
    const enabled = await resolveSecrets(value.enabled, {
      ...context,
      issues: [],
      locate: () => '',
    });
    if (enabled === false || enabled === 'false') out.add(key);
  }
  return out;
}

/** The tree with only the common keys of disabled channels (the rest is neither resolved nor checked). */
function withoutDisabledOptions(
  tree: Record<string, unknown>,
  disabled: ReadonlySet<string>,
): Record<string, unknown> {
  if (disabled.size === 0 || !isPlainObject(tree.channels)) return tree;
  const channels: Record<string, unknown> = { ...tree.channels };
  for (const key of disabled) {
    const instance = channels[key] as Record<string, unknown>;
    channels[key] = Object.fromEntries(
      Object.entries(instance).filter(([name]) => commonKeys().has(name)),
    );
  }
  return { ...tree, channels };
}

/** Code options in the file's spelling, as one more layer. */
function overridesLayer(overrides: ConfigOverrides): Record<string, unknown> {
  const { throttle, timeout, maxRetries, channels } = overrides;
  const layer: Record<string, unknown> = {};
  if (throttle !== undefined) layer.throttle = snakeize(throttle);
  const channelLayer: Record<string, unknown> = {};
  if (timeout !== undefined) channelLayer.timeout = timeout;
  if (maxRetries !== undefined) channelLayer.max_retries = maxRetries;
  for (const [key, value] of Object.entries(channels ?? {})) channelLayer[key] = snakeize(value);
  if (Object.keys(channelLayer).length > 0) layer.channels = channelLayer;
  return layer;
}

/** kstlib read `type` case-insensitively. */
function lowercaseTypes(tree: Record<string, unknown>): Record<string, unknown> {
  const channels = tree.channels;
  if (!isPlainObject(channels)) return tree;
  for (const value of Object.values(channels)) {
    if (isPlainObject(value) && typeof value.type === 'string')
      value.type = value.type.trim().toLowerCase();
  }
  return tree;
}

/** Last line of defence: a secret value that slipped into a message is replaced. */
function redacted(error: ConfigError, secrets: ReadonlySet<string>): ConfigError {
  if (secrets.size === 0) return error;
  const list = [...secrets].sort((a, b) => b.length - a.length);
  const issues = error.issues.map((issue) => ({
    path: issue.path,
    message: scrub(issue.message, list),
  }));
  return new ConfigError('Invalid Tocsin config', {
    ...(error.file ? { file: error.file } : {}),
    issues,
  });
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

/**
 * `TOCSIN_CHANNELS`: channel URLs separated by spaces, each a layer `{ channels: { <key>: { url } } }`.
 * The key is the URL's `name` query key, else its scheme (`chat` for chat://…), made unique
 * against the channels already defined (`chat-2`).
 */
function envChannelLayers(
  value: string | undefined,
  defined: Readonly<Record<string, unknown>>,
): ConfigLayer[] {
  const urls = value?.trim().split(/\s+/).filter(Boolean) ?? [];
  const taken = new Set(isPlainObject(defined.channels) ? Object.keys(defined.channels) : []);
  return urls.map((url, index) => {
    const named = /[?&]name=([^&#]+)/.exec(url)?.[1];
    const base =
      named === undefined
        ? (/^([a-z][a-z0-9.-]*)(?:\+[^:]*)?:/i.exec(url)?.[1] ?? 'channel')
        : decodeURIComponent(named);
    let key = base.toLowerCase();
    for (let n = 2; taken.has(key); n += 1) key = `${base.toLowerCase()}-${n}`;
    taken.add(key);
    return {
      value: { channels: { [key]: { url } } },
      root: ['TOCSIN_CHANNELS', index],
      source: 'TOCSIN_CHANNELS',
    };
  });
}
