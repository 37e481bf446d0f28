/**
 * The candidate closest to `input` when it is close enough to be a likely typo
 * (Damerau-Levenshtein distance at most 1 for short words, 2 from five letters, 3 from
 * ten), case and `-`/`_` differences ignored. Undefined when nothing is close.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const needle = normalise(input);
  const budget = needle.length >= 10 ? 3 : needle.length >= 5 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = editDistance(needle, normalise(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (bestDistance <= budget) return best;
  // A truncated or re-suffixed word (`max_retry` for `max_retries`).
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const other = normalise(candidate);
    const common = commonPrefix(needle, other);
    if (common >= 4 && common >= Math.min(needle.length, other.length) - 1) return candidate;
  }
  return undefined;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** `' (did you mean "recipients"?)'` or `''`. */
export function didYouMeanSuffix(input: string, candidates: Iterable<string>): string {
  const match = didYouMean(input, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}

function normalise(word: string): string {
  return word.toLowerCase().replace(/-/g, '_');
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (d[(i - 2) * cols + j - 2] as number) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1] as number;
}
