import { inspect } from 'node:util';

/** How many links of a `cause` chain are spelled out on their own (inspect shows them all). */
const CAUSES = 10;

/**
 * Every form of `value` a person could come to see, joined: `String` and the stack of it and
 * of each error in its `cause` chain, `inspect` (own and hidden properties, any depth) and
 * `JSON.stringify`. Tests assert that a secret is not in it.
 */
export function shownText(value: unknown): string {
  const forms = [
    String(value),
    inspect(value, { depth: Number.POSITIVE_INFINITY }),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(value) ?? '',
  ];
  let error = value;
  for (let link = 0; link < CAUSES && error instanceof Error; link++) {
    forms.push(String(error), error.stack ?? '');
    error = error.cause;
  }
  return forms.join('\n');
}
