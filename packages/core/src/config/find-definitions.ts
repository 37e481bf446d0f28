import type { Channel } from '../channel.js';
import type { AnyChannelDefinition } from '../channel-definition.js';
import { zod } from '../zod.js';
import type { ChannelFactory } from './channel-factory.js';
import { didYouMean } from './did-you-mean.js';
import {
  type InstalledChannel,
  importChannelPackage,
  installedChannels,
  PackageNotFound,
} from './import-channel-package.js';

/** Where definitions come from: code first, then the package named for the type (`@tocsin/<type>`). */
export interface DefinitionSources {
  readonly definitions?: readonly AnyChannelDefinition[] | undefined;
  /** Factories registered in code by type, or just the type names (validation only). */
  readonly channelTypes?: Readonly<Record<string, unknown>> | readonly string[] | undefined;
  /** Directories to import channel packages from, in order. */
  readonly dirs: readonly string[];
}

/** Definitions made from `channelTypes` factories: any keys, camelCased as before. */
export const FACTORY_DEFINITIONS = new WeakSet<object>();

function factoryDefinition(
  type: string,
  factory: ChannelFactory | undefined,
): AnyChannelDefinition {
  const definition: AnyChannelDefinition = {
    type,
    schema: zod().looseObject({}),
    create(options, context) {
      if (factory === undefined) {
        throw new TypeError(
          `no factory for channel type "${type}": register one with \`channelTypes\` or \`definitions\``,
        );
      }
      return factory(options, context) as Channel | Promise<Channel>;
    },
  };
  FACTORY_DEFINITIONS.add(definition);
  return definition;
}

/** The definitions given in code, by type (a later one replaces an earlier one). */
export function codeDefinitions(
  sources: Omit<DefinitionSources, 'dirs'>,
): Map<string, AnyChannelDefinition> {
  const out = new Map<string, AnyChannelDefinition>();
  for (const definition of sources.definitions ?? []) out.set(definition.type, definition);
  const types = sources.channelTypes;
  if (Array.isArray(types)) {
    for (const type of types as readonly string[])
      out.set(type, factoryDefinition(type, undefined));
  } else if (types !== undefined) {
    for (const [type, factory] of Object.entries(types))
      out.set(type, factoryDefinition(type, factory as ChannelFactory));
  }
  return out;
}

/** A type that can name a package: lower case letters, digits and dashes. */
export const PACKAGE_TYPE = /^[a-z][a-z0-9-]{0,49}$/;

/** Where channel packages are looked for, and how they are imported (memoised). */
export interface ChannelPackages {
  readonly load: (name: string) => Promise<Record<string, unknown>>;
  /** The types of the channel packages installed where `load` looks (for messages). */
  readonly installed: () => Promise<readonly string[]>;
  /** Which installed type reads each URL scheme, as their manifests say. */
  readonly schemes: () => Promise<ReadonlyMap<string, string>>;
}

/**
 * The definition of `type`: from code, else imported from the package named for it,
 * `@tocsin/<type>`. Core keeps no list of channels: installing a channel package is what
 * makes its type known.
 * @returns the definition, or a message for the config error (never a value from the file).
 */
export async function findDefinition(
  type: string,
  code: ReadonlyMap<string, AnyChannelDefinition>,
  packages: ChannelPackages,
): Promise<AnyChannelDefinition | string> {
  const given = code.get(type);
  if (given !== undefined) return given;
  const name = `@tocsin/${type}`;
  let module: Record<string, unknown>;
  try {
    if (!PACKAGE_TYPE.test(type)) throw new PackageNotFound(`${type} names no package`);
    module = await packages.load(name);
  } catch (error) {
    if (error instanceof PackageNotFound) return unknownType(type, code, packages);
    return `${name} failed to load: ${firstLine(error)}`;
  }
  const definition = module.channelDefinition as AnyChannelDefinition | undefined;
  if (!isDefinition(definition) || definition.type !== type) {
    return `${name} does not export a \`channelDefinition\` of type "${type}"; is it a version that matches @tocsin/core?`;
  }
  return definition;
}

/** The message for a type with no definition in code and no package installed. */
async function unknownType(
  type: string,
  code: ReadonlyMap<string, AnyChannelDefinition>,
  packages: ChannelPackages,
): Promise<string> {
  const known = [...new Set([...(await packages.installed()), ...code.keys()])];
  const shown = type.length > 30 ? `${type.slice(0, 30)}…` : type;
  const listed = known.length === 0 ? '' : ` (known: ${known.join(', ')})`;
  const guess = didYouMean(type, known);
  if (guess !== undefined)
    return `unknown channel type "${shown}": did you mean "${guess}"?${listed}`;
  if (!PACKAGE_TYPE.test(type))
    return `unknown channel type "${shown}": expected the type of an installed channel package, or one registered in code with \`definitions\`${listed}`;
  return `channel type "${type}" needs the package @tocsin/${type}, which is not installed: npm install @tocsin/${type}${listed}`;
}

/** Channel packages seen from `dirs`: each imported once per load, the installed ones listed on demand. */
export function channelPackages(dirs: readonly string[]): ChannelPackages {
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  let installed: Promise<readonly InstalledChannel[]> | undefined;
  const manifests = () => {
    installed ??= installedChannels(dirs);
    return installed;
  };
  return {
    load(name) {
      let pending = modules.get(name);
      if (pending === undefined) {
        pending = importChannelPackage(name, dirs);
        modules.set(name, pending);
      }
      return pending;
    },
    async installed() {
      return (await manifests()).map((channel) => channel.type);
    },
    async schemes() {
      const out = new Map<string, string>();
      for (const channel of await manifests())
        for (const scheme of channel.schemes) if (!out.has(scheme)) out.set(scheme, channel.type);
      return out;
    },
  };
}

function isDefinition(value: unknown): value is AnyChannelDefinition {
  const candidate = value as Partial<AnyChannelDefinition> | undefined;
  return (
    typeof candidate?.type === 'string' &&
    typeof candidate.create === 'function' &&
    typeof (candidate.schema as { safeParse?: unknown } | undefined)?.safeParse === 'function'
  );
}

function firstLine(error: unknown): string {
  return (String((error as Error)?.message ?? error).split('\n')[0] ?? '').slice(0, 300);
}
