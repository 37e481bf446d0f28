import type { Alert } from '../alert.js';
import type { AlertLevel } from '../alert-level.js';
import type { CompiledMatchers } from '../routing/label-matchers.js';
import type { Halt, Stage } from './stage.js';

const FILTERED: Halt = { status: 'filtered' };

/**
 * Stops alerts this entry is not for: below its `minLevel`, not matching its label
 * matchers, or failing its `when` predicate (a route's path). First in every entry;
 * `send(alert, { channel })` skips it. One shape per combination, so an entry pays only
 * for the checks it has (the hot path of most entries is the level alone).
 */
export function routeFilter(
  minLevel: AlertLevel,
  matchers: CompiledMatchers | undefined,
  when?: (alert: Alert) => boolean,
): Stage {
  if (when !== undefined) {
    if (matchers === undefined)
      return {
        name: 'route filter',
        check: (alert) => (alert.level < minLevel || !when(alert) ? FILTERED : undefined),
      };
    return {
      name: 'route filter',
      check: (alert) =>
        alert.level < minLevel || !matchers.matches(alert) || !when(alert) ? FILTERED : undefined,
    };
  }
  if (matchers === undefined)
    return {
      name: 'level filter',
      check: (alert) => (alert.level < minLevel ? FILTERED : undefined),
    };
  return {
    name: 'route filter',
    check: (alert) => (alert.level < minLevel || !matchers.matches(alert) ? FILTERED : undefined),
  };
}
