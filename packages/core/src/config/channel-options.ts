import type { AnyChannelDefinition } from '../channel-definition.js';
import type { ConfigIssue } from '../errors/config-error.js';
import { URL_OPTIONS } from './channel-urls.js';
import { commonChannelShape } from './common-channel-schema.js';
import { issueCollector } from './config-issues.js';
import type { PathSegment } from './config-path.js';
import type { CredentialResolver } from './credential-resolver.js';
import { fileSpelling, fromFileSpelling, snakeCase, toFilePath, unwrap } from './file-options.js';
import { FACTORY_DEFINITIONS } from './find-definitions.js';
import { isPlainObject } from './merge-layers.js';
import { resolveCredential } from './resolve-secrets.js';

/** Keys every instance has, checked by core (`type` and the common schema's); never channel options. */
export function commonKeys(): ReadonlySet<string> {
  keys ??= new Set(['type', ...Object.keys(commonChannelShape())]);
  return keys;
}
let keys: ReadonlySet<string> | undefined;

export interface ChannelOptionsContext {
  resolver: CredentialResolver;
  /** Path relative to `alerts` -> the path a person should look at. */
  locate(path: readonly PathSegment[]): string;
  secrets: Set<string>;
  issues: ConfigIssue[];
}

/**
 * One channel's options from its instance in the file: the common keys left out, the
 * rest turned into the definition's spelling, `credentials: <name>` looked up, then
 * validated by the definition's schema. Problems go to `context.issues` with their path
 * in the file's spelling. Returns the schema's output, or undefined when it failed.
 */
export async function resolveChannelOptions(
  key: string,
  instance: Readonly<Record<string, unknown>>,
  definition: AnyChannelDefinition,
  context: ChannelOptionsContext,
): Promise<Record<string, unknown> | undefined> {
  const at: PathSegment[] = ['channels', key];
  const rest = Object.fromEntries(
    Object.entries(instance).filter(([name]) => !commonKeys().has(name)),
  );
  const factory = FACTORY_DEFINITIONS.has(definition);
  const fromUrl = (instance as { [URL_OPTIONS]?: Record<string, unknown> })[URL_OPTIONS] ?? {};
  const options = (factory ? camelize(rest) : fromFileSpelling(definition.schema, rest)) as Record<
    string,
    unknown
  >;
  // What the file says beside the URL wins over what the URL says.
  for (const [name, value] of Object.entries(fromUrl))
    if (!Object.hasOwn(options, name)) options[name] = value;
  if (factory || takesName(definition)) {
    options.name = typeof instance.name === 'string' ? instance.name : key;
  }
  const before = context.issues.length;
  await fillCredentials(options, definition, at, context);
  if (context.issues.length > before) return undefined;
  if (factory) return options;

  const collector = issueCollector(snakeCase, { input: options, keys: [...commonKeys()] });
  const parsed = definition.schema.safeParse(options, collector.params as never);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  // An option the URL gave is reported at the URL, by its name.
  const issues = collector.toConfigIssues(parsed.error.issues, (path) => {
    const top = path[0];
    if (
      typeof top === 'string' &&
      Object.hasOwn(fromUrl, top) &&
      !Object.hasOwn(rest, snakeCase(top))
    )
      return `${context.locate([...at, 'url'])} (${toFilePath(options, path).join('.')})`;
    return context.locate([...at, ...toFilePath(options, path)]);
  });
  context.issues.push(
    ...issues.map((issue) => ({ ...issue, message: fileSpelling(issue.message) })),
  );
  return undefined;
}

/** Does the schema have a `name` option (then it gets the channel's alias or key)? */
function takesName(definition: AnyChannelDefinition): boolean {
  const d = (unwrap(definition.schema) as unknown as { _zod: { def: { shape?: object } } })._zod
    .def;
  return d.shape !== undefined && Object.hasOwn(d.shape, 'name');
}

async function fillCredentials(
  options: Record<string, unknown>,
  definition: AnyChannelDefinition,
  at: readonly PathSegment[],
  context: ChannelOptionsContext,
): Promise<void> {
  const spec = definition.credentials;
  if (spec === undefined) return;
  const holderPath = typeof spec === 'string' ? [] : spec.at.split('.').filter(Boolean);
  const holder = getPath(options, holderPath);
  if (!isPlainObject(holder) || typeof holder.credentials !== 'string') return;
  const name = holder.credentials;
  delete holder.credentials;
  const target = typeof spec === 'string' ? spec.split('.') : spec.fills(holder).split('.');
  const fileAt = [...at, ...toFilePath(options, holderPath)];
  const [parent, leaf] = [
    getPath(holder, target.slice(0, -1)),
    target[target.length - 1] as string,
  ];
  if (isPlainObject(parent) && parent[leaf] !== undefined) {
    context.issues.push({
      path: context.locate([...fileAt, 'credentials']),
      message: `give either \`${snakeCase(leaf)}\` or \`credentials\`, not both`,
    });
    return;
  }
  const value = await resolveCredential(name, [...fileAt, 'credentials'], context, 'credentials');
  if (value !== undefined) setPath(holder, target, value);
}

function getPath(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const segment of path) node = isPlainObject(node) ? node[segment] : undefined;
  return node;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    if (!isPlainObject(node[segment])) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** Mappings whose keys are data for `channelTypes` factories (no schema to say so). */
const DATA_MAPS = new Set(['headers', 'tags', 'labels']);

/** snake_case keys to camelCase, deeply, for factories registered without a schema. */
export function camelize(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((item) => camelize(item));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = keepKeys
      ? key
      : key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    out[name] = camelize(item, DATA_MAPS.has(key));
  }
  return out;
}

/** camelCase keys to snake_case, deeply (code overrides into the file's spelling); data maps kept. */
export function snakeize(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((item) => snakeize(item));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[keepKeys ? key : snakeCase(key)] = snakeize(item, DATA_MAPS.has(key));
  }
  return out;
}
