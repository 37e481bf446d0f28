/** One scrape in Prometheus' text format, read back: what a Prometheus server would see. */
export interface Exposition {
  /** Sample values by series, `name{a="1",b="2"}` with the labels sorted; `name` without any. */
  readonly samples: ReadonlyMap<string, number>;
  readonly help: ReadonlyMap<string, string>;
  readonly types: ReadonlyMap<string, string>;
  /** The value of one series; undefined when the scrape does not have it. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Every series of a metric name, with their labels. */
  series(name: string): Array<{ labels: Record<string, string>; value: number }>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parse the text format (version 0.0.4); throws on a line that is not one of it. */
export function parseExposition(text: string): Exposition {
  const samples = new Map<string, number>();
  const parsed: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  const help = new Map<string, string>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment !== null) {
      const [, kind, name, rest] = comment as unknown as [string, string, string, string];
      (kind === 'HELP' ? help : types).set(name, rest);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const [, name, labelText = '', valueText] = match as unknown as [
      string,
      string,
      string,
      string,
    ];
    const labels: Record<string, string> = {};
    for (const [, key, value] of labelText.matchAll(LABEL)) labels[key as string] = value as string;
    const value = valueText === '+Inf' ? Infinity : Number(valueText);
    if (Number.isNaN(value)) throw new Error(`not a sample value: ${JSON.stringify(line)}`);
    samples.set(seriesKey(name, labels), value);
    parsed.push({ name, labels, value });
  }
  return {
    samples,
    help,
    types,
    value: (name, labels = {}) => samples.get(seriesKey(name, labels)),
    series: (name) =>
      parsed.filter((s) => s.name === name).map(({ labels, value }) => ({ labels, value })),
  };
}

function seriesKey(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return name;
  return `${name}{${keys.map((key) => `${key}="${labels[key]}"`).join(',')}}`;
}
