/**
 * Alert timestamps, cheaply. On the machines we measure on, a clock read costs ~110 ns and
 * a Date (a call into V8's C++ Date constructor) ~100 to 150 ns: more than the rest of
 * building an alert. So the manager reads the monotonic clock once per `send` and derives
 * the wall time from that reading; an alert keeps it as a number and makes its own
 * read-only Date the first time `timestamp` is read (see alert.ts).
 */

import { monotonicNow } from './clock.js';

/** A Date whose setters throw: channels of one alert share it, so none may change it for the others. */
class AlertTimestamp extends Date {}
for (const name of Object.getOwnPropertyNames(Date.prototype)) {
  if (!name.startsWith('set')) continue;
  Object.defineProperty(AlertTimestamp.prototype, name, {
    value(): never {
      throw new TypeError(
        `An alert's timestamp is read-only (${name} was called); copy it first: new Date(alert.timestamp)`,
      );
    },
    writable: true,
    configurable: true,
  });
}

/**
 * `Date.now()` minus the monotonic clock. The wall clock is read between two monotonic
 * reads and set against their middle, keeping the closest of three tries: a process paused
 * between two plain reads (a loaded machine) would otherwise shift every timestamp by the
 * pause until the next anchoring.
 */
function clockOffset(): number {
  let offset = 0;
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3 && gap > 0.1; i++) {
    const before = monotonicNow();
    const wall = Date.now();
    const after = monotonicNow();
    if (after - before < gap) {
      gap = after - before;
      offset = wall - (before + after) / 2;
    }
  }
  return offset;
}

/** The offset, re-read at most a second apart. */
let offset = clockOffset();
let anchoredAt = monotonicNow();

/**
 * Epoch milliseconds for a `monotonicNow()` reading. The offset between the two clocks is
 * re-anchored on `Date.now()` whenever a second has passed, so a step of the system clock
 * (NTP, a manual change, a resume) shows in alert timestamps within a second.
 */
export function wallTime(monotonic: number): number {
  if (monotonic - anchoredAt >= 1000 || monotonic < anchoredAt) {
    offset = clockOffset();
    anchoredAt = monotonic;
  }
  return monotonic + offset;
}

/** The read-only timestamp for epoch milliseconds `ms` (truncated to the millisecond, as Date does). */
export function alertTimestamp(ms: number): Date {
  return new AlertTimestamp(ms);
}

/** Epoch milliseconds of a caller's Date, date string or epoch ms; NaN when it is not a date. */
export function toEpochMs(value: Date | string | number): number {
  return value instanceof Date ? value.getTime() : new Date(value).getTime();
}
