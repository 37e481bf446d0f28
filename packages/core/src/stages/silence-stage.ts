import { type Silences, silencedReason } from '../lifecycle/silences.js';
import type { Stage } from './stage.js';

/**
 * Stops an alert an active silence matches: status `silenced`, with the silence's id and
 * comment as the reason. Before dedup and grouping, so a silenced alert is not remembered
 * as notified: once the silence ends, the next alert of its fingerprint notifies.
 */
export function silenceStage(silences: Silences): Stage {
  return {
    name: 'silence',
    check(alert) {
      const silence = silences.match(alert);
      return silence === undefined
        ? undefined
        : { status: 'silenced', error: silencedReason(silence) };
    },
  };
}
