import type { Alert } from '../alert.js';
import {
  CompiledMatchers,
  type LabelMatcherInput,
  matcherText,
  parseMatchers,
} from '../routing/label-matchers.js';
import type { IncidentStore } from './lifecycle-store.js';

/**
 * Alertmanager's inhibit rule: while an alert matching `sourceMatchers` fires, alerts
 * matching `targetMatchers` with the same values of the `equal` labels are not sent.
 */
export interface InhibitRule {
  readonly sourceMatchers: string | readonly LabelMatcherInput[];
  readonly targetMatchers: string | readonly LabelMatcherInput[];
  /** Labels that must have the same value in both (a label missing from both counts as equal). */
  readonly equal?: readonly string[];
}

interface CompiledRule {
  readonly index: number;
  readonly source: CompiledMatchers;
  readonly target: CompiledMatchers;
  readonly equal: readonly string[];
  /** Firing source alerts by the values of the `equal` labels: fingerprint -> title. */
  readonly sources: Map<string, Map<string, string>>;
}

/** What inhibited an alert, for its result. */
export interface Inhibitor {
  readonly rule: number;
  readonly fingerprint: string;
  readonly title: string;
}

/**
 * The manager's inhibit rules. Each keeps the firing alerts its source matchers match,
 * by the values of its `equal` labels, so checking an alert is one lookup per rule whose
 * target matches it; a source that stopped firing is dropped when next looked at.
 */
export class Inhibitions {
  readonly #rules: CompiledRule[];
  readonly #firing: IncidentStore;

  /** @throws TypeError naming the rule and what is wrong with it */
  constructor(rules: readonly InhibitRule[], firing: IncidentStore) {
    this.#firing = firing;
    this.#rules = rules.map((rule, index) => compile(rule, index));
    if (this.#rules.length > 0) firing.onOpen((alert) => this.#opened(alert));
  }

  get size(): number {
    return this.#rules.length;
  }

  /** The firing alert that inhibits `alert` now, if any. An alert never inhibits itself. */
  inhibitor(alert: Alert, now: number): Inhibitor | undefined {
    for (const rule of this.#rules) {
      if (!rule.target.matches(alert)) continue;
      const sources = rule.sources.get(equalKey(alert, rule.equal));
      if (sources === undefined) continue;
      for (const [fingerprint, title] of sources) {
        if (fingerprint === alert.fingerprint) continue;
        if (this.#firing.isFiring(fingerprint, now))
          return { rule: rule.index, fingerprint, title };
        sources.delete(fingerprint);
      }
    }
    return undefined;
  }

  #opened(alert: Alert): void {
    for (const rule of this.#rules) {
      if (!rule.source.matches(alert)) continue;
      const key = equalKey(alert, rule.equal);
      let sources = rule.sources.get(key);
      if (sources === undefined) {
        sources = new Map();
        rule.sources.set(key, sources);
      }
      sources.set(alert.fingerprint, alert.title);
    }
  }
}

/** One line for a result: `inhibited by "Database down" (fingerprint 037a…; inhibit rule 0)`. */
export function inhibitedReason(inhibitor: Inhibitor): string {
  const title = inhibitor.title.length > 80 ? `${inhibitor.title.slice(0, 80)}…` : inhibitor.title;
  return `inhibited by ${JSON.stringify(title)} (fingerprint ${inhibitor.fingerprint}; inhibit rule ${inhibitor.rule})`;
}

function compile(rule: InhibitRule, index: number): CompiledRule {
  const at = `inhibit rule ${index}`;
  const matchers = (input: InhibitRule['sourceMatchers'] | undefined, name: string) => {
    if (input === undefined) throw new TypeError(`${at}: \`${name}\` is required`);
    try {
      const parsed = parseMatchers(input);
      if (parsed.length === 0) throw new TypeError('needs at least one matcher');
      return new CompiledMatchers(parsed);
    } catch (error) {
      throw new TypeError(`${at}: \`${name}\`: ${(error as Error).message}`);
    }
  };
  const equal = rule.equal ?? [];
  if (!Array.isArray(equal) || equal.some((label) => typeof label !== 'string'))
    throw new TypeError(`${at}: \`equal\` must be a list of label names`);
  return {
    index,
    source: matchers(rule.sourceMatchers, 'sourceMatchers'),
    target: matchers(rule.targetMatchers, 'targetMatchers'),
    equal,
    sources: new Map(),
  };
}

function equalKey(alert: Alert, labels: readonly string[]): string {
  if (labels.length === 0) return '';
  return labels
    .map((label) => (Object.hasOwn(alert.labels, label) ? (alert.labels[label] as string) : ''))
    .join('\u0000');
}

/** Alertmanager's spelling of a rule, for `tocsin check`. */
export function describeInhibitRule(rule: InhibitRule): string {
  const text = (input: InhibitRule['sourceMatchers']) =>
    parseMatchers(input).map(matcherText).join(', ');
  const equal =
    rule.equal === undefined || rule.equal.length === 0
      ? ''
      : ` with equal ${rule.equal.join(', ')}`;
  return `${text(rule.sourceMatchers)} inhibits ${text(rule.targetMatchers)}${equal}`;
}
