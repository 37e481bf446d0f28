import type { TimeInterval } from '../lifecycle/time-intervals.js';
import type { Halt, Stage } from './stage.js';

/**
 * Alertmanager's mute and active time intervals on one entry: an alert that comes while
 * the time is inside a mute interval, or outside every active interval (when the entry has
 * some), is `muted`. Before dedup, so the first alert after the window notifies.
 */
export function timeWindowStage(
  mute: readonly TimeInterval[],
  active: readonly TimeInterval[],
  wallAt: (now: number) => number,
): Stage {
  const outside: Halt = {
    status: 'muted',
    error: `muted: outside the active time intervals ${active.map((i) => JSON.stringify(i.name)).join(', ')}`,
  };
  const inside = new Map(
    mute.map((interval) => [
      interval,
      {
        status: 'muted',
        error: `muted: inside the time interval ${JSON.stringify(interval.name)}`,
      } as Halt,
    ]),
  );
  return {
    name: 'time window',
    check(_alert, now) {
      const wall = wallAt(now);
      for (const [interval, halt] of inside) if (interval.contains(wall)) return halt;
      if (active.length > 0 && !active.some((interval) => interval.contains(wall))) return outside;
      return undefined;
    },
  };
}
