import type { Alert } from '../alert.js';

/** How a matcher compares, as Alertmanager writes it: equal, not equal, regex, not regex. */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** One condition on one label: `service="api"`, `env!~"dev|test"`. */
export interface LabelMatcher {
  readonly name: string;
  readonly operator: MatchOperator;
  readonly value: string;
}

/** A matcher as written: Alertmanager's text (`service=~"api|web"`) or the object. */
export type LabelMatcherInput = string | LabelMatcher;

/** Names matchers may use besides the alert's labels (a label of the same name wins). */
export const MATCHER_PSEUDO_LABELS = {
  /** The level's lower-case name: `level="critical"`. */
  level: (alert: Alert) => alert.levelName.toLowerCase(),
  /** The title, as Alertmanager's `alertname`. */
  alertname: (alert: Alert) => alert.title,
} as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const MATCHER = /^\s*([^\s=!~"]+)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;
const MAX_VALUE = 1000;

/**
 * Read matchers as Alertmanager writes them: a list, or one string holding several
 * (`{service="api", env!="dev"}`, braces and quotes optional). A regex is anchored at both
 * ends, as in Alertmanager: `service=~"api|web"` does not match `api-gateway`.
 * @throws TypeError naming the matcher and what was expected
 */
export function parseMatchers(input: string | readonly LabelMatcherInput[]): LabelMatcher[] {
  const list = typeof input === 'string' ? splitMatchers(input) : input;
  return list.map((item) => (typeof item === 'string' ? parseMatcher(item) : checked(item)));
}

/** One matcher: `name="value"`, `name!=value`, `name=~"re"`, `name!~"re"`. */
export function parseMatcher(text: string): LabelMatcher {
  const found = MATCHER.exec(text);
  if (found === null) {
    throw new TypeError(
      `matcher ${quote(text)}: expected <label><op><value> with op =, !=, =~ or !~ (service="api")`,
    );
  }
  const [, name, operator, raw] = found as unknown as [string, string, MatchOperator, string];
  return checked({ name, operator, value: unquote(raw, text) });
}

/** Alertmanager's spelling of a matcher: `service=~"api|web"`. */
export function matcherText(matcher: LabelMatcher): string {
  return `${matcher.name}${matcher.operator}${JSON.stringify(matcher.value)}`;
}

/**
 * Matchers compiled once: `matches(alert)` is true when every matcher holds. A label the
 * alert does not have is the empty string, as in Alertmanager (`env!="prod"` matches it).
 */
export class CompiledMatchers {
  readonly matchers: readonly LabelMatcher[];
  readonly #tests: ReadonlyArray<(alert: Alert) => boolean>;

  constructor(matchers: readonly LabelMatcher[]) {
    this.matchers = matchers;
    this.#tests = matchers.map(compile);
  }

  matches(alert: Alert): boolean {
    for (const test of this.#tests) if (!test(alert)) return false;
    return true;
  }

  /** Does this set match an alert with no labels at all (everything)? */
  matchesEmpty(): boolean {
    return this.matchers.every((matcher) => compile(matcher)(EMPTY));
  }

  toString(): string {
    return `{${this.matchers.map(matcherText).join(', ')}}`;
  }
}

const EMPTY = { labels: {}, levelName: '', title: '' } as unknown as Alert;

function compile(matcher: LabelMatcher): (alert: Alert) => boolean {
  const { name, operator, value } = matcher;
  const pseudo = Object.hasOwn(MATCHER_PSEUDO_LABELS, name)
    ? MATCHER_PSEUDO_LABELS[name as keyof typeof MATCHER_PSEUDO_LABELS]
    : undefined;
  const read = (alert: Alert) =>
    Object.hasOwn(alert.labels, name) ? (alert.labels[name] as string) : (pseudo?.(alert) ?? '');
  switch (operator) {
    case '=':
      return (alert) => read(alert) === value;
    case '!=':
      return (alert) => read(alert) !== value;
    default: {
      const regex = new RegExp(`^(?:${value})$`, 'u');
      return operator === '=~'
        ? (alert) => regex.test(read(alert))
        : (alert) => !regex.test(read(alert));
    }
  }
}

function checked(matcher: LabelMatcher): LabelMatcher {
  const shown = quote(`${String(matcher.name)}${String(matcher.operator)}${String(matcher.value)}`);
  if (typeof matcher.name !== 'string' || !NAME.test(matcher.name))
    throw new TypeError(
      `matcher ${shown}: the label name must be letters, digits, _ . or -, not starting with a digit`,
    );
  if (!['=', '!=', '=~', '!~'].includes(matcher.operator))
    throw new TypeError(`matcher ${shown}: the operator must be =, !=, =~ or !~`);
  if (typeof matcher.value !== 'string' || matcher.value.length > MAX_VALUE)
    throw new TypeError(
      `matcher ${shown}: the value must be a string of at most ${MAX_VALUE} characters`,
    );
  if (matcher.operator === '=~' || matcher.operator === '!~') {
    try {
      new RegExp(matcher.value, 'u');
    } catch (error) {
      throw new TypeError(
        `matcher ${shown}: not a valid regular expression (${(error as Error).message})`,
      );
    }
  }
  return Object.freeze({ name: matcher.name, operator: matcher.operator, value: matcher.value });
}

/** `{a="x", b=~"y,z"}` or `a=x, b!=y`: split on commas outside quotes. */
function splitMatchers(text: string): string[] {
  let inner = text.trim();
  if (inner.startsWith('{') && inner.endsWith('}')) inner = inner.slice(1, -1);
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i] as string;
    if (char === '\\' && quoted) {
      current += char + (inner[i + 1] ?? '');
      i++;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim() !== '' || out.length > 0) out.push(current);
  return out.filter((part) => part.trim() !== '');
}

function unquote(raw: string, text: string): string {
  if (!raw.startsWith('"')) return raw;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'string') return value;
  } catch {
    // reported below
  }
  throw new TypeError(`matcher ${quote(text)}: the quoted value is not closed or has a bad escape`);
}

function quote(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(cut);
}
