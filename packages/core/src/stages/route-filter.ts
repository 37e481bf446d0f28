import type { AlertLevel } from '../alert-level.js';
import type { CompiledMatchers } from '../routing/label-matchers.js';
import type { Halt, Stage } from './stage.js';

const FILTERED: Halt = { status: 'filtered' };

/**
 * Stops alerts this entry is not for: below its `minLevel`, or not matching its label
 * matchers. First in every entry; `send(alert, { channel })` skips it.
 */
export function routeFilter(minLevel: AlertLevel, matchers: CompiledMatchers | undefined): Stage {
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
