import { type Inhibitions, inhibitedReason } from '../lifecycle/inhibition.js';
import { type Silences, silencedReason } from '../lifecycle/silences.js';
import type { Stage } from './stage.js';

/**
 * The manager's lifecycle rules, applied on each entry after its route filter: an alert an
 * active silence matches is `silenced`; one a firing alert inhibits is `inhibited`. Before
 * dedup and grouping, so a stopped alert is not remembered as notified: once the silence
 * ends or the source stops firing, the next alert of its fingerprint notifies.
 */
export function lifecycleStage(silences: Silences, inhibitions: Inhibitions): Stage {
  return {
    name: 'silence and inhibition',
    check(alert, now) {
      const silence = silences.match(alert);
      if (silence !== undefined) return { status: 'silenced', error: silencedReason(silence) };
      if (inhibitions.size === 0) return undefined;
      const inhibitor = inhibitions.inhibitor(alert, now);
      return inhibitor === undefined
        ? undefined
        : { status: 'inhibited', error: inhibitedReason(inhibitor) };
    },
  };
}
