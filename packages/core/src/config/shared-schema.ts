import { lazy, zod } from '../zod.js';
import { got, textField } from './schema-fields.js';

/** `alerts.shared`: where replicas keep what they share, or false (each keeps its own, in memory). */
export const sharedSchema = lazy(() => {
  const z = zod();
  return z
    .union(
      [
        z
          .looseObject({
            type: textField('the type of a shared-state package').describe(
              'The package that keeps the shared state: `type: <t>` is the package @tocsin/<t>, found as channel packages are.',
            ),
          })
          .describe("The type and the package's own options (checked by its schema)"),
        z.literal(false).describe('Everything in memory, in each process'),
      ],
      {
        error: (issue) =>
          `expected a mapping { type, ...the package's options } or false; ${got(issue.input)}`,
      },
    )
    .describe(
      'State replicas share (throttles, deduplication, groups, silences, firing alerts) through a store package; false or absent: in memory, per process',
    );
});
