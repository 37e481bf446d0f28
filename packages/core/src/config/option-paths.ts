import { isPlainObject } from './merge-layers.js';

/**
 * Visit the values at a dotted option path split into keys (`*` for every key of a
 * mapping): how a definition's `secrets` paths (`['url']`, `['headers.*']`) find their values.
 */
export function forEachAt(
  node: unknown,
  path: readonly string[],
  visit: (value: unknown) => void,
): void {
  if (path.length === 0) {
    visit(node);
    return;
  }
  if (!isPlainObject(node)) return;
  const [head, ...rest] = path as [string, ...string[]];
  const keys = head === '*' ? Object.keys(node) : [head];
  for (const key of keys) if (Object.hasOwn(node, key)) forEachAt(node[key], rest, visit);
}
