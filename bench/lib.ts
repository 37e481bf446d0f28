/** Small timing helpers shared by the bench suites: medians of repeated runs, Markdown rows. */

/** Run `fn` (which does `ops` operations) `rounds` times after a warm-up; median ns per op. */
export async function nsPerOp(
  fn: () => Promise<void> | void,
  ops: number,
  rounds = 7,
): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / ops);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

/**
 * Measure `ours` and `base` in alternating rounds, so both see the same machine (this kind
 * of VM has noisy neighbours). Medians of ns per op for each, and the median of the
 * per-round differences: the overhead, robust to a round that a neighbour slowed down; and
 * the median per-round overhead as a multiple of the baseline.
 */
export async function interleaved(
  ours: () => Promise<void> | void,
  base: () => Promise<void> | void,
  ops: number,
  rounds = 15,
): Promise<{ ours: number; base: number; overhead: number; relative: number }> {
  await ours();
  await base();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const [fn, out] of i % 2
      ? ([
          [base, b],
          [ours, a],
        ] as const)
      : ([
          [ours, a],
          [base, b],
        ] as const)) {
      const start = process.hrtime.bigint();
      await fn();
      out.push(Number(process.hrtime.bigint() - start) / ops);
    }
  }
  const median = (xs: number[]) =>
    [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
  return {
    ours: median(a),
    base: median(b),
    overhead: median(a.map((x, i) => x - (b[i] as number))),
    // The overhead in units of the baseline's own time, per round: this VM switches between
    // speed states (the baseline itself runs ~1.8x faster in one), and a ratio carries over.
    relative: median(a.map((x, i) => (x - (b[i] as number)) / (b[i] as number))),
  };
}

export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
