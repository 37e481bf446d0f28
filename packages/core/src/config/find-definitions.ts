import type { Channel } from '../channel.js';
import type { AnyChannelDefinition } from '../channel-definition.js';
import { zod } from '../zod.js';
import type { ChannelFactory } from './channel-factory.js';
import { CHANNEL_PACKAGES } from './channel-packages.js';
import { didYouMeanSuffix } from './did-you-mean.js';
import { importChannelPackage, PackageNotFound } from './import-channel-package.js';

/** Where definitions come from: code first, then the package of each type in the table. */
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

/** Every type a config may name: those in code, then those of the table. */
export function knownTypes(code: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...Object.keys(CHANNEL_PACKAGES), ...code.keys()])];
}

/**
 * The definition of `type`: from code, else imported from its package (`@tocsin/<type>`).
 * @returns the definition, or a message for the config error (never a value from the file).
 */
export async function findDefinition(
  type: string,
  code: ReadonlyMap<string, AnyChannelDefinition>,
  load: (name: string) => Promise<Record<string, unknown>>,
): Promise<AnyChannelDefinition | string> {
  const given = code.get(type);
  if (given !== undefined) return given;
  const name = CHANNEL_PACKAGES[type];
  if (name === undefined) {
    const known = knownTypes(code);
    const shown = type.length > 30 ? `${type.slice(0, 30)}…` : type;
    return `unknown channel type "${shown}": expected ${known.join(', ')}, or a type registered in code with \`definitions\`${didYouMeanSuffix(type, known)}`;
  }
  let module: Record<string, unknown>;
  try {
    module = await load(name);
  } catch (error) {
    if (error instanceof PackageNotFound)
      return `channel type "${type}" needs the package ${name}, which is not installed: npm install ${name}`;
    return `${name} failed to load: ${firstLine(error)}`;
  }
  const definition = module.channelDefinition as AnyChannelDefinition | undefined;
  if (!isDefinition(definition) || definition.type !== type) {
    return `${name} does not export a \`channelDefinition\` of type "${type}"; is it a version that matches @tocsin/core?`;
  }
  return definition;
}

/** A memoising importer over `dirs`: each package is imported once per load. */
export function packageLoader(
  dirs: readonly string[],
): (name: string) => Promise<Record<string, unknown>> {
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  return (name) => {
    let pending = modules.get(name);
    if (pending === undefined) {
      pending = importChannelPackage(name, dirs);
      modules.set(name, pending);
    }
    return pending;
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
