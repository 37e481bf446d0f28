import type { Duration } from '../alert-manager-options.js';
import { applyLimit, DEFAULTS, type LimitContext } from '../limits.js';
import { seconds } from '../noise-options.js';

/**
 * Sentry's alert conditions, per fingerprint: the entry notifies only when one is met.
 * Give at least one.
 */
export interface AlertConditionsOptions {
  /** Notify for the first alert of a fingerprint (a new error). */
  new?: boolean;
  /**
   * Notify when a fingerprint comes back: after `quiet` without an alert of it (`true`: the
   * default 1 h), or after `manager.resolve()` ended its incident.
   */
  regression?: boolean | { quiet?: Duration };
  /**
   * Notify when a fingerprint has `count` alerts within `window` (counted from the first of
   * them); the count then starts again. 1..1,000,000 alerts; 1 s..30 days.
   */
  frequency?: { count: number; window: Duration };
  /**
   * Fingerprints remembered at most; past it the least recently seen is forgotten (its next
   * alert is new again). 1..1,000,000. @default 10,000
   */
  maxFingerprints?: number;
}

/** The conditions, limits applied, durations in ms; undefined for a condition not asked for. */
export interface ConditionSettings {
  readonly new: boolean;
  readonly quietMs: number | undefined;
  readonly frequency: { readonly count: number; readonly windowMs: number } | undefined;
  readonly maxFingerprints: number;
}

/**
 * Read `addChannel`'s `conditions`.
 * @throws TypeError naming the option when one has the wrong shape, or none is asked for
 */
export function readConditions(
  value: AlertConditionsOptions | undefined,
  context: LimitContext,
): ConditionSettings | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('`conditions` must be an object: { new, regression, frequency }');
  const d = DEFAULTS.conditions;
  if (value.new !== undefined && typeof value.new !== 'boolean')
    throw new TypeError(`\`conditions.new\` must be true or false; got ${typeof value.new}`);
  const { regression, frequency } = value;
  let quietMs: number | undefined;
  if (regression === true || (typeof regression === 'object' && regression !== null)) {
    const quiet = regression === true ? d.quiet : (regression.quiet ?? d.quiet);
    quietMs = seconds('conditionQuiet', quiet, 'conditions.regression.quiet', context) * 1000;
  } else if (regression !== undefined && regression !== false)
    throw new TypeError('`conditions.regression` must be true, false or { quiet }');
  let frequencySettings: ConditionSettings['frequency'];
  if (frequency !== undefined) {
    if (typeof frequency !== 'object' || frequency === null || Array.isArray(frequency))
      throw new TypeError('`conditions.frequency` must be { count, window }');
    frequencySettings = {
      count: applyLimit('conditionCount', frequency.count, context),
      windowMs:
        seconds('conditionWindow', frequency.window, 'conditions.frequency.window', context) * 1000,
    };
  }
  if (value.new !== true && quietMs === undefined && frequencySettings === undefined)
    throw new TypeError(
      '`conditions` asks for no condition: set `new: true`, `regression` or `frequency`',
    );
  return {
    new: value.new === true,
    quietMs,
    frequency: frequencySettings,
    maxFingerprints: applyLimit(
      'conditionFingerprints',
      value.maxFingerprints ?? d.maxFingerprints,
      context,
    ),
  };
}
