import { loadZod } from '@tocsin/core';
import type { z } from 'zod';

/** A required option that may also be given under an alias, and what to say when neither is. */
export interface AliasedOption {
  /** The other accepted name (kstlib's `recipients` for `to`). */
  readonly alias: string;
  /** What is expected, for the message: `'at least one recipient'`. */
  readonly expected: string;
  /** Whether one of the two names is required. @default true */
  readonly required?: boolean;
}

/**
 * Accept each option under a second name (as kstlib spelled it): both may not be given;
 * a required one must be given under one of them. The output holds the option's own name
 * only. The schema's shape must have both names, optional.
 */
export function withAliases<
  S extends z.ZodObject,
  const A extends Readonly<Record<string, AliasedOption>>,
>(schema: S, aliases: A) {
  return schema
    .check(
      loadZod().superRefine(
        (value: Record<string, unknown>, ctx) => {
          if (typeof value !== 'object' || value === null) return;
          for (const [name, { alias, expected, required = true }] of Object.entries(aliases)) {
            const given = [name, alias].filter((key) => value[key] !== undefined);
            if (given.length > 1) {
              ctx.addIssue({
                code: 'custom',
                path: [alias],
                message: `give either \`${name}\` or \`${alias}\`, not both`,
              });
            } else if (given.length === 0 && required) {
              ctx.addIssue({
                code: 'custom',
                path: [name],
                message: `\`${name}\` is required: ${expected} (\`${name}\` or \`${alias}\`)`,
              });
            }
          }
        },
        { when: () => true },
      ),
    )
    .transform((value) => {
      const out: Record<string, unknown> = { ...value };
      for (const [name, { alias }] of Object.entries(aliases)) {
        if (out[alias] !== undefined) out[name] = out[alias];
        delete out[alias];
      }
      return out as Aliased<z.output<S>, A>;
    });
}

type Aliased<O, A> = Omit<
  O,
  { [K in keyof A]: A[K] extends { alias: infer L extends string } ? L : never }[keyof A]
> & {
  [K in keyof A & keyof O as A[K] extends { required: false } ? never : K]-?: Exclude<
    O[K],
    undefined
  >;
};
