import type { z } from 'zod';
import type { PathSegment } from './config-path.js';
import { isPlainObject } from './merge-layers.js';

/*
 * The one rule that turns a channel's keys as a config file spells them into the options
 * its schema takes, directed by that schema (so core knows no channel):
 * - a key of a zod object is accepted in its snake_case spelling (`api_key` -> `apiKey`);
 * - keys of record fields (headers, tags, labels) are data, kept as written;
 * - string forms of numbers and booleans (what `${VAR}` gives) become numbers and booleans
 *   where the schema wants one and takes no string there.
 * Keys the schema does not know are kept as written, so the schema reports them.
 */

type Def = { type: string } & Record<string, unknown>;
type Schema = z.ZodType;

const NUMERIC = /^\s*-?(\d+(\.\d+)?|\.\d+)\s*$/;
/** The file key of each converted object's keys, for turning issue paths back into file paths. */
const FILE_KEYS = new WeakMap<object, Map<string, string>>();

function def(schema: Schema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schema as it reads its input: wrappers, defaults and the input side of pipes removed. */
export function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 32; i++) {
    const d = def(current);
    switch (d.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        current = d.innerType as Schema;
        break;
      case 'pipe': {
        const input = d.in as Schema;
        // z.preprocess: the input side is a bare transform; the output side says the shape.
        current = def(input).type === 'transform' ? (d.out as Schema) : input;
        break;
      }
      case 'lazy':
        current = (d.getter as () => Schema)();
        break;
      default:
        return current;
    }
  }
  return current;
}

/** `apiKey` -> `api_key`, `requireTLS` -> `require_tls`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** The options `schema` takes for `value`, written as a file spells it. */
export function fromFileSpelling(schema: Schema, value: unknown): unknown {
  const inner = unwrap(schema);
  const d = def(inner);
  switch (d.type) {
    case 'object':
      return isPlainObject(value) ? convertObject(d, value) : value;
    case 'record':
      if (!isPlainObject(value)) return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          fromFileSpelling(d.valueType as Schema, item),
        ]),
      );
    case 'array':
      return Array.isArray(value)
        ? value.map((item) => fromFileSpelling(d.element as Schema, item))
        : value;
    case 'union':
      return convertUnion(d.options as Schema[], value);
    case 'intersection':
      return fromFileSpelling(d.right as Schema, fromFileSpelling(d.left as Schema, value));
    case 'number':
      return typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

function convertObject(d: Def, value: Record<string, unknown>): Record<string, unknown> {
  const shape = d.shape as Record<string, Schema>;
  const bySnake = new Map<string, string>();
  for (const key of Object.keys(shape)) bySnake.set(snakeCase(key), key);
  const out: Record<string, unknown> = {};
  const fileKeys = new Map<string, string>();
  for (const [fileKey, item] of Object.entries(value)) {
    const key = Object.hasOwn(shape, fileKey) ? fileKey : (bySnake.get(fileKey) ?? fileKey);
    const field = shape[key] ?? (d.catchall as Schema | undefined);
    out[key] = field === undefined ? item : fromFileSpelling(field, item);
    fileKeys.set(key, fileKey);
  }
  FILE_KEYS.set(out, fileKeys);
  return out;
}

/** Convert through the branch that takes this kind of value (the first that parses, else the first of its kind). */
function convertUnion(options: readonly Schema[], value: unknown): unknown {
  const kinds = options.map((option) => def(unwrap(option)).type);
  if (typeof value === 'string') {
    // A string is kept when any branch takes strings as they are.
    if (kinds.some((kind) => kind === 'string' || kind === 'enum' || kind === 'literal'))
      return value;
  }
  const candidates = options.filter((_, i) => accepts(kinds[i] as string, value));
  if (candidates.length === 0) return value;
  if (candidates.length === 1) return fromFileSpelling(candidates[0] as Schema, value);
  let first: unknown;
  for (const option of candidates) {
    const converted = fromFileSpelling(option, value);
    first ??= converted;
    if (option.safeParse(converted).success) return converted;
  }
  return first;
}

function accepts(kind: string, value: unknown): boolean {
  if (Array.isArray(value)) return kind === 'array' || kind === 'union' || kind === 'tuple';
  if (isPlainObject(value))
    return kind === 'object' || kind === 'record' || kind === 'union' || kind === 'intersection';
  return kind !== 'object' && kind !== 'record' && kind !== 'array';
}

/**
 * An issue path in the options (camelCase) as the file spells it: object keys by the
 * spelling the file used (snake_case for keys it did not give), record keys as they are.
 */
export function toFilePath(options: unknown, path: readonly PropertyKey[]): PathSegment[] {
  const out: PathSegment[] = [];
  let node: unknown = options;
  for (const segment of path) {
    if (typeof segment === 'number') {
      out.push(segment);
      node = Array.isArray(node) ? node[segment] : undefined;
      continue;
    }
    const key = String(segment);
    const keys = typeof node === 'object' && node !== null ? FILE_KEYS.get(node) : undefined;
    if (keys !== undefined) out.push(keys.get(key) ?? snakeCase(key));
    else out.push(isPlainObject(node) ? key : snakeCase(key));
    node = isPlainObject(node) ? node[key] : undefined;
  }
  return out;
}

/** `` `apiKey` must ... `` -> `` `api_key` must ... ``: option names in messages in the file's spelling. */
export function fileSpelling(message: string): string {
  return message.replace(
    /`([a-z]+(?:[A-Z][A-Za-z0-9]*)+)((?:\.[A-Za-z0-9]+)*)(`|[ :.])/g,
    (_, name: string, rest: string, end: string) =>
      `\`${snakeCase(name)}${rest.replace(/\.([A-Za-z0-9]+)/g, (_m, part: string) => `.${snakeCase(part)}`)}${end}`,
  );
}
