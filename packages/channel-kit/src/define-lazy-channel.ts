import type { ChannelDefinition } from '@tocsin/core';
import type { z } from 'zod';

/**
 * `defineChannel` for a schema built on first use (`lazy`): the definition's `schema` is a
 * getter, so zod and the schema are built only when config loading asks for them.
 */
export function defineLazyChannel<Type extends string, Schema extends z.ZodType>(
  definition: Omit<ChannelDefinition<Type, z.output<Schema>>, 'schema'> & {
    lazySchema: () => Schema;
  },
): ChannelDefinition<Type, z.output<Schema>> {
  const { lazySchema, ...rest } = definition;
  return Object.defineProperty(rest, 'schema', { get: lazySchema, enumerable: true }) as Omit<
    typeof rest,
    'schema'
  > & { readonly schema: Schema };
}
