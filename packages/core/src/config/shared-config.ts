import type { Clock } from '../clock.js';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import type { Logger } from '../logger.js';
import { redact } from '../redact.js';
import type { AnySharedStateDefinition, SharedState } from '../shared-state-definition.js';
import { urlSecrets } from '../url-secrets.js';
import { issueCollector } from './config-issues.js';
import type { PathSegment } from './config-path.js';
import { fileSpelling, fromFileSpelling, snakeCase, toFilePath } from './file-options.js';
import { type ChannelPackages, PACKAGE_TYPE } from './find-definitions.js';
import { PackageNotFound } from './import-channel-package.js';
import { isPlainObject } from './merge-layers.js';
import { forEachAt } from './option-paths.js';

/** `alerts.shared` of a loaded config: the package's options, in code spelling, checked. */
export interface SharedConfig {
  /** `alerts.shared.type`: the package `@tocsin/<type>`. */
  readonly type: string;
  /** What the definition's `create` receives (its schema's output), secrets in clear. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Option paths the definition calls secret (`url`). */
  readonly secretPaths: readonly string[];
  /** Where it sits in the file (a preset's path when the preset set the type). */
  readonly path: string;
}

const DEFINITIONS = new WeakMap<SharedConfig, AnySharedStateDefinition>();

export interface SharedResolveContext {
  readonly packages: ChannelPackages;
  /** Path relative to `alerts` -> the path a person should look at. */
  locate(path: readonly PathSegment[]): string;
  /** Every secret value found here is added, so no message shows it. */
  readonly secrets: Set<string>;
  readonly issues: ConfigIssue[];
}

/**
 * `alerts.shared` as the file (after presets and secrets) gives it: its package's
 * definition found and its options checked. Undefined when off, or when a problem was
 * recorded in `context.issues`.
 */
export async function resolveShared(
  raw: unknown,
  context: SharedResolveContext,
): Promise<SharedConfig | undefined> {
  // Anything else than a mapping with a type is the config schema's to report.
  if (!isPlainObject(raw) || typeof raw.type !== 'string' || raw.type === '') return undefined;
  const type = raw.type;
  const found = await findSharedDefinition(type, context.packages);
  if (typeof found === 'string') {
    context.issues.push({ path: context.locate(['shared', 'type']), message: found });
    return undefined;
  }
  const { type: _type, ...rest } = raw;
  const options = fromFileSpelling(found.schema, rest) as Record<string, unknown>;
  // Before the schema speaks: its messages, and everything after, must not show them.
  for (const path of found.secrets ?? [])
    forEachAt(options, path.split('.'), (value) => {
      for (const part of secretParts(value)) context.secrets.add(part);
    });

  const collector = issueCollector(snakeCase, { input: options, keys: ['type'] });
  const parsed = found.schema.safeParse(options, collector.params as never);
  if (!parsed.success) {
    const issues = collector.toConfigIssues(parsed.error.issues, (path) =>
      context.locate(['shared', ...toFilePath(options, path)]),
    );
    context.issues.push(
      ...issues.map((issue) => ({ ...issue, message: fileSpelling(issue.message) })),
    );
    return undefined;
  }
  const shared: SharedConfig = {
    type,
    options: parsed.data as Record<string, unknown>,
    secretPaths: found.secrets ?? [],
    path: context.locate(['shared']),
  };
  DEFINITIONS.set(shared, found);
  return shared;
}

/** What `fromConfig` passes to the definition's `create`, besides the options. */
export interface SharedBuildContext {
  readonly file: string | undefined;
  readonly resolveTimeout: number;
  readonly logger: Logger;
  readonly clock: Clock | undefined;
  /** The config's secret values, kept out of the error. */
  readonly secrets: readonly string[];
}

/**
 * Make the state `shared` describes, with the definition `loadConfig` found for it.
 * @throws ConfigError naming the file and `alerts.shared` when it cannot be made.
 */
export async function createSharedState(
  shared: SharedConfig,
  context: SharedBuildContext,
): Promise<SharedState> {
  const definition = DEFINITIONS.get(shared);
  const fail = (message: string) =>
    new ConfigError('Cannot make the shared state', {
      ...(context.file ? { file: context.file } : {}),
      issues: [{ path: shared.path, message }],
    });
  if (definition === undefined) {
    throw fail('no definition for this shared state: give fromConfig a config loadConfig() made');
  }
  try {
    return await definition.create(
      { ...shared.options },
      {
        resolveTimeout: context.resolveTimeout,
        logger: context.logger,
        clock: context.clock,
        file: context.file,
      },
    );
  } catch (error) {
    // Not as `cause`: the store's own error may repeat what it was given, password and all.
    const secrets = [...context.secrets];
    for (const path of shared.secretPaths)
      forEachAt(shared.options, path.split('.'), (value) => secrets.push(...secretParts(value)));
    secrets.sort((a, b) => b.length - a.length);
    const said = String((error as Error)?.message ?? error).split('\n')[0] ?? '';
    throw fail(fileSpelling(redact(said.slice(0, 300), secrets)));
  }
}

/** The definition of `type`, from the package named for it; or a message for the config error. */
async function findSharedDefinition(
  type: string,
  packages: ChannelPackages,
): Promise<AnySharedStateDefinition | string> {
  const name = `@tocsin/${type}`;
  if (!PACKAGE_TYPE.test(type))
    return 'expected the type of a shared-state package: `type: <t>` is the package @tocsin/<t> (lower case letters, digits and dashes)';
  let module: Record<string, unknown>;
  try {
    module = await packages.load(name);
  } catch (error) {
    if (error instanceof PackageNotFound)
      return `shared state type "${type}" needs the package ${name}, which is not installed: npm install ${name}`;
    return `${name} failed to load: ${String((error as Error)?.message ?? error)
      .split('\n')[0]
      ?.slice(0, 300)}`;
  }
  const definition = module.sharedStateDefinition as AnySharedStateDefinition | undefined;
  if (
    typeof definition?.create !== 'function' ||
    definition.type !== type ||
    typeof (definition.schema as { safeParse?: unknown } | undefined)?.safeParse !== 'function'
  ) {
    return `${name} does not export a \`sharedStateDefinition\` of type "${type}": it keeps no shared state, or its version does not match @tocsin/core`;
  }
  return definition;
}

/** A secret string, and each part of it that may be secret when it is a URL (its password). */
function secretParts(value: unknown): string[] {
  const text = value instanceof URL ? value.href : value;
  if (typeof text !== 'string' || text === '') return [];
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    return [text];
  }
  return [text, ...urlSecrets(url)];
}
