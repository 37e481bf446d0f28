import type { AlertLevel } from '../alert-level.js';
import type { Halt, Stage } from './stage.js';

const FILTERED: Halt = { status: 'filtered' };

/** Stops alerts below the entry's `minLevel`. First in every entry; `send(alert, { channel })` skips it. */
export function levelFilter(minLevel: AlertLevel): Stage {
  return {
    name: 'level filter',
    check: (alert) => (alert.level < minLevel ? FILTERED : undefined),
  };
}
