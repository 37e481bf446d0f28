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

/** `Date.now() - monotonicNow()`, re-read at most a second apart. */
let offset = Date.now() - monotonicNow();
let anchoredAt = monotonicNow();

/**
 * Epoch milliseconds for a `monotonicNow()` reading. The offset between the two clocks is
 * re-anchored on `Date.now()` whenever a second has passed, so a step of the system clock
 * (NTP, a manual change, a resume) shows in alert timestamps within a second.
 */
export function wallTime(monotonic: number): number {
  if (monotonic - anchoredAt >= 1000 || monotonic < anchoredAt) {
    offset = Date.now() - monotonicNow();
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
