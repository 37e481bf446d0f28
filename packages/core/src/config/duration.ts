const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
};
const PART = /(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)/gy;
const PLAIN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*$/;

/** What a duration string looks like, for messages and the JSON Schema. */
export const DURATION_HINT =
  'seconds as a number, or a string such as "30s", "5m", "1h", "500ms", "1m30s"';

/** The JSON Schema `pattern` of a duration string (a plain number of seconds or unit parts). */
export const DURATION_PATTERN =
  '^\\s*((\\d+(\\.\\d+)?|\\.\\d+)\\s*|((\\d+(\\.\\d+)?|\\.\\d+)\\s*(ms|s|m|h|d)\\s*)+)$';

/**
 * Read a duration as seconds: a number is seconds already; a string is either a plain
 * number (`"30"`, from an environment variable) or unit parts (`"30s"`, `"5m"`, `"1h30m"`,
 * `"500ms"`, `"1d"`). Returns undefined when `value` is neither; NaN and infinite numbers
 * are returned as they are (the hard limits reject them).
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const plain = PLAIN.exec(value);
  if (plain) return Number(plain[1]);
  const text = value.trim();
  if (text === '') return undefined;
  let seconds = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const match = PART.exec(text);
    if (match === null || match.index !== start) return undefined;
    seconds += Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
    while (text[PART.lastIndex] === ' ') PART.lastIndex++;
  }
  return seconds;
}

/**
 * Seconds as a config file would write them, in the largest whole unit: `14400` -> `4h`,
 * `300` -> `5m`, `90` -> `90s`, `1.5` -> `1.5s`. What `parseDuration` reads back.
 */
export function durationText(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  return `${Number(seconds.toFixed(3))}s`;
}
