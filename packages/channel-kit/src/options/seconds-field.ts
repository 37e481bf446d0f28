import { loadZod, parseDuration } from '@tocsin/core';

const DURATION = /^\s*((\d+(\.\d+)?|\.\d+)\s*|((\d+(\.\d+)?|\.\d+)\s*(ms|s|m|h|d)\s*)+)$/;

/**
 * A number of seconds, also written as a config file does: `"30s"`, `"5m"`, `"1h30m"`,
 * `"500ms"` or `"30"` (from `${VAR}`). Output: seconds, a number > 0 and <= `max`.
 */
export function secondsField(option: string, max: number) {
  const z = loadZod();
  return z
    .union(
      [
        z.number({ error: `\`${option}\` must be a number of seconds` }),
        z
          .string()
          .regex(DURATION, `\`${option}\` must be seconds or a duration such as "30s", "5m"`),
      ],
      { error: `\`${option}\` must be a number of seconds or a duration such as "30s"` },
    )
    .transform((value) => parseDuration(value) as number)
    .pipe(
      z
        .number()
        .positive(`\`${option}\` must be > 0 seconds`)
        .max(max, `\`${option}\` is in seconds and must be <= ${max}`),
    );
}
