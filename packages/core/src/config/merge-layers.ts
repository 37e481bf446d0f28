import type { PathSegment } from './config-path.js';

/** One source of settings, lowest precedence first: the file, a preset, code options. */
export interface ConfigLayer {
  /** The layer's tree, in the file layout (snake_case), rooted where `root` says. */
  readonly value: Readonly<Record<string, unknown>>;
  /** Where this layer's root sits, for messages: `['alerts']`, `['alerts', 'presets', 'prod']`. */
  readonly root: readonly PathSegment[];
  /** Named in clamp warnings: `'tocsin.config.yaml'`, `'preset "prod" in tocsin.config.yaml'`. */
  readonly source: string;
}

/** Where a merged value came from. */
export interface Origin {
  readonly path: readonly PathSegment[];
  readonly source: string;
}

/**
 * Deep-merge layers, later over earlier: mappings merge key by key; lists, scalars and
 * other values replace; `null` in a later layer removes the key. The result is fresh
 * objects throughout (layers are not modified).
 */
export function mergeLayers(layers: readonly ConfigLayer[]): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const layer of layers) merged = mergeInto(merged, layer.value);
  return merged;
}

/**
 * Which layer a value at `path` (relative to the layers' roots) came from: for a leaf or a
 * list, the last layer that sets it; for a mapping several layers may add to, the first
 * one that has it (where a missing key is best added).
 */
export function originOf(layers: readonly ConfigLayer[], path: readonly PathSegment[]): Origin {
  let first: ConfigLayer | undefined;
  let last: { layer: ConfigLayer; value: unknown } | undefined;
  for (const layer of layers) {
    const found = lookup(layer.value, path);
    if (!found.present) continue;
    first ??= layer;
    last = { layer, value: found.value };
  }
  const chosen =
    last === undefined ? layers[0] : isPlainObject(last.value) ? (first ?? last.layer) : last.layer;
  if (chosen === undefined) return { path, source: 'config' };
  return { path: [...chosen.root, ...path], source: chosen.source };
}

/** Mappings made of plain objects: YAML/JSON mappings, object literals. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function mergeInto(
  base: Record<string, unknown>,
  over: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) {
      delete out[key];
    } else if (isPlainObject(value)) {
      const current = out[key];
      out[key] = mergeInto(isPlainObject(current) ? current : {}, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Walk `path`; a leaf met on the way means the layer sets everything beneath it. */
function lookup(
  tree: unknown,
  path: readonly PathSegment[],
): { present: boolean; value?: unknown } {
  let node: unknown = tree;
  for (const segment of path) {
    if (Array.isArray(node)) return { present: true, value: node };
    if (!isPlainObject(node)) return { present: node !== undefined && node !== tree, value: node };
    if (!Object.hasOwn(node, segment)) return { present: false };
    node = node[segment as string];
    if (node === null) return { present: true, value: null };
  }
  return { present: true, value: node };
}
