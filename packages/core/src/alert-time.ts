/**
 * Alert timestamps, cheaply. On the machines we measure on, a clock read costs ~110 ns and
 * `new Date()` ~200 ns: more than all the rest of building an alert. So the manager reads
 * the monotonic clock once per `send`, derives the wall time from that reading, and alerts
 * made in the same millisecond share one read-only Date.
 */

import { monotonicNow } from './clock.js';

/** A Date whose setters throw: one instance may be shared by many alerts, so none may change it. */
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

let lastMs = Number.NaN;
let last: Date = new AlertTimestamp(0);

/** The read-only timestamp for epoch milliseconds `ms` (truncated to the millisecond, as Date does). */
export function alertTimestamp(ms: number): Date {
  const whole = Math.floor(ms);
  if (whole !== lastMs) {
    last = new AlertTimestamp(whole);
    lastMs = whole;
  }
  return last;
}

/** A read-only copy of a caller's Date (or date string or epoch ms); Invalid Date when it is not one. */
export function toAlertTimestamp(value: Date | string | number): Date {
  return new AlertTimestamp(value instanceof Date ? value.getTime() : new Date(value).getTime());
}
