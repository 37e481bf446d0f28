import { createRequire } from 'node:module';

let loaded: typeof import('croner') | undefined;

/**
 * croner, the cron library heartbeats and scheduled reports share, loaded when the first
 * cron schedule is made: core's import does not pay for it.
 */
export function croner(): typeof import('croner') {
  loaded ??= createRequire(import.meta.url)('croner') as typeof import('croner');
  return loaded;
}

/** Whether `zone` is an IANA time zone this Node knows (`'Europe/Berlin'`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
