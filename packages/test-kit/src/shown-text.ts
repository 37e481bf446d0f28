import { inspect } from 'node:util';

/**
 * Every form of `value` a person could come to see, joined: `String`, the stack, `inspect`
 * (own and hidden properties, any depth, `cause` included) and `JSON.stringify`. Tests
 * assert that a secret is not in it.
 */
export function shownText(value: unknown): string {
  const forms = [
    String(value),
    value instanceof Error ? (value.stack ?? '') : '',
    inspect(value, { depth: Number.POSITIVE_INFINITY }),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(value) ?? '',
  ];
  return forms.join('\n');
}
